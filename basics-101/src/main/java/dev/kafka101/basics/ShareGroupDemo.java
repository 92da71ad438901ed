package dev.kafka101.basics;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.groups.TwoMembers;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Share groups (KIP-932, production-ready since Kafka 4.2) next to a consumer group, on a topic with ONE partition:
 * in the consumer group one member owns the partition and reads everything, in the share group both members read it.
 * Run: {@code ... -Dexec.mainClass=dev.kafka101.basics.ShareGroupDemo}. Proven by {@code ShareGroupDemoTest}.
 */
public final class ShareGroupDemo {

    /** Records read by each of the two members of one group. */
    public record Split(String kind, int first, int second) {
        @Override
        public String toString() {
            return String.format("%-15s member 1 read %3d, member 2 read %3d", kind, first, second);
        }
    }

    private ShareGroupDemo() {}

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("ShareGroupDemo")
                .withValue("--records", "records to send to the one-partition topic for each group (default 100)");
        DemoMain.run(spec, args, kafka -> {
            int records = kafka.commandLine().intValue("--records", 100, 1, 100_000);
            String topic = "share-demo-" + System.currentTimeMillis() % 100_000;
            Topics.ensure(kafka.clientProperties(), topic, 1, 1);
            System.out.printf(
                    "Topic %s has 1 partition. Two members in each group, both reading from the start; "
                            + "%d more records sent once both have joined.%n",
                    topic, records);
            System.out.println(consumerGroup(kafka.clientProperties(), topic, topic + "-consumers", records));
            System.out.println(shareGroup(kafka.clientProperties(), topic, topic + "-share", records));
            System.out.println("A consumer group gives each partition to one member: more members than partitions sit "
                    + "idle. A share group hands out records, not partitions.");
        });
    }

    /**
     * Two members of a consumer group (classic protocol, the default) read the topic; {@code records} are sent once
     * both joined.
     */
    public static Split consumerGroup(Properties connection, String topic, String group, int records)
            throws InterruptedException {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // both members in one group
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        // a new group: from the start
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        TwoMembers.Factory member = () -> {
            KafkaConsumer<String, String> c = new KafkaConsumer<>(props);
            c.subscribe(List.of(topic));
            return new TwoMembers.Member() {
                public int poll() {
                    return c.poll(Duration.ofMillis(100)).count();
                }

                public void close() {
                    c.close();
                }
            };
        };
        int[] read = TwoMembers.run(
                "consumer group", connection, topic, records, member, TwoMembers.consumerGroupFormed(group));
        return new Split("consumer group", read[0], read[1]);
    }

    /** Two members of a share group read the topic; {@code records} are sent once both joined. */
    public static Split shareGroup(Properties connection, String topic, String group, int records)
            throws InterruptedException {
        // a share group's settings are group configs; like a consumer group's auto.offset.reset, the default is latest
        try (Admin admin = Admin.create(connection)) {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.GROUP, group),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                    .all()
                    .get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot configure share group " + group + ": " + e.getMessage(), e);
        }
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // both members in one group
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        // small handfuls: both get work
        props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
        // a strict limit (KIP-1206, 4.2): by default a fetch acquires whole batches, and one member can take a
        // 100-record batch alone while the other waits
        props.setProperty(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        TwoMembers.Factory member = () -> {
            KafkaShareConsumer<String, String> c = new KafkaShareConsumer<>(props);
            c.subscribe(List.of(topic));
            return new TwoMembers.Member() {
                public int poll() {
                    // records acknowledged (implicitly) on the next poll
                    return c.poll(Duration.ofMillis(100)).count();
                }

                public void close() {
                    c.close();
                }
            };
        };
        int[] read =
                TwoMembers.run("share group", connection, topic, records, member, TwoMembers.shareGroupFormed(group));
        return new Split("share group", read[0], read[1]);
    }
}
