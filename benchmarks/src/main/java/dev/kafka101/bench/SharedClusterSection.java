package dev.kafka101.bench;

import dev.kafka101.basics.ProducerDemoWithCallback;
import dev.kafka101.local.FreePorts;
import dev.kafka101.local.JavaProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Section 6c: what a learner waits for when running demos from the IDE, one JVM each (issue: demos are not islands).
 * Each demo JVM is started as the IDE starts it ({@code java -cp ... ProducerDemoWithCallback}, no flags, no JVM
 * options) and timed from its start to the first acknowledged record (its callback's first line): cold (the demo
 * starts the shared cluster in the background), warm (the cluster runs), and with an explicit
 * {@code --bootstrap-server} as the reference. Then the idle cluster's resident memory, console included.
 */
final class SharedClusterSection {
    private static final String MAIN = ProducerDemoWithCallback.class.getName();

    private SharedClusterSection() {}

    static Report.Section shared(int repeat) throws Exception {
        System.out.println("6c. Shared local cluster: demo JVM start to first acknowledged record...");
        Path home = Files.createTempDirectory("kafka101-lab-report-home-");
        Map<String, String> env = Map.of(
                "KAFKA101_HOME",
                home.toString(),
                "KAFKA101_PORT",
                String.valueOf(FreePorts.consecutive(2)[0]), // the broker's port, the controller's next to it
                "KAFKA101_CONSOLE_PORT",
                "0",
                "KAFKA101_EMBEDDED",
                "false");
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        List<Double> explicit = new ArrayList<>();
        long rssKb = 0;
        try {
            for (int i = 0; i < repeat; i++) {
                stop(env);
                cold.add(firstAckSeconds(env));
                warm.add(firstAckSeconds(env));
                String bootstrap = note(home).getProperty("bootstrap.servers");
                explicit.add(firstAckSeconds(env, "--bootstrap-server", bootstrap));
            }
            // idle: no demo connected for a few seconds, the console page polling nobody
            long pid = Long.parseLong(note(home).getProperty("pid").trim());
            TimeUnit.SECONDS.sleep(5); // the measurement's own settle time, not a synchronisation
            rssKb = rssKb(pid);
        } finally {
            stop(env);
            deleteRecursively(home);
        }
        Report.Section s = new Report.Section("6c. Shared local cluster: a demo JVM's start to its first ack")
                .setup(String.format(
                        Locale.ROOT,
                        "%d rounds. ProducerDemoWithCallback started as the IDE does (java -cp, no flags, no JVM "
                                + "options), timed from process start to its callback's first line. Cold: no cluster "
                                + "runs, the demo starts the shared one in the background (a separate JVM with the "
                                + "console) and waits until it serves. Warm: the demo finds the running one. "
                                + "Reference: the same demo with an explicit --bootstrap-server.",
                        repeat))
                .header("demo JVM", "s min", "median", "max");
        row(s, "cold (starts the shared cluster)", cold);
        row(s, "warm (finds the running cluster)", warm);
        row(s, "reference: --bootstrap-server", explicit);
        s.row(
                "shared cluster idle RSS (1 broker + console)",
                "",
                String.format(Locale.ROOT, "%d MB", rssKb / 1024),
                "");
        s.meaning(String.format(
                Locale.ROOT,
                "Goals: warm ≤ 1.0 s (%s), cold ≤ 3.5 s (%s), idle RSS ≤ 300 MB (%s). Warm vs the reference: "
                        + "%.2f× — finding the shared cluster (its note, a TCP connect, the cluster id) costs "
                        + "%s; the rest of a warm run is the demo's own JVM and client start-up.",
                LabReport.median(warm) <= 1.0 ? "met" : "missed",
                LabReport.median(cold) <= 3.5 ? "met" : "missed",
                rssKb / 1024 <= 300 ? "met" : "missed",
                LabReport.median(warm) / LabReport.median(explicit),
                Math.abs(LabReport.median(warm) - LabReport.median(explicit)) < 0.1
                        ? "nothing measurable"
                        : "the difference"));
        return s;
    }

    private static double firstAckSeconds(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                JavaProcess.classPathOf(ProducerDemoWithCallback.class),
                MAIN));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        CompletableFuture<Double> first = CompletableFuture.supplyAsync(() -> readUntilAck(p.getInputStream(), t0));
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(MAIN + " did not end within 120 s");
            }
            Double s = first.get(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new IllegalStateException(MAIN + " printed no acknowledged record (exit " + p.exitValue() + ")");
            }
            return s;
        } finally {
            p.destroyForcibly();
        }
    }

    private static Double readUntilAck(InputStream in, long t0) {
        Double seen = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (seen == null && line.startsWith("'hello world") && line.contains(", offset ")) {
                    seen = (System.nanoTime() - t0) / 1e9;
                }
            }
        } catch (IOException e) {
            // the process ended: what was seen is the answer
        }
        return seen;
    }

    private static void stop(Map<String, String> env) throws Exception {
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                JavaProcess.classPathOf(ProducerDemoWithCallback.class),
                "dev.kafka101.local.LocalKafkaCluster", // module lab-console, on the runtime class path
                "--stop");
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        if (!pb.start().waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("LocalKafkaCluster --stop did not end within 60 s");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Properties note(Path home) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("cluster.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static void row(Report.Section s, String name, List<Double> runs) {
        s.row(name, fmt(LabReport.min(runs)), fmt(LabReport.median(runs)), fmt(LabReport.max(runs)));
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
