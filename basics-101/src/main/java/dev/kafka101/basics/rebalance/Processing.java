package dev.kafka101.basics.rebalance;

import dev.kafka101.basics.report.OwnershipTimeline;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts how often each sequence number was processed, and the longest pause of the whole group. */
public final class Processing {
    private final Map<Long, Integer> counts = new ConcurrentHashMap<>();
    private final OwnershipTimeline clock;
    private final AtomicLong total = new AtomicLong();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private long last = -1;
    private long longestPause;

    public Processing(OwnershipTimeline clock) {
        this.clock = clock;
    }

    public void process(long seq) {
        if (seq < 0) {
            return; // the warm-up record, not part of the load
        }
        counts.merge(seq, 1, Integer::sum);
        total.incrementAndGet();
        long t = clock.now();
        synchronized (this) {
            if (t >= windowStart && t <= windowEnd) {
                if (last >= 0) {
                    longestPause = Math.max(longestPause, t - last);
                }
                last = t;
            }
        }
    }

    void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    synchronized long longestPause() {
        return longestPause;
    }

    public long total() {
        return total.get();
    }

    boolean processedAll(Set<Long> seqs) {
        return counts.keySet().containsAll(seqs);
    }

    long twice() {
        return counts.values().stream().filter(c -> c > 1).count();
    }

    long missing(Set<Long> acked) {
        return acked.stream().filter(s -> !counts.containsKey(s)).count();
    }
}
