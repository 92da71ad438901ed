package dev.kafka101.basics.groups;

import dev.kafka101.basics.ConsumerGroupDemo.Member;
import dev.kafka101.basics.lab.SteadyFeed;
import dev.kafka101.local.CtrlC;
import dev.kafka101.local.KafkaConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** ConsumerGroupDemo's members in one JVM: started apart, a status line each second, stopped side by side. */
public final class Members {
    private Members() {}

    /**
     * ConsumerGroupDemo's run: {@code o.instances()} members in this JVM until Ctrl-C (or {@code --seconds}); on
     * Ctrl-C the main thread closes every member (commit, leave the group) and the JVM exits 0 once they have.
     */
    public static void runUntilCtrlC(KafkaConnection kafka, GroupFlags.Options o) throws InterruptedException {
        // every member committed and left, the cluster closed
        AtomicBoolean closedCleanly = new AtomicBoolean();
        CountDownLatch stop = new CountDownLatch(1);
        Thread mainThread = Thread.currentThread();
        // Ctrl-C: let the main thread close every member (commit, leave the group), and wait for it.
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        mainThread.join(15_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (closedCleanly.get()) {
                        // committed and left the group: a clean stop, not exit status 143
                        Runtime.getRuntime().halt(0);
                    }
                },
                "group-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // a cluster living in this JVM must outlive the members' goodbye (commit, LeaveGroup): else each close()
        // meets a broker that is going away and waits out its timeout
        kafka.embeddedCluster().ifPresent(cluster -> cluster.stopAfter(mainThread));

        String pid = String.valueOf(ProcessHandle.current().pid());
        System.out.printf(
                "Group '%s' on %s, protocol %s, assignor %s; this JVM (pid %s) runs %d member%s.%s%n",
                o.group(),
                o.topic(),
                o.protocol(),
                o.assignor(),
                pid,
                o.instances(),
                o.instances() == 1 ? "" : "s",
                o.instances() == 1 ? " Start more instances to watch the partitions move." : "");
        try {
            // members start --stagger-ms apart, print their status every second, and all leave at the end
            run(
                    kafka.clientProperties(),
                    o.topic(),
                    o.group(),
                    o.protocol(),
                    o.assignor(),
                    o.instances(),
                    o.staggerMs(),
                    o.feedRate(),
                    o.seconds(),
                    stop);
        } finally {
            CtrlC.removeHookQuietly(hook);
        }
        // every member committed and left; the cluster of this JVM (if any) closes next
        closedCleanly.set(true);
    }

    /** Runs until {@code stop} counts down or {@code seconds} (0 = no limit) passed; every member has closed then. */
    public static void run(
            Properties connection,
            String topic,
            String group,
            String protocol,
            String assignor,
            int instances,
            int staggerMs,
            int feedRate,
            int seconds,
            CountDownLatch stop)
            throws InterruptedException {
        String pid = String.valueOf(ProcessHandle.current().pid());
        List<Member> members = new ArrayList<>();
        SteadyFeed feed = feedRate > 0 ? SteadyFeed.start(connection, topic, feedRate, 12) : null;
        long t0 = System.nanoTime();
        long nextStart = t0;
        try {
            while (stop.getCount() > 0) {
                if (members.size() < instances && System.nanoTime() >= nextStart) {
                    String name = instances == 1 ? "pid-" + pid : "member-" + (members.size() + 1);
                    members.add(Member.start(connection, topic, group, name, protocol, assignor));
                    nextStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(staggerMs);
                }
                if (stop.await(1, TimeUnit.SECONDS)) {
                    break;
                }
                members.forEach(m -> m.log().printStatus());
                if (seconds > 0 && System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(seconds)) {
                    break;
                }
            }
        } finally {
            // all members leave side by side: one rebalance, not one each
            members.forEach(Member::requestStop);
            members.forEach(Member::awaitClosed);
            if (feed != null) {
                feed.close();
            }
            long processed =
                    members.stream().mapToLong(m -> m.log().processed()).sum();
            System.out.printf(
                    "Stopped: %d member%s processed %d records%s.%n",
                    members.size(),
                    members.size() == 1 ? "" : "s",
                    processed,
                    feed == null
                            ? ""
                            : "; " + feed.acked()
                                    + " produced (the rest wait in the topic, from the committed offsets)");
        }
    }
}
