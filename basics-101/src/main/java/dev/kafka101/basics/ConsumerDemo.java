package dev.kafka101.basics;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.KafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * A consumer in a group: subscribe, poll, print key/value/partition/offset; stops after a quiet spell, or on Ctrl-C.
 * Run after ProducerDemo: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.ConsumerDemo}.
 * Proven by {@code ProducerConsumerDemoTest#whatTheProducerSendsTheConsumerReads}.
 */
public final class ConsumerDemo {
    public static final String GROUP = "my-java-application";

    private ConsumerDemo() {
    }

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("ConsumerDemo")
                .withValue("--topic", "topic to read (default " + ProducerDemo.TOPIC + ")")
                .withValue("--group", "consumer group id (default " + GROUP + ")")
                .withSwitch("--follow", "keep polling until Ctrl-C instead of stopping after 5 quiet seconds");
        try (KafkaConnection kafka = KafkaConnection.open(spec, args, 1)) {
            CommandLine cli = kafka.commandLine();
            Duration quiet = cli.isOn("--follow") ? Duration.ofDays(365) : Duration.ofSeconds(5);
            String topic = cli.value("--topic", ProducerDemo.TOPIC);
            try {
                if (topic.equals(DemoTopics.DEMO_JAVA.name())) {
                    DemoTopics.DEMO_JAVA.ensure(kafka.clientProperties()); // as ProducerDemo creates it: either may run first
                }
                consume(kafka.clientProperties(), topic, cli.value("--group", GROUP), quiet);
            } catch (RuntimeException e) {
                throw kafka.fail(e); // e.g. no ACL for this group or topic: one line, exit 2
            }
        }
    }

    /** Reads {@code topic} as group {@code groupId} until nothing new arrived for {@code quiet}; returns the records. */
    public static List<ConsumerRecord<String, String>> consume(Properties connection, String topic, String groupId,
                                                               Duration quiet) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());   // keys are text
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()); // values are text
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);             // consumers sharing a group id share the partitions
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group starts at the beginning, not the end

        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C: wake the poll loop up, then wait for it to commit and close before the JVM goes.
        Thread hook = new Thread(() -> {
            consumer.wakeup();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "consumer-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean failed = false;
        try {
            consumer.subscribe(List.of(topic));
            System.out.printf("Polling %s as group '%s'...%n", topic, groupId);
            long lastRecord = System.nanoTime();
            long joinDeadline = lastRecord + Duration.ofSeconds(30).toNanos();
            // the quiet spell counts once the group gave us partitions: joining can take seconds on a busy machine
            while (consumer.assignment().isEmpty() ? System.nanoTime() < joinDeadline
                    : System.nanoTime() - lastRecord < quiet.toNanos()) {
                boolean joining = consumer.assignment().isEmpty();
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    System.out.printf("key=%s value=%s partition=%d offset=%d%n", r.key(), r.value(), r.partition(), r.offset());
                    read.add(r);
                }
                if (!records.isEmpty() || (joining && !consumer.assignment().isEmpty())) {
                    lastRecord = System.nanoTime();
                }
            }
            if (consumer.assignment().isEmpty()) {
                System.out.println("No partition assigned after 30 s: is the topic there, or do other consumers of the group hold every partition?");
            } else {
                System.out.printf("No new record for %d s: stopping (%d read).%n", quiet.toSeconds(), read.size());
            }
        } catch (WakeupException e) {
            System.out.printf("Shutting down (%d read)...%n", read.size()); // wakeup() from the Ctrl-C hook
        } catch (RuntimeException e) {
            failed = true; // e.g. not allowed to read: nothing to commit, but still close and leave
            throw e;
        } finally {
            try {
                if (!failed) {
                    consumer.commitSync(); // auto-commit runs every 5 s: commit what was read before leaving the group
                }
            } finally {
                consumer.close();  // leaves the group at once, so the others get its partitions without waiting
                done.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down: the hook is running and waits for done
            }
        }
        return read;
    }
}
