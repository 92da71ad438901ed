package dev.kafka101.basics.offsets;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.OffsetResetDemo;
import dev.kafka101.basics.OffsetResetDemo.Move;
import dev.kafka101.basics.lab.SteadyFeed;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** OffsetResetDemo without {@code --group}: the lesson on a topic and a group of its own, every strategy planned. */
public final class GuidedRun {
    private GuidedRun() {}

    /** The lesson on a topic and group of its own: 3 partitions, 30 records sent in two halves, the group read all. */
    public static void run(Properties connection, Admin admin) throws Exception {
        String topic = "offset-reset-demo-" + System.currentTimeMillis() % 100_000;
        String group = topic + "-group";
        Topics.ensure(connection, topic, 3, 1);
        SteadyFeed.sendNow(connection, topic, 15);
        // so the second half has later timestamps than the moment we note next
        Thread.sleep(50);
        Instant secondHalf = Instant.now();
        SteadyFeed.sendNow(connection, topic, 15);
        System.out.printf(
                "Sent 15 records, then (at %s) 15 more. Group %s reads them all and commits: %d read.%n%n",
                secondHalf, group, readToEnd(connection, topic, group));

        for (Strategy s : List.of(
                Strategy.toEarliest(), Strategy.toLatest(), Strategy.toDatetime(secondHalf), Strategy.shiftBy(-2))) {
            PlanTable.print(group, s, OffsetResetDemo.plan(admin, group, topic, s), false);
        }
        Map<TopicPartition, Move> plan = OffsetResetDemo.plan(admin, group, topic, Strategy.toDatetime(secondHalf));
        OffsetResetDemo.execute(admin, group, plan);
        PlanTable.print(group, Strategy.toDatetime(secondHalf), plan, true);
        System.out.printf(
                "After --to-datetime %s --execute the group read %d records again: the second half.%n",
                secondHalf, readToEnd(connection, topic, group));
    }

    /**
     * Joins {@code group}, reads from its committed offsets to the current end of every partition, commits; returns
     * the count.
     */
    public static int readToEnd(Properties connection, String topic, String group) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // start from this group's committed offsets
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        // none committed yet: from the beginning
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // we commit once, at the end
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        int read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Map<TopicPartition, Long> end = null;
            while (System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
                if (consumer.assignment().isEmpty()) {
                    // still joining the group
                    continue;
                }
                if (end == null) {
                    end = consumer.endOffsets(consumer.assignment());
                }
                Map<TopicPartition, Long> target = end;
                if (target.keySet().stream().allMatch(tp -> consumer.position(tp) >= target.get(tp))) {
                    break;
                }
            }
            consumer.commitSync();
        }
        return read;
    }
}
