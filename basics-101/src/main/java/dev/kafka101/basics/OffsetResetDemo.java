package dev.kafka101.basics;

import dev.kafka101.basics.offsets.AutoReset;
import dev.kafka101.basics.offsets.GuidedRun;
import dev.kafka101.basics.offsets.LogOffsets;
import dev.kafka101.basics.offsets.PlanTable;
import dev.kafka101.basics.offsets.ResetFlags;
import dev.kafka101.basics.offsets.Strategy;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaErrors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code kafka-consumer-groups --reset-offsets} with the Admin API: to earliest, to latest, to a date-time, shift by N;
 * dry-run (default) prints the plan, {@code --execute} applies it, and only while the group has no active member.
 * Run: {@code ... -Dexec.mainClass=dev.kafka101.basics.OffsetResetDemo} (a guided run). Proven by OffsetResetDemoTest.
 */
public final class OffsetResetDemo {

    private OffsetResetDemo() {}

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
                CommandLine cli = kafka.commandLine();
                if (cli.value("--auto-offset-reset").isPresent()) {
                    // not a reset: where a NEW group starts, by its auto.offset.reset
                    AutoReset.print(kafka);
                    return;
                }
                if (cli.value("--group").isEmpty()) {
                    // a topic and a group of its own: every strategy planned, then one executed
                    GuidedRun.run(kafka.clientProperties(), admin);
                    return;
                }
                String group = cli.value("--group").get();
                String topic = cli.value("--topic")
                        .orElseThrow(() -> new BadInputException("--topic is required with --group"));
                // exactly one of --to-earliest, --to-latest, --to-datetime, --shift-by
                Strategy strategy = ResetFlags.strategy(cli);
                // a missing topic: one line that says so, not the broker's "does not host this topic-partition"
                String missing = ConsumerErrors.checkTopicExists(kafka.clientProperties(), topic);
                if (missing != null) {
                    throw new BadInputException(missing);
                }
                // the dry run: what would change, read with the Admin API
                Map<TopicPartition, Move> plan = plan(admin, group, topic, strategy);
                if (cli.isOn("--execute")) {
                    execute(admin, group, plan);
                }
                PlanTable.print(group, strategy, plan, cli.isOn("--execute"));
            }
        });
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
            List<TopicPartition> tps = IntStream.range(0, partitions)
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
        } catch (TimeoutException e) {
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
        } catch (TimeoutException e) {
            throw new BadInputException("no answer from the cluster within 15 s", e);
        }
    }
}
