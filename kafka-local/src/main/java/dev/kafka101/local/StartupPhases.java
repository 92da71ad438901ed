package dev.kafka101.local;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Where a cluster's start-up time goes: the moment each phase ended, in milliseconds since {@code start()} began.
 * {@link EmbeddedKafkaCluster} marks the phases it runs itself (storage formatted, nodes started, brokers seen by a
 * client); a watcher reads the controller's own gauges meanwhile (active controller, each broker registered and
 * unfenced), so the phases inside Kafka's start-up show too. Printed by ClusterStartupCheck and the lab report.
 */
public final class StartupPhases {
    public static final String FORMATTED = "storage formatted";
    public static final String CONTROLLER_ACTIVE = "controller active";
    public static final String REGISTERED = "brokers registered";
    public static final String UNFENCED = "brokers unfenced";
    public static final String STARTED = "start() returned";

    private final long startNanos = System.nanoTime();
    private final Map<String, Long> marks = new LinkedHashMap<>();

    /** Records that {@code phase} ended now (the first time only). */
    public synchronized void mark(String phase) {
        marks.putIfAbsent(phase, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    /** Phase → milliseconds since start() began, in the order the phases ended. */
    public synchronized Map<String, Long> millis() {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(marks.entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        Map<String, Long> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** One line: {@code storage formatted 180 ms, controller active 620 ms, ...}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        millis().forEach((phase, ms) -> s.append(s.length() == 0 ? "" : ", ")
                .append(phase)
                .append(' ')
                .append(ms)
                .append(" ms"));
        return s.toString();
    }

    /**
     * Watches the controller's gauges (the JMX values jconsole shows) until every broker is unfenced or {@code stop}
     * says so: a daemon thread that reads a few in-memory values every 2 ms while the cluster starts. Several
     * clusters in one JVM share those names, so the figures are exact for the first cluster of a JVM (as in
     * ClusterStartupCheck).
     */
    Thread watch(int brokers, java.util.function.BooleanSupplier stop) {
        Thread t = new Thread(
                () -> {
                    try {
                        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                        ObjectName active =
                                new ObjectName("kafka.controller:type=KafkaController,name=ActiveControllerCount");
                        ObjectName[] registration = new ObjectName[brokers];
                        for (int node = 0; node < brokers; node++) {
                            registration[node] = new ObjectName(
                                    "kafka.controller:type=KafkaController,name=BrokerRegistrationState,broker="
                                            + node);
                        }
                        while (!stop.getAsBoolean()) {
                            if (value(jmx, active) >= 1) {
                                mark(CONTROLLER_ACTIVE);
                            }
                            int registered = 0;
                            int unfenced = 0;
                            for (ObjectName broker : registration) {
                                // the controller's view of a broker: -1 unregistered, 10 fenced, 20 shutting down, 30
                                // active
                                long state = value(jmx, broker);
                                registered += state >= 10 ? 1 : 0;
                                unfenced += state == 30 ? 1 : 0;
                            }
                            if (registered == brokers) {
                                mark(REGISTERED);
                            }
                            if (unfenced == brokers) {
                                mark(UNFENCED);
                                return;
                            }
                            TimeUnit.MILLISECONDS.sleep(2); // sampling in-memory gauges, not waiting for an event
                        }
                    } catch (InterruptedException | javax.management.MalformedObjectNameException e) {
                        // start() has returned (or the names are wrong): nothing more to record
                    }
                },
                "kafka-local-startup-phases");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long value(MBeanServer jmx, ObjectName name) {
        try {
            return jmx.isRegistered(name) && jmx.getAttribute(name, "Value") instanceof Number n ? n.longValue() : -1;
        } catch (javax.management.JMException e) {
            return -1;
        }
    }
}
