package dev.kafka101.local;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The JVM options of every JVM this project launches itself (child JVMs in tests via {@link JavaProcess}, the lab
 * report's start-up runs, the shared background cluster): one place, so each gets the same start-up savings.
 *
 * <ul>
 *   <li>{@code -XX:+UseSerialGC}: one GC thread and the smallest heap bookkeeping; a demo's heap is tiny.</li>
 *   <li>{@code -XX:TieredStopAtLevel=1}: only the quick C1 compiler; a short-lived JVM never pays back C2's work.</li>
 *   <li>{@link #quietWarnings()}: {@code --enable-native-access=ALL-UNNAMED} (lz4-java and zstd-jni load native code
 *       with JNI; since JDK 24, JEP 472, that prints a "restricted method" warning block; the flag exists since JDK
 *       17) and, from JDK 23 on, {@code --sun-misc-unsafe-memory-access=allow} (Kafka's {@code ByteBufferUnmapper}
 *       calls {@code sun.misc.Unsafe::invokeCleaner}, which JDK 24+ reports in a four-line warning, JEP 471/498;
 *       JDK 17–22 refuse to start with that flag).</li>
 *   <li>Class-data sharing (AppCDS): a JVM loads ~8,000 classes to run a broker and its clients; parsing and
 *       verifying them is most of a cold start on 2 cores. Kafka's and the clients' classes are dumped once into an
 *       archive that later JVMs map from disk instead (measured: a 1-broker ClusterStartupCheck's first ack 2.4 s
 *       instead of 8.7 s on a loaded machine, and 35 MB less RSS; README "Start-up"). Java 17 cannot archive
 *       classes from folders such as {@code target/classes}, so the archive holds the jars only, those jars go first
 *       on the child's class path (CDS requires the archive's class path as a prefix) and everything else follows
 *       in its original order.</li>
 * </ul>
 *
 * <p>The archive is built in the background the first time a child is launched with a class path no archive fits:
 * a separate JVM ({@link #main}, not waited for, done in about 10 s of CPU) runs a training JVM that starts a
 * broker, produces and consumes, then {@code java -Xshare:dump}; children launched meanwhile start without it. It lives in {@code ~/.kafka-101-lab/cds} (or
 * {@code -Dkafka101.cds.dir} / env {@code KAFKA101_CDS_DIR}), keyed by the Java version and each jar's path, size
 * and time, so a new dependency or JDK builds a new one. {@code -Dkafka101.cds=off} or {@code KAFKA101_CDS=off}
 * turns it off. An archive that does not fit is ignored by the JVM silently ({@code -Xshare:auto}).
 *
 * <p>Another launcher uses it as {@code JvmFlags.Launch l = JvmFlags.forChild(cp);} then runs
 * {@code java <l.options()> <its own options> -cp <l.classPath()> <main>}.
 */
public final class JvmFlags {
    /** Options for the {@code java} command line, and the class path to give it (possibly reordered). */
    public record Launch(List<String> options, String classPath) {}

    private static final AtomicBoolean BUILDING = new AtomicBoolean();
    private static final String MANIFEST = ".cp";
    private static final String ARCHIVE = ".jsa";

    private JvmFlags() {}

    /** The options and class path for a child JVM that would run with {@code classPath}. */
    public static Launch forChild(String classPath) {
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        options.addAll(quietWarnings());
        if (!enabled()) {
            return new Launch(options, classPath);
        }
        List<String> entries = List.of(classPath.split(File.pathSeparator));
        Optional<Archive> archive = find(entries);
        if (archive.isEmpty()) {
            buildInBackground(classPath);
            return new Launch(options, classPath);
        }
        // the archive's jars first, in its order; then every other entry in the order it had
        LinkedHashSet<String> ordered = new LinkedHashSet<>(archive.get().jars());
        ordered.addAll(entries);
        options.add("-XX:SharedArchiveFile=" + archive.get().file());
        options.add("-Xshare:auto");
        // a stale or foreign archive is skipped without a word (the JVM would print it on stdout)
        options.add("-Xlog:cds*=off");
        options.add("-Xlog:class+path*=off");
        return new Launch(options, String.join(File.pathSeparator, ordered));
    }

    /** The flags that keep the JDK's warnings about Kafka's dependencies quiet, for a JVM of this JDK. */
    public static List<String> quietWarnings() {
        return quietWarnings(Runtime.version().feature());
    }

    /** The same for a JVM of the JDK with this feature version (17, 21, 25, ...). */
    public static List<String> quietWarnings(int jdkFeatureVersion) {
        List<String> flags = new ArrayList<>();
        flags.add("--enable-native-access=ALL-UNNAMED");
        if (jdkFeatureVersion >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(flags);
    }

    /** Whether class-data sharing is on (the default). */
    public static boolean enabled() {
        String flag = System.getProperty("kafka101.cds", System.getenv().getOrDefault("KAFKA101_CDS", "on"));
        return !flag.equalsIgnoreCase("off") && !flag.equalsIgnoreCase("false");
    }

    /** Where archives live. */
    public static Path archiveDirectory() {
        String dir = System.getProperty("kafka101.cds.dir", System.getenv("KAFKA101_CDS_DIR"));
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".kafka-101-lab", "cds");
    }

    /**
     * Builds an archive for {@code classPath} now unless one fits already; returns it. Blocking (about 10 s of
     * CPU); {@link #forChild} calls it in the background.
     */
    public static Optional<Path> ensureArchive(String classPath) {
        List<String> entries = List.of(classPath.split(File.pathSeparator));
        Optional<Archive> found = find(entries);
        if (found.isPresent()) {
            return Optional.of(found.get().file());
        }
        Path dir = archiveDirectory();
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(
                            dir.resolve("build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.tryLock()) {
                if (lock == null) {
                    return Optional.empty(); // another JVM is building one
                }
                found = find(entries);
                if (found.isPresent()) {
                    return Optional.of(found.get().file());
                }
                // left by a build whose JVM was killed (we hold the lock: nobody else is building)
                try (Stream<Path> old = Files.list(dir)) {
                    old.filter(f -> f.getFileName().toString().startsWith("build-"))
                            .forEach(EmbeddedKafkaCluster::deleteRecursively);
                }
                return Optional.ofNullable(build(dir, entries));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no archive: children start as they did without one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Starts a JVM that builds the archive and exits (see {@link #main}); it is not waited for, so a short-lived
     * parent (a test JVM) does not throw away a half-done build when it exits.
     */
    private static void buildInBackground(String classPath) {
        if (!BUILDING.compareAndSet(false, true)) {
            return;
        }
        try {
            Path dir = archiveDirectory();
            Files.createDirectories(dir);
            new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-Dkafka101.cds.dir=" + dir,
                            "-cp",
                            classPath,
                            JvmFlags.class.getName())
                    .redirectOutput(dir.resolve("build.log").toFile())
                    .redirectErrorStream(true)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")))
                    .start();
        } catch (IOException | RuntimeException e) {
            // no archive this time: children start as they did without one
        }
    }

    /** Builds the archive for this JVM's class path (what {@link #forChild} starts in the background). */
    public static void main(String[] args) {
        Optional<Path> archive = ensureArchive(System.getProperty("java.class.path"));
        System.out.println(archive.map(a -> "class-data-sharing archive: " + a).orElse("no archive built"));
    }

    // ---- archive files: <key>.jsa and its manifest <key>.cp ------------------------------------------------

    private record Archive(Path file, List<String> jars) {}

    /** An archive whose every jar is on this class path unchanged, built by this Java. */
    private static Optional<Archive> find(List<String> entries) {
        Path dir = archiveDirectory();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Set<String> onPath = Set.copyOf(entries);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path manifest :
                    files.filter(f -> f.toString().endsWith(MANIFEST)).sorted().toList()) {
                List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
                Path archive = Path.of(manifest.toString().replace(MANIFEST, ARCHIVE));
                if (lines.isEmpty() || !lines.get(0).equals(javaLine()) || !Files.isRegularFile(archive)) {
                    continue;
                }
                List<String> jars = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    String jar = line.substring(line.indexOf(' ', line.indexOf(' ') + 1) + 1);
                    if (!onPath.contains(jar) || !line.equals(jarLine(jar))) {
                        jars = null;
                        break;
                    }
                    jars.add(jar);
                }
                if (jars != null && !jars.isEmpty()) {
                    return Optional.of(new Archive(archive, jars));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static final Pattern LOADED_FROM = Pattern.compile("source: (?:jar:)?file:([^ !]+\\.jar)");

    private static Path build(Path dir, List<String> entries) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(dir, "build-");
        try {
            Path classList = work.resolve("classes.lst");
            Path loadLog = work.resolve("class-load.log");
            String javaBin =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // 1. a training JVM does what children do (a broker, a producer, a consumer) and lists what it loaded
            run(
                    List.of(
                            javaBin,
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-Xshare:off",
                            "-XX:DumpLoadedClassList=" + classList,
                            "-Xlog:class+load=info:file=" + loadLog,
                            "-Djava.io.tmpdir=" + work,
                            "-cp",
                            String.join(File.pathSeparator, entries),
                            Training.class.getName()),
                    work,
                    Duration.ofMinutes(3));
            // 2. the jars those classes came from, in class-path order
            Set<String> used = new LinkedHashSet<>();
            for (String line : Files.readAllLines(loadLog, StandardCharsets.UTF_8)) {
                Matcher m = LOADED_FROM.matcher(line);
                if (m.find()) {
                    used.add(Path.of(java.net.URI.create("file:" + m.group(1))).toString());
                }
            }
            // released jars only: a -SNAPSHOT jar (this project's own, under exec or verify) changes with every build
            List<String> jars = entries.stream()
                    .filter(used::contains)
                    .filter(j -> !Path.of(j).getFileName().toString().contains("-SNAPSHOT"))
                    .toList();
            if (jars.isEmpty()) {
                return null;
            }
            StringBuilder manifest = new StringBuilder(javaLine()).append('\n');
            jars.forEach(j -> manifest.append(jarLine(j)).append('\n'));
            String key = sha256(manifest.toString()).substring(0, 16);
            // 3. the archive: those classes, from those jars
            Path tmp = work.resolve("archive.jsa");
            run(
                    List.of(
                            javaBin,
                            "-Xshare:dump",
                            "-XX:+UseSerialGC",
                            "-XX:SharedClassListFile=" + classList,
                            "-XX:SharedArchiveFile=" + tmp,
                            "-cp",
                            String.join(File.pathSeparator, jars)),
                    work,
                    Duration.ofMinutes(3));
            if (!Files.isRegularFile(tmp)) {
                return null;
            }
            Path archive = dir.resolve(key + ARCHIVE);
            Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path manifestTmp = work.resolve("manifest");
            Files.writeString(manifestTmp, manifest, StandardCharsets.UTF_8);
            Files.move(
                    manifestTmp,
                    dir.resolve(key + MANIFEST),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return archive;
        } finally {
            EmbeddedKafkaCluster.deleteRecursively(work);
        }
    }

    private static void run(List<String> command, Path work, Duration timeout)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectOutput(work.resolve("out.log").toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")))
                .start();
        Thread stopIt = new Thread(p::destroy); // the JVM that started it exits: so does the build
        Runtime.getRuntime().addShutdownHook(stopIt);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } finally {
            CtrlC.removeHookQuietly(stopIt);
        }
    }

    private static String javaLine() {
        return "java " + System.getProperty("java.home") + " " + System.getProperty("java.vm.version");
    }

    private static String jarLine(String jar) {
        File f = new File(jar);
        return f.length() + " " + f.lastModified() + " " + jar;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The training run: what children load (a broker, the admin client, a producer, a consumer), once. */
    public static final class Training {
        private Training() {}

        public static void main(String[] args) throws Exception {
            try (EmbeddedKafkaCluster cluster =
                    EmbeddedKafkaCluster.builder().brokers(1).build().start()) {
                Map<String, Object> common =
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
                try (Admin admin = Admin.create(common)) {
                    admin.createTopics(List.of(new NewTopic("training", 1, (short) 1)))
                            .all()
                            .get(30, TimeUnit.SECONDS);
                }
                try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>("training", "k", "v")).get(30, TimeUnit.SECONDS);
                }
                Map<String, Object> c = Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "training",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest");
                try (KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                    consumer.subscribe(List.of("training"));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (consumer.poll(Duration.ofMillis(200)).isEmpty() && System.nanoTime() < deadline) {
                        // until the record arrives (bounded)
                    }
                    consumer.commitSync();
                }
            }
        }
    }
}
