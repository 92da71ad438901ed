package dev.kafka101.basics.offsets;

import dev.kafka101.basics.OffsetResetDemo.Move;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A reset plan as kafka-consumer-groups prints it. */
public final class PlanTable {
    private PlanTable() {}

    /** The plan as kafka-consumer-groups prints it, plus what it means in records. */
    public static void print(String group, Strategy strategy, Map<TopicPartition, Move> plan, boolean executed) {
        System.out.printf(
                "--reset-offsets --%s  %s%n", strategy, executed ? "(EXECUTED)" : "(dry run: nothing changed)");
        String columns = "%-" + Math.max(5, group.length()) + "s %-"
                + plan.keySet().stream()
                        .mapToInt(tp -> tp.topic().length())
                        .max()
                        .orElse(5) + "s";
        System.out.printf(
                columns + " %9s %14s %10s %8s%n",
                "GROUP",
                "TOPIC",
                "PARTITION",
                "CURRENT-OFFSET",
                "NEW-OFFSET",
                "CHANGE");
        long reread = 0;
        for (Move m : plan.values()) {
            System.out.printf(
                    columns + " %9d %14s %10d %+8d%n",
                    group,
                    m.partition().topic(),
                    m.partition().partition(),
                    m.current() == null ? "-" : m.current(),
                    m.target(),
                    m.change());
            reread += m.logEnd() - m.target();
        }
        System.out.printf(
                "=> the group will read %d record%s from the new offsets to the end.%n%n",
                reread, reread == 1 ? "" : "s");
    }
}
