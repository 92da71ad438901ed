package dev.kafka101.local.console;

import dev.kafka101.local.EmbeddedKafkaCluster;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Not a test: prints what the console costs. Idle 3-broker cluster with one page open for 30 s (CPU of the console's
 * own threads: poller, Admin client, HTTP), then 50 topics x 6 partitions and 10 groups (one lab consumer each):
 * Admin poll time, snapshot size, page redraw time in headless Chromium.
 * Run: {@code java -cp <test classpath> dev.kafka101.local.console.LabConsoleBench [seconds]}.
 */
public final class LabConsoleBench {
    private LabConsoleBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(3).build().start()) {
            Properties props = new Properties();
            props.put("bootstrap.servers", cluster.bootstrapServers());
            try (LabConsole console = LabConsole.start(props, BrokerControl.of(cluster), 0)) {
                ChromeOptions options = new ChromeOptions();
                options.setBinary("/usr/bin/chromium");
                options.addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--user-data-dir=" + Files.createTempDirectory("bench-chrome"));
                ChromeDriver driver = new ChromeDriver(
                        new ChromeDriverService.Builder()
                                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                                .usingAnyFreePort()
                                .build(),
                        options);
                try {
                    driver.get(console.url());
                    TimeUnit.SECONDS.sleep(3);
                    measure("idle cluster, 1 page open", console, seconds);

                    try (Admin admin = Admin.create(props)) {
                        List<NewTopic> topics = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            topics.add(new NewTopic(String.format("bench-%02d", i), 6, (short) 3));
                        }
                        admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
                    }
                    ConsoleHttp http = new ConsoleHttp(console);
                    for (int g = 0; g < 10; g++) {
                        http.act("/api/consumers/start?topic=bench-" + String.format("%02d", g) + "&group=bench-group-"
                                + g + "&protocol="
                                + (g % 2 == 0 ? "consumer&assignor=uniform" : "classic&assignor=range"));
                    }
                    TimeUnit.SECONDS.sleep(8);
                    ((JavascriptExecutor) driver)
                            .executeScript("renderStats.count = 0; renderStats.totalMs = 0; renderStats.maxMs = 0;");
                    measure("50 topics x 6 partitions, 10 groups, 1 page open", console, seconds);
                    var s = http.snapshot();
                    System.out.printf(
                            "snapshot: %d topics, %d groups, %d bytes of JSON, Admin poll took %d ms%n",
                            s.get("topics").size(),
                            s.get("groups").size(),
                            http.get("/api/snapshot").body().length(),
                            s.get("pollMillis").asLong());
                    System.out.println("snapshot errors (Admin calls that failed in that poll): " + s.get("errors"));
                    @SuppressWarnings("unchecked")
                    var ticks = (java.util.Map<String, Object>)
                            ((JavascriptExecutor) driver).executeScript("return renderStats;");
                    System.out.printf(
                            "page: %s redraws in %d s, average %.1f ms, longest %.1f ms%n",
                            ticks.get("count"),
                            seconds,
                            ((Number) ticks.get("totalMs")).doubleValue()
                                    / Math.max(1, ((Number) ticks.get("count")).longValue()),
                            ((Number) ticks.get("maxMs")).doubleValue());
                    Object ms = ((JavascriptExecutor) driver).executeScript("""
                            const t0 = performance.now();
                            for (let i = 0; i < 10; i++) { for (const k in drawn) delete drawn[k]; renderSections(last); }
                            return (performance.now() - t0) / 10;""");
                    System.out.printf(
                            "page: full redraw of everything in %.1f ms (Chromium, average of 10)%n",
                            ((Number) ms).doubleValue());
                } finally {
                    driver.quit();
                }
            }
        }
    }

    private static void measure(String what, LabConsole console, int seconds) throws InterruptedException {
        long polls0 = console.adminPolls();
        long cpu0 = consoleCpuNanos();
        long proc0 = processCpuNanos();
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (consoleCpuNanos() - cpu0) / 1e9;
        double proc = (processCpuNanos() - proc0) / 1e9;
        System.out.printf(
                "%s: console threads used %.2f s CPU in %.0f s (%.1f%% of one core); whole JVM incl. 3 brokers %.1f s;"
                        + " %d Admin polls%n",
                what, cpu, wall, 100 * cpu / wall, proc, console.adminPolls() - polls0);
    }

    /** CPU time of the console's threads: poller, its Admin client's network thread, HTTP handlers. */
    private static long consoleCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith("lab-console")
                            || info.getThreadName().contains("adminclient-lab-console")
                            || info.getThreadName().contains("| lab-console"))) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                sum += Math.max(0, t);
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
