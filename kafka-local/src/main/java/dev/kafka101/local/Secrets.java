package dev.kafka101.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps passwords and SASL secrets out of everything the lab prints. */
public final class Secrets {
    public static final String HIDDEN = "[hidden]";

    private Secrets() {}

    /** True for settings whose value is a secret: JAAS strings, passwords, keys, tokens. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("jaas")
                || k.contains("secret")
                || k.contains("token")
                || k.endsWith(".key")
                || k.contains("credential");
    }

    public static String mask(String key, String value) {
        return isSecret(key) ? HIDDEN : value;
    }

    /**
     * Replaces any secret value of {@code props} that appears inside {@code text}: whole values (a JAAS line), and
     * also the secret options inside a JAAS line ({@code password="..."}), so a message that quotes only the
     * password is scrubbed too. A JAAS option that reads an environment variable ({@code ${env:NAME}}, Kafka's
     * {@code EnvVarConfigProvider}) has that variable's value scrubbed as well.
     */
    public static String scrub(String text, Properties props) {
        if (text == null) {
            return null;
        }
        List<String> secrets = new ArrayList<>();
        for (String key : props.stringPropertyNames()) {
            String v = props.getProperty(key);
            if (isSecret(key) && v != null) {
                secrets.add(v);
                if (key.toLowerCase(Locale.ROOT).contains("jaas")) {
                    secrets.addAll(jaasSecrets(v));
                }
                secrets.addAll(environmentValues(v));
            }
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed()); // the whole JAAS line before its parts
        String out = text;
        for (String secret : secrets) {
            if (secret.length() >= 3) {
                out = out.replace(secret, HIDDEN);
            }
        }
        return out;
    }

    /** The values of the secret options of a JAAS line: {@code password="..."} and the like. */
    public static List<String> jaasSecrets(String jaasConfig) {
        List<String> values = new ArrayList<>();
        Matcher m = JAAS_OPTION.matcher(jaasConfig);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2) : m.group(3);
            if ((isSecret(m.group(1)) || m.group(1).startsWith("user_")) && value != null && !value.isEmpty()) {
                values.add(value);
                values.addAll(environmentValues(value));
            }
        }
        return values;
    }

    /** The user name in a JAAS line ({@code username="..."}), if any: not a secret, and worth printing in errors. */
    public static Optional<String> jaasUser(String jaasConfig) {
        if (jaasConfig == null) {
            return Optional.empty();
        }
        Matcher m = JAAS_OPTION.matcher(jaasConfig);
        while (m.find()) {
            if (m.group(1).equals("username")) {
                String v = m.group(2) != null ? m.group(2) : m.group(3);
                return Optional.ofNullable(v).filter(u -> !u.contains("${"));
            }
        }
        return Optional.empty();
    }

    private static List<String> environmentValues(String value) {
        List<String> values = new ArrayList<>();
        Matcher m = ENV_REFERENCE.matcher(value);
        while (m.find()) {
            String v = System.getenv(m.group(1));
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    private static final Pattern JAAS_OPTION =
            Pattern.compile("([A-Za-z0-9_.-]+)\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;\"]+))");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:(?:[^}:]*:)?([A-Za-z0-9_]+)}");
}
