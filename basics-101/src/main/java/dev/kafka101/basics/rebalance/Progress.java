package dev.kafka101.basics.rebalance;

import dev.kafka101.basics.RebalanceLab.Protocol;
import dev.kafka101.basics.report.OwnershipTimeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The live progress line ({@code \r}), and lines that must not be overwritten by it. */
final class Progress {
    private final Protocol protocol;
    private final boolean live;
    private volatile String phase = "";
    private Thread printer;

    Progress(Protocol protocol, boolean live) {
        this.protocol = protocol;
        this.live = live;
    }

    void say(String line) {
        synchronized (System.out) {
            System.out.print(live ? "\r" + " ".repeat(110) + "\r" : "");
            System.out.println(line);
        }
    }

    void phase(String p) {
        phase = p;
    }

    void watch(OwnershipTimeline timeline, Processing processing, LoadProducer producer) {
        if (!live) {
            return;
        }
        printer = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        Map<Integer, String> owners = timeline.owners();
                        Map<String, List<Integer>> byOwner = new HashMap<>();
                        owners.forEach((p, o) -> byOwner.computeIfAbsent(o, k -> new ArrayList<>())
                                .add(p));
                        String own = byOwner.entrySet().stream()
                                .sorted(Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + ":"
                                        + e.getValue().stream()
                                                .map(String::valueOf)
                                                .collect(Collectors.joining(",")))
                                .collect(Collectors.joining(" "));
                        String line = String.format(
                                Locale.ROOT,
                                "\r[%s] %5.1f s  %-20s sent %6d  processed %6d  owners %-24s",
                                protocol.flag,
                                timeline.now() / 1000.0,
                                phase,
                                producer.sent,
                                processing.total(),
                                own.isEmpty() ? "(none)" : own);
                        synchronized (System.out) {
                            System.out.print(line);
                            System.out.flush();
                        }
                        try {
                            TimeUnit.MILLISECONDS.sleep(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "lab-progress");
        printer.setDaemon(true);
        printer.start();
    }

    void done() {
        if (printer != null) {
            printer.interrupt();
            try {
                printer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (System.out) {
                System.out.print("\r" + " ".repeat(110) + "\r");
                System.out.flush();
            }
        }
    }
}
