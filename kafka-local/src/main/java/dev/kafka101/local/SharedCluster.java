package dev.kafka101.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The shared local cluster: one {@link LocalKafkaCluster} JVM per machine (per state folder) that every demo started
 * with no connection settings uses, started on demand in the background and stopped after an idle period.
 *
 * <p>Its state folder ({@code $KAFKA101_HOME}, else {@code -Dkafka101.home}, else {@code ~/.kafka-101-lab}) holds:
 * <ul>
 *     <li>{@value #NOTE_FILE}: the running cluster's pid, addresses, console address, data folder (owner-only);</li>
 *     <li>{@value #LOCK_FILE}: locked around find-or-start, so two demos started together start one cluster;</li>
 *     <li>{@code data-1-broker/}, {@code data-3-brokers/}: the cluster's data, kept between runs;</li>
 *     <li>{@value #LOG_FILE}: what the background cluster printed.</li>
 * </ul>
 * A cluster is ours only if the note names it, its pid is alive and runs LocalKafkaCluster, and (checked by
 * {@link KafkaConnection}) the cluster id it answers with is the note's: nothing else listening on 9092 is used.
 */
public final class SharedCluster {
    public static final String ENV_HOME = "KAFKA101_HOME";
    public static final String PROPERTY_HOME = "kafka101.home";
    public static final String ENV_EMBEDDED = "KAFKA101_EMBEDDED";
    public static final String ENV_PORT = "KAFKA101_PORT";
    public static final String ENV_IDLE_TIMEOUT = "KAFKA101_IDLE_TIMEOUT";
    public static final String ENV_CONSOLE_PORT = "KAFKA101_CONSOLE_PORT";
    public static final int DEFAULT_PORT = 9092;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final String NOTE_FILE = "cluster.properties";
    static final String LOCK_FILE = "lock";
    static final String LOG_FILE = "cluster.log";
    static final String STARTING_FILE = "starting.pid";
    /** How long a demo waits for the background cluster to serve (a cold start takes ~3 s; a busy machine more). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /**
     * The shared cluster's JVM: brokers and the lab console together. It lives in the lab-console module (it starts the
     * console), so a demo finds it on its own class path: every runnable module has lab-console at runtime.
     */
    static final String MAIN = "dev.kafka101.local.LocalKafkaCluster";
    /** {@code --secure}: the learner's client.properties, in the temp folder while the cluster runs. */
    public static final String LEARNER_FILE = "kafka-101-lab-learner.properties";
    /** {@code --secure}: the admin's client.properties, in the temp folder while the cluster runs. */
    public static final String ADMIN_FILE = "kafka-101-lab-admin.properties";

    private SharedCluster() {}

    /** What a running shared cluster wrote about itself. */
    public record Note(
            long pid,
            String bootstrapServers,
            int brokers,
            int controllerPort,
            String consoleUrl,
            Path dataDirectory,
            Instant started,
            String clusterId,
            boolean secure,
            String portsNote,
            Duration idleTimeout,
            Instant idleSince,
            Path logFile) {

        /** "stops after 30 min idle or with LocalKafkaCluster --stop" */
        public String howItEnds() {
            return (idleTimeout == null
                            ? "runs until Ctrl-C in its window"
                            : "stops after " + human(idleTimeout) + " idle")
                    + " or with LocalKafkaCluster --stop";
        }

        Properties toProperties() {
            Properties p = new Properties();
            p.setProperty("pid", String.valueOf(pid));
            p.setProperty("bootstrap.servers", bootstrapServers);
            p.setProperty("brokers", String.valueOf(brokers));
            p.setProperty("controller.port", String.valueOf(controllerPort));
            p.setProperty("console.url", consoleUrl == null ? "" : consoleUrl);
            p.setProperty("data", dataDirectory == null ? "" : dataDirectory.toString());
            p.setProperty("started", started.toString());
            p.setProperty("cluster.id", clusterId);
            p.setProperty("secure", String.valueOf(secure));
            p.setProperty("ports.note", portsNote == null ? "" : portsNote);
            p.setProperty("idle.timeout", idleTimeout == null ? "" : idleTimeout.toString());
            p.setProperty("idle.since", idleSince == null ? "" : idleSince.toString());
            p.setProperty("log", logFile == null ? "" : logFile.toString());
            return p;
        }

        static Note of(Properties p) {
            return new Note(
                    Long.parseLong(p.getProperty("pid").trim()),
                    p.getProperty("bootstrap.servers"),
                    Integer.parseInt(p.getProperty("brokers").trim()),
                    Integer.parseInt(p.getProperty("controller.port", "0").trim()),
                    blankToNull(p.getProperty("console.url")),
                    Optional.ofNullable(blankToNull(p.getProperty("data")))
                            .map(Path::of)
                            .orElse(null),
                    Instant.parse(p.getProperty("started")),
                    p.getProperty("cluster.id"),
                    Boolean.parseBoolean(p.getProperty("secure")),
                    blankToNull(p.getProperty("ports.note")),
                    Optional.ofNullable(blankToNull(p.getProperty("idle.timeout")))
                            .map(Duration::parse)
                            .orElse(null),
                    Optional.ofNullable(blankToNull(p.getProperty("idle.since")))
                            .map(Instant::parse)
                            .orElse(null),
                    Optional.ofNullable(blankToNull(p.getProperty("log")))
                            .map(Path::of)
                            .orElse(null));
        }

        Note withIdleSince(Instant since) {
            return new Note(
                    pid,
                    bootstrapServers,
                    brokers,
                    controllerPort,
                    consoleUrl,
                    dataDirectory,
                    started,
                    clusterId,
                    secure,
                    portsNote,
                    idleTimeout,
                    since,
                    logFile);
        }
    }

    /** What {@link #findOrStart} decided: a shared cluster to use, or why the demo uses a private one. */
    public record Outcome(Optional<Note> shared, boolean startedNow, Duration startTime, String privateReason) {}

    // ------------------------------------------------------------------------------------------ the state folder

    /** {@code $KAFKA101_HOME}, else {@code -Dkafka101.home}, else {@code ~/.kafka-101-lab}. */
    public static Path home(Map<String, String> env) {
        String fromEnv = env.get(ENV_HOME);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim()).toAbsolutePath();
        }
        String fromProperty = System.getProperty(PROPERTY_HOME);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Path.of(fromProperty.trim()).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".kafka-101-lab");
    }

    /** Where a shared cluster of this size keeps its data. */
    public static Path dataDirectory(Path home, int brokers) {
        return home.resolve(brokers == 1 ? "data-1-broker" : "data-" + brokers + "-brokers");
    }

    static Path logFile(Path home) {
        return home.resolve(LOG_FILE);
    }

    /** The note, if a live LocalKafkaCluster wrote it; a note left by a dead process (SIGKILL, reboot) is deleted. */
    public static Optional<Note> running(Path home) {
        Path file = home.resolve(NOTE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Note note;
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            note = Note.of(p);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being written, or unreadable: not a cluster we can use
        }
        if (note.pid() != ProcessHandle.current().pid() && !isOurCluster(note.pid())) {
            deleteQuietly(file); // stale: its process is gone, or the pid now belongs to another program
            return Optional.empty();
        }
        return Optional.of(note);
    }

    /** Alive and running the LocalKafkaCluster main (a reused pid runs something else), when the OS says. */
    static boolean isOurCluster(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        ProcessHandle.Info info = handle.get().info();
        Optional<String> cmd = info.commandLine();
        if (cmd.isPresent() && cmd.get().contains("LocalKafkaCluster")) {
            return true;
        }
        if (cmd.isPresent() && cmd.get().length() < 4000) {
            return false; // the whole command line, and it is not ours
        }
        // no command line, or cut (Linux JDKs read 4 KB of it, and a class path is longer): a java process will do
        return info.command().map(c -> c.contains("java")).orElse(true);
    }

    /** Writes the note atomically (a reader never sees half of it), readable by its owner only. */
    static void writeNote(Path home, Note note) throws IOException {
        Path tmp = home.resolve(NOTE_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            note.toProperties()
                    .store(out, "the shared local Kafka cluster; written by LocalKafkaCluster, deleted when it stops");
        }
        ownerOnly(tmp);
        Files.move(tmp, home.resolve(NOTE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes the note if it is this process's own. */
    static void deleteOwnNote(Path home) {
        Path file = home.resolve(NOTE_FILE);
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            if (String.valueOf(ProcessHandle.current().pid()).equals(p.getProperty("pid"))) {
                in.close();
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException ignored) {
            // no note, or not ours
        }
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the user's home folder protects it
        }
    }

    // ------------------------------------------------------------------------------------------ the lock

    /** The lock around find-or-start, stop and reset: one process at a time, and one thread of this JVM. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        /** Waits up to {@code timeout} for the lock; throws {@link BadInputException} with one line if it does not come. */
        static Lock acquire(Path home, Duration timeout) throws IOException {
            Files.createDirectories(home);
            FileChannel channel =
                    FileChannel.open(home.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    FileLock lock;
                    synchronized (Lock.class) {
                        try {
                            lock = channel.tryLock();
                        } catch (OverlappingFileLockException e) {
                            lock = null; // another thread of this JVM holds it
                        }
                    }
                    if (lock != null) {
                        return new Lock(channel, lock);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new BadInputException("another process has held " + home.resolve(LOCK_FILE) + " for "
                                + timeout.toSeconds() + " s (a shared cluster still starting?): try again, or see "
                                + logFile(home));
                    }
                    TimeUnit.MILLISECONDS.sleep(50); // polling a lock held by another process: no event to wait on
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.close();
                throw new BadInputException("interrupted while waiting for " + home.resolve(LOCK_FILE));
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // the OS releases it when the process ends anyway
            }
        }
    }

    // ------------------------------------------------------------------------------------------ find or start

    /**
     * For a demo with no connection settings: the running shared cluster if it has at least {@code brokers} brokers;
     * else, for 1 broker, a new one started in the background (returns when it serves); else why not.
     *
     * @param mainClass a class whose class loader has the whole class path (the demo's main class)
     */
    public static Outcome findOrStart(Map<String, String> env, int brokers, Class<?> mainClass) {
        Path home = home(env);
        Lock lock;
        try {
            lock = Lock.acquire(home, START_TIMEOUT);
            if (!Files.isWritable(home)) {
                lock.close();
                throw new AccessDeniedException(home.toString());
            }
        } catch (IOException | SecurityException e) {
            return privately("cannot write the state folder " + home + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ", set " + ENV_HOME
                    + " to a writable folder)");
        }
        try (lock) {
            Optional<Note> note = running(home);
            if (note.isPresent() && !answers(note.get())) {
                // stopping (idle, --stop) between its note and its exit: wait for it to go, then start a new one
                ProcessHandle.of(note.get().pid())
                        .ifPresent(p -> p.onExit()
                                .completeOnTimeout(p, 30, TimeUnit.SECONDS)
                                .join());
                note = running(home);
            }
            if (note.isPresent() && note.get().brokers() >= brokers) {
                return new Outcome(note, false, Duration.ZERO, null);
            }
            if (note.isPresent()) {
                return privately("the shared cluster (pid " + note.get().pid() + ") has "
                        + note.get().brokers()
                        + " broker and this demo needs " + brokers
                        + " (LocalKafkaCluster --stop, then LocalKafkaCluster "
                        + "--brokers " + brokers + " starts a shared one)");
            }
            if (brokers > 1) {
                return privately("no shared " + brokers
                        + "-broker cluster runs (start one with LocalKafkaCluster --brokers " + brokers + ")");
            }
            long t0 = System.nanoTime();
            Note started = startInBackground(home, env, brokers, mainClass);
            return new Outcome(Optional.of(started), true, Duration.ofNanos(System.nanoTime() - t0), null);
        }
    }

    private static Outcome privately(String reason) {
        return new Outcome(Optional.empty(), false, Duration.ZERO, reason);
    }

    /** One clear line, not a "could not find or load main class" in the log, when lab-console is missing. */
    private static void requireOnClassPath(Class<?> mainClass) {
        try {
            Class.forName(MAIN, false, mainClass.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new BadInputException("cannot start the shared cluster: " + MAIN + " (module lab-console) is not on "
                    + mainClass.getName() + "'s class path; add dev.kafka101:lab-console as a runtime dependency, or "
                    + "use --embedded or --bootstrap-server");
        }
    }

    /**
     * Starts {@code LocalKafkaCluster --background} as a JVM of its own, outside this process's group and process
     * tree: through {@code sh -c '... &'} (the shell exits at once, so the cluster's parent becomes init, and a
     * non-interactive shell starts background jobs with SIGINT ignored) and {@code setsid} where there is one (a
     * session of its own: a terminal's Ctrl-C and hang-up never reach it). Waits until its note appears and its port
     * accepts connections.
     */
    static Note startInBackground(Path home, Map<String, String> env, int brokers, Class<?> mainClass) {
        requireOnClassPath(mainClass);
        Path log = logFile(home);
        Path starting = home.resolve(STARTING_FILE);
        deleteQuietly(starting);
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.add("-Dkafka101.process=LocalKafkaCluster"); // first: a pid check reads only 4 KB of a command line
        // SerialGC, C1 only and the class-data-sharing archive when one fits (JvmFlags: the same as test children)
        JvmFlags.Launch launch = JvmFlags.forChild(JavaProcess.classPathOf(mainClass));
        java.addAll(launch.options());
        java.addAll(List.of("-Xms64m", "-Xmx512m", "-Xss512k"));
        java.add("-D" + PROPERTY_HOME + "=" + home);
        java.add("-cp");
        java.add(launch.classPath());
        java.add(MAIN);
        java.addAll(List.of("--background", "--brokers", String.valueOf(brokers)));

        List<String> cmd = new ArrayList<>();
        Optional<Path> setsid = setsid();
        boolean shell = Files.isExecutable(Path.of("/bin/sh"));
        if (shell) {
            cmd.addAll(List.of("/bin/sh", "-c", "\"$@\" &", "sh"));
        }
        setsid.ifPresent(s -> cmd.add(s.toString()));
        cmd.addAll(java);
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectOutput(log.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File(shell ? "/dev/null" : nullDevice())));
        builder.environment().put(ENV_HOME, home.toString());
        for (String key : List.of(ENV_PORT, ENV_IDLE_TIMEOUT, ENV_CONSOLE_PORT)) {
            if (env.containsKey(key)) {
                builder.environment().put(key, env.get(key));
            } else {
                builder.environment().remove(key);
            }
        }
        Process launcher;
        try {
            launcher = builder.start();
        } catch (IOException e) {
            throw new BadInputException(
                    "cannot start the shared cluster's JVM (" + java.get(0) + "): " + e.getMessage());
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Optional<Note> note = running(home);
                if (note.isPresent() && answers(note.get())) {
                    return note.get();
                }
                Optional<Long> pid = readPid(starting);
                boolean died = pid.isPresent()
                        ? !ProcessHandle.of(pid.get())
                                .map(ProcessHandle::isAlive)
                                .orElse(false)
                        : !shell && !launcher.isAlive();
                if (died) {
                    throw new BadInputException(
                            "the shared cluster did not start: " + lastLine(log) + " (see " + log + ")");
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling another process's files: no event to wait on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while starting the shared cluster (see " + log + ")");
        }
        throw new BadInputException(
                "the shared cluster did not serve within " + START_TIMEOUT.toSeconds() + " s (see " + log + ")");
    }

    private static String nullDevice() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "NUL" : "/dev/null";
    }

    /** {@code setsid} (Linux util-linux); macOS has none: the cluster then relies on the shell's ignored SIGINT. */
    static Optional<Path> setsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin")) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Some broker port accepts a TCP connection (the demo's own check then asks Kafka itself). */
    static boolean answers(Note note) {
        for (String server : note.bootstrapServers().split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            try (Socket socket = new Socket()) {
                socket.connect(
                        new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))), 2_000);
                return true;
            } catch (IOException | RuntimeException e) {
                // try the next one
            }
        }
        return false;
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).trim();
                }
            }
            return "its log is empty";
        } catch (IOException | RuntimeException e) {
            return "no log";
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** "30 min", "10 s", "2 h", "1 h 30 min" */
    public static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }

    /**
     * {@code 30m}, {@code 10s}, {@code 2h}, {@code 500ms} or ISO-8601 {@code PT30M}; {@code 0}/{@code off}/
     * {@code never}: no idle stop (null).
     */
    public static Duration parseDuration(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0") || t.equals("off") || t.equals("never")) {
            return null;
        }
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } else {
                var m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|min|h)")
                        .matcher(t);
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    Duration d = switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofMinutes(n);
                    };
                    if (!d.isZero()) {
                        return d;
                    }
                }
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            // falls through to the message below
        }
        throw new BadInputException(what + " must look like 30m, 10s, 2h or PT30M (or off), was '" + text + "'");
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
