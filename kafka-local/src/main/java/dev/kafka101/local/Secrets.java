package dev.kafka101.local;

import java.util.Locale;
import java.util.Properties;

/** Keeps passwords and SASL secrets out of everything the lab prints. */
public final class Secrets {
    public static final String HIDDEN = "[hidden]";

    private Secrets() {
    }

    /** True for settings whose value is a secret: JAAS strings, passwords, keys, tokens. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.endsWith(".key") || k.contains("credential");
    }

    public static String mask(String key, String value) {
        return isSecret(key) ? HIDDEN : value;
    }

    /** Replaces any secret value of {@code props} that appears inside {@code text}. */
    public static String scrub(String text, Properties props) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String key : props.stringPropertyNames()) {
            String v = props.getProperty(key);
            if (isSecret(key) && v != null && v.length() >= 3) {
                out = out.replace(v, HIDDEN);
            }
        }
        return out;
    }
}
