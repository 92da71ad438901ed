package dev.kafka101.local.console;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One consumer instance the console's "Start consumer" button runs in a group: subscribe, poll, commit after each
 * poll, until "Stop" (wakeup, close: the member leaves the group and the others get its partitions).
 * Start two or three in the same group and watch the group panel rebalance; pick the protocol and the assignor.
 */
final class LabConsumer {
    /** Client-side assignors of the classic protocol (partition.assignment.strategy). */
    static final Map<String, String> CLASSIC_ASSIGNORS = Map.of(
            "range", RangeAssignor.class.getName(),
            "roundrobin", RoundRobinAssignor.class.getName(),
            "sticky", StickyAssignor.class.getName(),
            "cooperative-sticky", CooperativeStickyAssignor.class.getName());
    /** Server-side assignors of the consumer protocol, KIP-848 (group.remote.assignor). */
    static final Set<String> CONSUMER_ASSIGNORS = Set.of("uniform", "range");

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final int id;
    private final String topic;
    private final String group;
    private final String protocol;
    private final String assignor;
    private final int delayMsPerRecord;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final AtomicLong consumed = new AtomicLong();
    private volatile boolean running = true;
    private volatile String state = "starting";
    private volatile Set<String> assigned = Set.of();
    private volatile String lastEvent = "";

    LabConsumer(
            int id,
            Properties connection,
            String topic,
            String group,
            String protocol,
            String assignor,
            int delayMsPerRecord) {
        this.id = id;
        this.topic = topic;
        this.group = group;
        this.protocol = protocol;
        this.assignor = assignor;
        this.delayMsPerRecord = delayMsPerRecord;

        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()); // keys are text
        props.setProperty(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()); // values are text
        props.setProperty(
                ConsumerConfig.GROUP_ID_CONFIG, group); // instances with the same group id share the partitions
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "console-consumer-" + id); // the name the group panel shows
        props.setProperty(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG,
                protocol); // "classic" (JoinGroup/SyncGroup) or "consumer" (KIP-848)
        if (protocol.equals("classic")) {
            // classic: the group leader (a client) computes the assignment with this assignor
            props.setProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CLASSIC_ASSIGNORS.get(assignor));
        } else {
            // consumer (KIP-848): the broker computes the assignment with this server-side assignor
            props.setProperty(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, assignor);
        }
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group starts at the beginning
        props.setProperty(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"); // we commit after each poll: lag = not yet processed
        props.setProperty(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100"); // small batches, so a slow consumer still commits often

        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::pollLoop, "console-consumer-" + id);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void pollLoop() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    event("revoked " + names(partitions));
                    Set<String> now = new TreeSet<>(assigned);
                    partitions.forEach(tp -> now.remove(tp.toString()));
                    assigned = now;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    event("assigned " + names(partitions));
                    Set<String> now = new TreeSet<>(assigned);
                    partitions.forEach(tp -> now.add(tp.toString()));
                    assigned = now;
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    event("lost " + names(partitions));
                    Set<String> now = new TreeSet<>(assigned);
                    partitions.forEach(tp -> now.remove(tp.toString()));
                    assigned = now;
                }
            });
            state = "running";
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (var ignored : records) {
                    if (delayMsPerRecord > 0) {
                        TimeUnit.MILLISECONDS.sleep(delayMsPerRecord); // a deliberately slow consumer: lag grows
                    }
                    consumed.incrementAndGet();
                }
                if (!records.isEmpty()) {
                    try {
                        consumer.commitSync(); // commit what this poll returned: the group panel's "committed" column
                    } catch (RebalanceInProgressException e) {
                        // the group is rebalancing (another consumer joined or left): normal, not a failure. The next
                        // poll completes it and the next commitSync() commits everything consumed so far
                        event("commit refused during a rebalance: retried after the next poll");
                    } catch (CommitFailedException e) {
                        // the group moved to a new generation without us: the partitions' next owner re-reads
                        event("commit refused (not in the group's current generation): the next owner re-reads");
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to leave
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            event("failed: " + e.getMessage());
        } finally {
            state = "leaving";
            try {
                consumer.close(Duration.ofSeconds(5)); // leave the group: its partitions go to the other members now
            } catch (RuntimeException e) {
                event("close failed: " + e.getMessage());
            }
            assigned = Set.of();
            state = "stopped";
        }
    }

    /** Wakes the poll loop, lets it leave the group and close; waits for that (bounded). */
    void stop() {
        requestStop();
        awaitStopped();
    }

    /** Asks the poll loop to leave; returns at once (so that many consumers can leave side by side). */
    void requestStop() {
        running = false;
        consumer.wakeup();
    }

    void awaitStopped() {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isStopped() {
        return state.equals("stopped");
    }

    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("clientId", "console-consumer-" + id);
        m.put("group", group);
        m.put("topic", topic);
        m.put("protocol", protocol);
        m.put("assignor", assignor);
        m.put("delayMsPerRecord", delayMsPerRecord);
        m.put("state", state);
        m.put("consumed", consumed.get());
        m.put("assigned", List.copyOf(assigned));
        m.put("lastEvent", lastEvent);
        return m;
    }

    private void event(String what) {
        if (what.endsWith(" nothing")) {
            return; // the consumer protocol calls the listener with empty sets too: not worth a line
        }
        lastEvent = LocalTime.now().format(CLOCK) + " " + what;
    }

    private static String names(Collection<TopicPartition> partitions) {
        return partitions.isEmpty()
                ? "nothing"
                : partitions.stream()
                        .map(tp -> String.valueOf(tp.partition()))
                        .sorted()
                        .collect(Collectors.joining(",", "p", ""));
    }
}
