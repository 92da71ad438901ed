package dev.kafka101.basics.groups;

import dev.kafka101.basics.lab.SteadyFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * ShareGroupDemo's machinery: two members of one group polling on threads of their own, the wait until the group is
 * formed, the records sent, and what each member read counted.
 */
public final class TwoMembers {
    private TwoMembers() {}

    /** One member of a group: a consumer or a share consumer. */
    public interface Member extends AutoCloseable {
        /** Polls once; returns how many records it got. */
        int poll();

        @Override
        void close();
    }

    /** Creates a member (on the thread that polls it). */
    public interface Factory {
        Member create();
    }

    /** Whether the group is formed, as the Admin API sees it. */
    public interface GroupCheck {
        boolean ready(Admin admin) throws Exception;
    }

    /** A consumer group with two members, at least one of them owning a partition. */
    public static GroupCheck consumerGroupFormed(String group) {
        return admin -> {
            var members = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(10, TimeUnit.SECONDS)
                    .members();
            return members.size() == 2
                    && members.stream()
                            .anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
        };
    }

    /** A share group whose two members both have the partition. */
    public static GroupCheck shareGroupFormed(String group) {
        return admin ->
                admin
                                .describeShareGroups(List.of(group))
                                .describedGroups()
                                .get(group)
                                .get(10, TimeUnit.SECONDS)
                                .members()
                                .stream()
                                .filter(m -> !m.assignment().topicPartitions().isEmpty())
                                .count()
                        == 2;
    }

    /**
     * Starts two members, waits until the group is formed, sends {@code records}, and counts what each member read
     * of the topic (everything it holds: both kinds of group start at the earliest offset). Returns the two counts.
     */
    public static int[] run(
            String kind, Properties connection, String topic, int records, Factory factory, GroupCheck formed)
            throws InterruptedException {
        AtomicInteger[] read = {new AtomicInteger(), new AtomicInteger()};
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            AtomicInteger mine = read[i];
            Thread t = new Thread(
                    () -> {
                        try (Member m = factory.create()) {
                            while (!stop.get()) {
                                mine.addAndGet(m.poll());
                            }
                        }
                    },
                    kind + "-member-" + (i + 1));
            t.start();
            threads.add(t);
        }
        try (Admin admin = Admin.create(connection)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!ready(formed, admin) && System.nanoTime() < deadline) {
                // the demo waits for the group to form; a test uses its own checks
                TimeUnit.MILLISECONDS.sleep(200);
            }
            SteadyFeed.sendNow(connection, topic, records);
            TopicPartition p0 = new TopicPartition(topic, 0);
            long total = admin.listOffsets(Map.of(p0, OffsetSpec.latest()))
                    .partitionResult(p0)
                    .get(15, TimeUnit.SECONDS)
                    .offset();
            while (read[0].get() + read[1].get() < total && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the end offset of " + topic + ": " + e.getMessage(), e);
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
        return new int[] {read[0].get(), read[1].get()};
    }

    private static boolean ready(GroupCheck check, Admin admin) {
        try {
            return check.ready(admin);
        } catch (Exception e) {
            // the group does not exist yet
            return false;
        }
    }
}
