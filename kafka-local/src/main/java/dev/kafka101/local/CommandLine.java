package dev.kafka101.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of a demo main, parsed strictly: an unknown flag or a missing value is a {@link BadInputException}
 * with a one-line message, never a silent default.
 *
 * <p>Every demo main accepts the connection flags {@code --bootstrap-server host:port}, {@code --command-config file},
 * {@code --brokers N} and {@code --embedded}; a demo adds its own with {@link #withValue} and {@link #withSwitch}.
 */
public final class CommandLine {
    public static final String BOOTSTRAP_SERVER = "--bootstrap-server";
    public static final String COMMAND_CONFIG = "--command-config";
    public static final String BROKERS = "--brokers";
    /** A private cluster in this JVM instead of the shared one (as {@code KAFKA101_EMBEDDED=true}). */
    public static final String EMBEDDED = "--embedded";

    private final Map<String, String> valueFlags = new LinkedHashMap<>();
    private final Map<String, String> switches = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> switchesOn = new LinkedHashSet<>();
    private final List<java.util.function.Consumer<CommandLine>> checks = new ArrayList<>();
    private String program = "demo";

    private CommandLine(boolean connectionFlags) {
        if (connectionFlags) {
            withValue(BOOTSTRAP_SERVER, "host:port[,host:port] of the cluster to use");
            withValue(
                    COMMAND_CONFIG,
                    "client.properties file: bootstrap.servers, security settings, any client property");
            withValue(
                    BROKERS,
                    "brokers the demo needs when no cluster is configured: 1, or 3 (a shared 3-broker cluster"
                            + " if one runs, else a private one)");
            withSwitch(EMBEDDED, "a private cluster in this JVM, stopped with the demo (also: KAFKA101_EMBEDDED=true)");
        }
    }

    /** A spec with the connection flags only. */
    public static CommandLine spec(String program) {
        CommandLine c = new CommandLine(true);
        c.program = program;
        return c;
    }

    /** A spec without the connection flags: for mains that are not Kafka clients (LocalKafkaCluster). */
    public static CommandLine bare(String program) {
        CommandLine c = new CommandLine(false);
        c.program = program;
        return c;
    }

    public CommandLine withValue(String flag, String help) {
        valueFlags.put(flag, help);
        return this;
    }

    public CommandLine withSwitch(String flag, String help) {
        switches.put(flag, help);
        return this;
    }

    /**
     * A check of the flags' values that {@link #parse} runs last (throwing {@link BadInputException}): a typo then
     * costs one line before anything starts, not after a cluster start.
     */
    public CommandLine withCheck(java.util.function.Consumer<CommandLine> check) {
        checks.add(check);
        return this;
    }

    /** Parses {@code --flag value}, {@code --flag=value} and switches; throws {@link BadInputException}. */
    public CommandLine parse(String... args) {
        List<String> list = new ArrayList<>(List.of(args == null ? new String[0] : args));
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested(usage());
            }
            String flag = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (switches.containsKey(flag)) {
                if (inline != null) {
                    throw new BadInputException(flag + " takes no value");
                }
                switchesOn.add(flag);
            } else if (valueFlags.containsKey(flag)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= list.size() || list.get(i + 1).startsWith("--")) {
                        throw new BadInputException(flag + " needs a value (" + valueFlags.get(flag) + ")");
                    }
                    value = list.get(++i);
                }
                if (value.isBlank()) {
                    throw new BadInputException(flag + " needs a value (" + valueFlags.get(flag) + ")");
                }
                values.put(flag, value);
            } else {
                throw new BadInputException("unknown argument '" + arg + "' (" + program + " --help lists the flags)");
            }
        }
        checks.forEach(check -> check.accept(this));
        return this;
    }

    public Optional<String> value(String flag) {
        return Optional.ofNullable(values.get(flag));
    }

    public String value(String flag, String fallback) {
        return values.getOrDefault(flag, fallback);
    }

    /** An integer flag within [min, max]; a bad number is a {@link BadInputException}. */
    public int intValue(String flag, int fallback, int min, int max) {
        String v = values.get(flag);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new BadInputException(flag + " must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException(flag + " must be a whole number, was '" + v + "'");
        }
    }

    /** A long flag within [min, max]. */
    public long longValue(String flag, long fallback, long min, long max) {
        String v = values.get(flag);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new BadInputException(flag + " must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException(flag + " must be a whole number, was '" + v + "'");
        }
    }

    public boolean isOn(String flag) {
        return switchesOn.contains(flag);
    }

    /** {@code --help} was given: the message is the usage text, and the main exits 0 after printing it. */
    public static final class HelpRequested extends BadInputException {
        public HelpRequested(String usage) {
            super(usage);
        }
    }

    public String usage() {
        StringBuilder sb = new StringBuilder("usage: ").append(program).append(" [flags]");
        valueFlags.forEach(
                (f, h) -> sb.append(System.lineSeparator()).append(String.format("  %-20s %s", f + " X", h)));
        switches.forEach((f, h) -> sb.append(System.lineSeparator()).append(String.format("  %-20s %s", f, h)));
        return sb.toString();
    }
}
