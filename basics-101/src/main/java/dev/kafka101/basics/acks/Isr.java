package dev.kafka101.basics.acks;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The acks lab's view of the in-sync replicas of its one-partition topics, read from the cluster's metadata. */
public final class Isr {
    private Isr() {}

    /** The broker ids in partition 0's ISR, sorted. */
    public static List<Integer> of(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic);
        return d.partitions().get(0).isr().stream().map(Node::id).sorted().toList();
    }

    /** Polls the cluster's metadata until every topic's ISR has {@code size} members (30 s at most). */
    public static void awaitSize(Admin admin, Collection<String> topics, int size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean done = true;
            for (String t : topics) {
                try {
                    done &= of(admin, t).size() == size;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    // a new topic not yet in the metadata of the broker asked: ask again
                    done = false;
                }
            }
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ISR did not reach " + size + " replicas within 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
