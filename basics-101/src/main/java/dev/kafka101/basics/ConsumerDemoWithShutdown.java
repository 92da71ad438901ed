package dev.kafka101.basics;

import dev.kafka101.basics.lab.SteadyFeed;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.KafkaErrors;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Graceful shutdown: Ctrl-C/SIGTERM runs a shutdown hook that calls {@code wakeup()} and joins the main thread, which
 * commits what it processed and closes. Run: {@code ... -Dexec.mainClass=dev.kafka101.basics.ConsumerDemoWithShutdown},
 * then Ctrl-C. Proven by ConsumerDemoWithShutdownTest (SIGTERM: 0 lost, 0 re-read; SIGKILL: 0 lost, duplicates counted).
 */
public final class ConsumerDemoWithShutdown {
    public static final String GROUP = "shutdown-demo";

    private ConsumerDemoWithShutdown() {}

    public static void main(String[] args) {
        // a wrong deserializer is explained below in one line; Kafka's own ERROR line about it would only repeat it
        System.setProperty(
                "org.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.internals.CompletedFetch", "off");
        CommandLine spec = CommandLine.spec("ConsumerDemoWithShutdown")
                .withValue(
                        "--topic",
                        "topic to read (default " + DemoTopics.GROUPS.name() + ", created with "
                                + DemoTopics.GROUPS.partitions()
                                + " partitions if absent; a topic you name must exist)")
                .withValue("--group", "consumer group id (default " + GROUP + ")")
                .withValue("--max-poll-records", "records per poll, i.e. per batch (default 500)")
                .withValue("--process-ms", "pretend each record takes this long to process (default 0)")
                .withValue("--session-timeout-ms", "how long the group waits for a silent member (default 45000)")
                .withValue(
                        "--value-type", "string (default) or long: 'long' on string values shows a wrong deserializer");
        DemoMain.run(spec, args, kafka -> {
            CommandLine cli = kafka.commandLine();
            String topic = cli.value("--topic", DemoTopics.GROUPS.name());
            String valueType = cli.value("--value-type", "string");
            if (!valueType.equals("string") && !valueType.equals("long")) {
                throw new BadInputException("--value-type must be string or long, was '" + valueType + "'");
            }
            boolean embedded = kafka.embeddedCluster().isPresent();
            if (topic.equals(DemoTopics.GROUPS.name()) || embedded) {
                // the demos' shared topic, defined once: whichever demo runs first creates it the same way
                Topics.ensure(kafka.clientProperties(), topic, DemoTopics.GROUPS.partitions(), 1);
            }
            ConsumerErrors.requireTopic(kafka.clientProperties(), topic);
            // a cluster in this JVM has no other producer: feed it ourselves, 5 records/s
            try (SteadyFeed feed = embedded ? SteadyFeed.start(kafka.clientProperties(), topic, 5, 12) : null) {
                // Ctrl-C: the cluster in this JVM stops only after we committed and closed
                kafka.embeddedCluster().ifPresent(c -> c.stopAfter(Thread.currentThread()));
                run(
                        kafka,
                        topic,
                        cli.value("--group", GROUP),
                        cli.intValue("--max-poll-records", 500, 1, 100_000),
                        cli.intValue("--process-ms", 0, 0, 60_000),
                        cli.intValue("--session-timeout-ms", 45_000, 1_000, 3_600_000),
                        valueType);
            }
        });
    }

    static void run(
            KafkaConnection kafka,
            String topic,
            String group,
            int maxPollRecords,
            int processMs,
            int sessionTimeoutMs,
            String valueType) {
        Properties props = new Properties();
        // where Kafka is, and how to log in if --command-config said so
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(kafka.securitySettings());
        // keys are text; values are text (or, wrongly, 8-byte longs: --value-type long)
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                valueType.equals("long") ? LongDeserializer.class.getName() : StringDeserializer.class.getName());
        // members of one group share the partitions; a new group starts at the beginning
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // we commit ourselves, after processing
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // the batch size per poll
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        // a killed member is noticed after this
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeoutMs));
        // a typo in the topic must not create a topic
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");

        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props);
        // next offset to read, per partition
        Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
        long[] count = {0};
        boolean[] cleanExit = {false};

        // The shutdown latch pattern: Ctrl-C/SIGTERM -> wakeup() makes the blocked poll() throw WakeupException in the
        // main thread; the hook then waits (join) until the main thread has committed and closed.
        Thread mainThread = Thread.currentThread();
        Thread hook = new Thread(
                () -> {
                    System.out.println("Shutdown requested: waking the consumer up...");
                    consumer.wakeup();
                    try {
                        mainThread.join(15_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (cleanExit[0]) {
                        // The JVM sets exit status 143 (128 + SIGTERM) for a signalled exit, even a clean one. We
                        // committed
                        // and closed, so report success; halt() skips the remaining hooks, and the main thread has
                        // already
                        // closed the consumer and (try-with-resources) the embedded cluster.
                        Runtime.getRuntime().halt(0);
                    }
                },
                "consumer-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // hand over with our progress saved: no re-read
                    commit(consumer, processed, partitions);
                    System.out.println("revoked " + partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    System.out.println("assigned " + partitions);
                }
            });
            System.out.printf("Consuming %s as group '%s'. Ctrl-C (or kill PID) to stop cleanly.%n", topic, group);
            while (true) {
                ConsumerRecords<String, Object> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, Object> r : records) {
                    // the "work"
                    LockSupport.parkNanos(processMs * 1_000_000L);
                    System.out.printf(
                            "processed partition=%d offset=%d key=%s value=%s%n",
                            r.partition(), r.offset(), r.key(), r.value());
                    processed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    count[0]++;
                }
                if (!records.isEmpty()) {
                    try {
                        // after processing: a crash before this line re-reads, never skips
                        consumer.commitSync(processed);
                    } catch (RebalanceInProgressException e) {
                        // another instance joined or left: normal. Keep the offsets; the next poll completes the
                        // rebalance (revoked partitions are committed in the listener) and the next batch commits them
                        System.out.println("commit refused during a rebalance: kept, committed after the next poll");
                    } catch (CommitFailedException e) {
                        // the group moved on without us: those partitions' next owner re-reads from the last commit
                        System.out.println("commit refused (not in the group's generation): the next owner re-reads");
                        processed.clear();
                    }
                }
            }
        } catch (WakeupException e) {
            System.out.println("Woken up: leaving the poll loop.");
        } catch (KafkaException e) {
            String why = ConsumerErrors.explain(e);
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            CtrlC.removeHookQuietly(hook);
            throw why != null ? new BadInputException(why, e) : e;
        }
        // Still here: commit what was processed (a wakeup may have interrupted the last commitSync), then close.
        try {
            consumer.commitSync(processed, Duration.ofSeconds(5));
            System.out.printf("Committed %s%n", new TreeMap<>(offsetsByPartition(processed)));
        } catch (KafkaException e) {
            System.out.println("Final commit failed (" + KafkaErrors.firstLine(e.getMessage())
                    + "): the next owner re-reads those records");
        }
        // leave the group now: its partitions move at once
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        System.out.printf("Closed cleanly after processing %d records.%n", count[0]);
        cleanExit[0] = true;
        CtrlC.removeHookQuietly(hook);
    }

    private static void commit(
            KafkaConsumer<String, Object> consumer,
            Map<TopicPartition, OffsetAndMetadata> processed,
            Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
        partitions.forEach(tp -> {
            if (processed.containsKey(tp)) {
                mine.put(tp, processed.get(tp));
            }
        });
        if (!mine.isEmpty()) {
            try {
                // only the partitions we give up
                consumer.commitSync(mine);
            } catch (RebalanceInProgressException | CommitFailedException e) {
                System.out.println("commit on revoke refused: the next owner re-reads from the last commit");
            }
        }
        partitions.forEach(processed::remove);
    }

    private static Map<Integer, Long> offsetsByPartition(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<Integer, Long> m = new HashMap<>();
        offsets.forEach((tp, o) -> m.put(tp.partition(), o.offset()));
        return m;
    }
}
