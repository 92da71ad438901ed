package dev.kafka101.basics;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.lab.SteadyFeed;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.KafkaErrors;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code kafka-consumer-groups --describe} with the Admin API: members, who owns which partition, committed offset,
 * log-end offset and lag. Run: {@code ... -Dexec.mainClass=dev.kafka101.basics.DescribeGroupDemo [-Dexec.args="--group
 * g"]}.
 * Proven by {@code DescribeGroupDemoTest#lagIsLogEndMinusCommittedPerPartitionWithOrWithoutMembers}.
 */
public final class DescribeGroupDemo {

    private DescribeGroupDemo() {}

    /** One partition of the group: committed offset (null: none), log-end offset, lag (null: nothing committed). */
    public record Row(
            TopicPartition partition,
            Long committed,
            long logEnd,
            Long lag,
            String consumerId,
            String host,
            String clientId) {}

    public record Description(String group, GroupState state, String assignor, int members, List<Row> rows) {
        public long totalLag() {
            return rows.stream()
                    .filter(r -> r.lag() != null)
                    .mapToLong(Row::lag)
                    .sum();
        }
    }

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("DescribeGroupDemo")
                .withValue("--group", "group to describe (without it: a guided run with a group of its own)");
        DemoMain.run(spec, args, kafka -> {
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                var group = kafka.commandLine().value("--group");
                if (group.isPresent()) {
                    print(describe(admin, group.get()));
                } else {
                    guidedRun(kafka.clientProperties(), admin);
                }
            }
        });
    }

    /** A consumer reads part of a topic and commits; describe while it is a member, and again after it left. */
    private static void guidedRun(Properties connection, Admin admin) throws InterruptedException {
        String topic = "describe-demo";
        String group = "describe-demo-" + System.currentTimeMillis() % 100_000;
        Topics.ensure(connection, topic, 3, 1);
        SteadyFeed.sendNow(connection, topic, 30);

        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // the group we describe
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        // new group: from the beginning
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // we commit what we read, below
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // read a little at a time: lag stays
        props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "4");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (read < 8 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                }
            }
            // commits the position after what poll() returned
            consumer.commitSync();
            System.out.printf(
                    "%nA consumer of group %s read and committed %d of 30 records and is still running.%n",
                    group, read);
            System.out.printf("kafka-consumer-groups --list (Admin.listGroups, 4.1+): %s%n", listConsumerGroups(admin));
            print(describe(admin, group));
        }
        System.out.printf("%nThe consumer closed (left the group); the committed offsets and the lag stay:%n");
        print(describe(admin, group));
    }

    /**
     * The consumer groups of the cluster, as {@code kafka-consumer-groups --list} shows them: {@code Admin.listGroups}
     * (since 4.1, KIP-1043; it replaces the deprecated {@code listConsumerGroups}) asked for consumer groups only.
     */
    public static List<String> listConsumerGroups(Admin admin) throws InterruptedException {
        try {
            return admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(15, TimeUnit.SECONDS).stream()
                    .map(g ->
                            g.groupId() + " (" + g.type().map(Object::toString).orElse("?") + ", "
                                    + g.groupState().map(Object::toString).orElse("?") + ")")
                    .sorted()
                    .toList();
        } catch (ExecutionException e) {
            throw new BadInputException("cannot list groups: " + KafkaErrors.firstLine(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new BadInputException("no answer from the cluster within 15 s", e);
        }
    }

    /** Members and their partitions, committed and log-end offsets, lag: what {@code --describe} shows. */
    public static Description describe(Admin admin, String group) throws InterruptedException {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(15, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(15, TimeUnit.SECONDS);
            Map<TopicPartition, MemberDescription> owner = new HashMap<>();
            for (MemberDescription m : d.members()) {
                m.assignment().topicPartitions().forEach(tp -> owner.put(tp, m));
            }
            TreeSet<TopicPartition> partitions = new TreeSet<>(
                    Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            committed.forEach((tp, o) -> {
                if (o != null) {
                    partitions.add(tp);
                }
            });
            partitions.addAll(owner.keySet());
            // a pre-4.0 broker answers an unknown group with an empty DEAD group; 4.x throws GroupIdNotFoundException
            if (d.groupState() == GroupState.DEAD && partitions.isEmpty()) {
                throw new BadInputException(
                        "consumer group '" + group + "' does not exist (no members, no committed offsets)");
            }
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            partitions.forEach(tp -> ask.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(ask).all().get(15, TimeUnit.SECONDS);

            List<Row> rows = partitions.stream()
                    .map(tp -> {
                        OffsetAndMetadata c = committed.get(tp);
                        Long current = c == null ? null : c.offset();
                        long end = ends.get(tp).offset();
                        MemberDescription m = owner.get(tp);
                        return new Row(
                                tp,
                                current,
                                end,
                                current == null ? null : end - current,
                                m == null ? "-" : m.consumerId(),
                                m == null ? "-" : m.host(),
                                m == null ? "-" : m.clientId());
                    })
                    .toList();
            return new Description(
                    group, d.groupState(), d.partitionAssignor(), d.members().size(), rows);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                throw new BadInputException("consumer group '" + group + "' does not exist", e.getCause());
            }
            throw new BadInputException(
                    "cannot describe group " + group + ": " + KafkaErrors.firstLine(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new BadInputException("no answer from the cluster within 15 s", e);
        }
    }

    /** The table as {@code kafka-consumer-groups --describe} prints it. */
    public static void print(Description d) {
        System.out.printf(
                "Consumer group '%s': state %s, %d member%s%s, total lag %d%n",
                d.group(),
                d.state(),
                d.members(),
                d.members() == 1 ? "" : "s",
                d.assignor() == null || d.assignor().isEmpty() ? "" : ", assignor " + d.assignor(),
                d.totalLag());
        System.out.printf(
                "%-20s %9s %14s %14s %6s  %-40s %-12s %s%n",
                "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID");
        for (Row r : d.rows()) {
            System.out.printf(
                    "%-20s %9d %14s %14d %6s  %-40s %-12s %s%n",
                    r.partition().topic(),
                    r.partition().partition(),
                    r.committed() == null ? "-" : r.committed(),
                    r.logEnd(),
                    r.lag() == null ? "-" : r.lag(),
                    r.consumerId(),
                    r.host(),
                    r.clientId());
        }
    }
}
