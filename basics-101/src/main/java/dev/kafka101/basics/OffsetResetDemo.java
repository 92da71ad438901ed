package dev.kafka101.basics;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.lab.SteadyFeed;
import dev.kafka101.basics.offsets.LogOffsets;
import dev.kafka101.basics.offsets.PlanTable;
import dev.kafka101.basics.offsets.ResetFlags;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.KafkaErrors;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code kafka-consumer-groups --reset-offsets} with the Admin API: to earliest, to latest, to a date-time, shift by N;
 * dry-run (default) prints the plan, {@code --execute} applies it, and only while the group has no active member.
 * Run: {@code ... -Dexec.mainClass=dev.kafka101.basics.OffsetResetDemo} (a guided run). Proven by OffsetResetDemoTest.
 */
public final class OffsetResetDemo {

    private OffsetResetDemo() {}

    /** Where to move each partition's committed offset. */
    public record Strategy(String name, long value) {
        public static Strategy toEarliest() {
            return new Strategy("to-earliest", 0);
        }

        public static Strategy toLatest() {
            return new Strategy("to-latest", 0);
        }

        /** The first record whose timestamp is at or after {@code time}; partitions with none go to the end. */
        public static Strategy toDatetime(Instant time) {
            return new Strategy("to-datetime", time.toEpochMilli());
        }

        /** Current committed offset plus {@code n} (negative: back), kept within the partition's records. */
        public static Strategy shiftBy(long n) {
            return new Strategy("shift-by", n);
        }

        @Override
        public String toString() {
            return switch (name) {
                case "to-datetime" -> name + " " + Instant.ofEpochMilli(value);
                case "shift-by" -> name + " " + value;
                default -> name;
            };
        }
    }

    /** One row of the plan: the group's current committed offset (null = none) and the new one. */
    public record Move(TopicPartition partition, Long current, long target, long logStart, long logEnd) {
        /** Records the group will read again (positive) or skip (negative) compared with now. */
        public long change() {
            return target - (current == null ? logStart : current);
        }
    }

    public static void main(String[] args) {
        DemoMain.run(ResetFlags.spec(), args, kafka -> {
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                run(kafka, admin);
            }
        });
    }

    private static void run(KafkaConnection kafka, Admin admin) throws Exception {
        {
            CommandLine cli = kafka.commandLine();
            if (cli.value("--auto-offset-reset").isPresent()) {
                String topic = cli.value("--topic")
                        .orElseThrow(() -> new BadInputException("--topic is required with --auto-offset-reset"));
                String policy = cli.value("--auto-offset-reset").get();
                try {
                    Map<TopicPartition, Long> start = startOfNewGroup(
                            kafka.clientProperties(),
                            topic,
                            "auto-offset-reset-demo-" + System.currentTimeMillis(),
                            policy);
                    System.out.printf("A new group with auto.offset.reset=%s starts at %s%n", policy, start);
                } catch (org.apache.kafka.common.config.ConfigException e) {
                    throw new BadInputException("--auto-offset-reset: " + e.getMessage());
                }
                return;
            }
            if (cli.value("--group").isEmpty()) {
                guidedRun(kafka.clientProperties(), admin);
                return;
            }
            String group = cli.value("--group").get();
            String topic =
                    cli.value("--topic").orElseThrow(() -> new BadInputException("--topic is required with --group"));
            Strategy strategy = ResetFlags.strategy(cli);
            // a missing topic: one line that says so, not the broker's "does not host this topic-partition"
            String missing = ConsumerErrors.checkTopicExists(kafka.clientProperties(), topic);
            if (missing != null) {
                throw new BadInputException(missing);
            }
            Map<TopicPartition, Move> plan = plan(admin, group, topic, strategy);
            if (cli.isOn("--execute")) {
                execute(admin, group, plan);
            }
            PlanTable.print(group, strategy, plan, cli.isOn("--execute"));
        }
    }

    /** The lesson on a topic and group of its own: 3 partitions, 30 records sent in two halves, the group read all. */
    private static void guidedRun(Properties connection, Admin admin) throws Exception {
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
            PlanTable.print(group, s, plan(admin, group, topic, s), false);
        }
        Map<TopicPartition, Move> plan = plan(admin, group, topic, Strategy.toDatetime(secondHalf));
        execute(admin, group, plan);
        PlanTable.print(group, Strategy.toDatetime(secondHalf), plan, true);
        System.out.printf(
                "After --to-datetime %s --execute the group read %d records again: the second half.%n",
                secondHalf, readToEnd(connection, topic, group));
    }

    /**
     * Joins {@code group}, reads from its committed offsets to the current end of every partition, commits; returns
     * the count.
     */
    static int readToEnd(Properties connection, String topic, String group) {
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

    /**
     * Where a group with no committed offsets starts reading {@code topic}: the position each partition gets from
     * {@code auto.offset.reset} ({@code earliest}, {@code latest}, or since Kafka 4.0 {@code by_duration:<ISO-8601>},
     * KIP-1106: the first record no older than that duration). Reads nothing and commits nothing.
     */
    public static Map<TopicPartition, Long> startOfNewGroup(
            Properties connection, String topic, String group, String autoOffsetReset) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // a group that never committed
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        // the policy we look at
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        // look, don't commit
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            // no group membership needed to see where the policy puts us
            consumer.assign(partitions);
            Map<TopicPartition, Long> start =
                    new java.util.TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            for (TopicPartition tp : partitions) {
                // no committed offset: the policy decides
                start.put(tp, consumer.position(tp, Duration.ofSeconds(15)));
            }
            return start;
        }
    }

    /**
     * Computes the new offset of every partition of {@code topic} for {@code group} (the dry run): reads the group's
     * committed offsets and the partitions' first/last offsets; changes nothing.
     */
    public static Map<TopicPartition, Move> plan(Admin admin, String group, String topic, Strategy strategy)
            throws InterruptedException {
        try {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(15, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            List<TopicPartition> tps = java.util.stream.IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(15, TimeUnit.SECONDS);
            Map<TopicPartition, Long> start = LogOffsets.of(admin, tps, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = LogOffsets.of(admin, tps, OffsetSpec.latest());
            Map<TopicPartition, Long> atTime = strategy.name().equals("to-datetime")
                    ? LogOffsets.of(admin, tps, OffsetSpec.forTimestamp(strategy.value()))
                    : Map.of();

            Map<TopicPartition, Move> plan = new LinkedHashMap<>();
            for (TopicPartition tp : tps) {
                OffsetAndMetadata c = committed.get(tp);
                Long current = c == null ? null : c.offset();
                long first = start.get(tp);
                long last = end.get(tp);
                long target = switch (strategy.name()) {
                    case "to-earliest" -> first;
                    case "to-latest" -> last;
                    // -1: no record that late
                    case "to-datetime" -> atTime.get(tp) < 0 ? last : atTime.get(tp);
                    case "shift-by" -> (current == null ? first : current) + strategy.value();
                    default -> throw new IllegalArgumentException(strategy.name());
                };
                // an offset outside the log would mean auto.offset.reset
                target = Math.max(first, Math.min(last, target));
                plan.put(tp, new Move(tp, current, target, first, last));
            }
            return plan;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new BadInputException(
                        "topic '" + topic + "' does not exist — create it first, e.g. run"
                                + " SteadyProducerDemo --topic " + topic,
                        e.getCause());
            }
            throw new BadInputException(
                    "cannot plan the reset of group " + group + " on " + topic + ": "
                            + KafkaErrors.firstLine(e.getCause()),
                    e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BadInputException("no answer from the cluster within 15 s", e);
        }
    }

    /**
     * Applies {@code plan} ({@code --execute}). Refused while the group has members: a running consumer keeps its own
     * positions in memory and would overwrite the reset with its next commit.
     */
    public static void execute(Admin admin, String group, Map<TopicPartition, Move> plan) throws InterruptedException {
        try {
            ConsumerGroupDescription d;
            try {
                d = admin.describeConsumerGroups(List.of(group))
                        .describedGroups()
                        .get(group)
                        .get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                // a group that only has committed offsets, or none yet: nobody is running
                d = null;
            }
            if (d != null && d.groupState() != GroupState.EMPTY && d.groupState() != GroupState.DEAD) {
                throw new BadInputException("refused: group '" + group + "' is active (state " + d.groupState() + ", "
                        + d.members().size() + " member" + (d.members().size() == 1 ? "" : "s") + ": "
                        + d.members().stream()
                                .map(m -> m.clientId() + "@" + m.host())
                                .collect(Collectors.joining(", "))
                        + ") — stop its consumers first; offsets can only be reset while the group is empty");
            }
            Map<TopicPartition, OffsetAndMetadata> newOffsets = new HashMap<>();
            plan.forEach((tp, m) -> newOffsets.put(tp, new OffsetAndMetadata(m.target())));
            admin.alterConsumerGroupOffsets(group, newOffsets).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // e.g. a consumer joined between the check and the change: the broker refuses (UnknownMemberId)
            throw new BadInputException(
                    "refused by the broker: resetting the offsets of group '" + group + "': "
                            + KafkaErrors.firstLine(e.getCause()) + " — is a consumer of the group running?",
                    e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BadInputException("no answer from the cluster within 15 s", e);
        }
    }
}
