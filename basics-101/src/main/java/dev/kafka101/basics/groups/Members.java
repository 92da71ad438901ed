package dev.kafka101.basics.groups;

import dev.kafka101.basics.ConsumerGroupDemo.Member;
import dev.kafka101.basics.lab.SteadyFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** ConsumerGroupDemo's members in one JVM: started apart, a status line each second, stopped side by side. */
public final class Members {
    private Members() {}

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
                members.forEach(Member::printStatus);
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
            long processed = members.stream().mapToLong(Member::processed).sum();
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
