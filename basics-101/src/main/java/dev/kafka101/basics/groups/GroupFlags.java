package dev.kafka101.basics.groups;

import dev.kafka101.basics.ConsumerGroupDemo;
import dev.kafka101.basics.DemoTopics;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.KafkaConnection;
import java.util.List;

/** ConsumerGroupDemo's flags, and which protocol/assignor pairs Kafka accepts. */
public final class GroupFlags {
    private GroupFlags() {}

    public static CommandLine spec() {
        return CommandLine.spec("ConsumerGroupDemo")
                .withValue(
                        "--topic",
                        "topic to read (default " + DemoTopics.GROUPS.name() + ", created with "
                                + DemoTopics.GROUPS.partitions()
                                + " partitions if absent; a topic you name must exist)")
                .withValue("--group", "consumer group id (default " + ConsumerGroupDemo.GROUP + ")")
                .withValue("--protocol", "classic (default) or consumer (KIP-848: the broker assigns)")
                .withValue(
                        "--assignor",
                        "classic: range, cooperative-sticky or default (=[range, cooperative-sticky]); "
                                + "consumer: uniform or range (the broker's assignor)")
                .withValue(
                        "--instances",
                        "members to run in this JVM, started --stagger-ms apart (default 1; "
                                + "3 on the embedded default cluster)")
                .withValue("--stagger-ms", "pause between starting two members (default 3000)")
                .withValue("--feed", "also produce this many keyed records/s (default 0; 20 on the embedded default)")
                .withValue("--seconds", "stop after this many seconds (default: run until Ctrl-C)");
    }

    /** What the flags ask for: the group, how its members are assigned, how many run here, what feeds them. */
    public record Options(
            String topic,
            String group,
            String protocol,
            String assignor,
            int instances,
            int staggerMs,
            int feedRate,
            int seconds) {}

    /** The flags read and checked (a bad pair: one clear line); defaults differ on a cluster only this JVM reaches. */
    public static Options parse(KafkaConnection kafka) {
        CommandLine cli = kafka.commandLine();
        // nobody else can reach it: feed it and run 3 members
        boolean embedded = kafka.embeddedCluster().isPresent();
        Options o = new Options(
                cli.value("--topic", DemoTopics.GROUPS.name()),
                cli.value("--group", ConsumerGroupDemo.GROUP),
                cli.value("--protocol", "classic"),
                cli.value("--assignor", "default"),
                cli.intValue("--instances", embedded ? 3 : 1, 1, 50),
                cli.intValue("--stagger-ms", 3000, 0, 600_000),
                cli.intValue("--feed", embedded ? 20 : 0, 0, 100_000),
                cli.intValue("--seconds", 0, 0, 86_400));
        String problem = checkProtocol(o.protocol(), o.assignor());
        if (problem != null) {
            throw new BadInputException(problem);
        }
        return o;
    }

    /** Null when the protocol/assignor pair is valid, else one line saying what is allowed. */
    public static String checkProtocol(String protocol, String assignor) {
        if (protocol.equals("classic")) {
            return List.of("default", "range", "cooperative-sticky").contains(assignor)
                    ? null
                    : "--assignor for --protocol classic must be range, cooperative-sticky or default, was '" + assignor
                            + "'";
        }
        if (protocol.equals("consumer")) {
            return List.of("default", "uniform", "range").contains(assignor)
                    ? null
                    : "--assignor for --protocol consumer names the broker's assignor: uniform or range, was '"
                            + assignor
                            + "' (client-side assignors such as cooperative-sticky exist only in the classic protocol)";
        }
        return "--protocol must be classic or consumer, was '" + protocol + "'";
    }
}
