package dev.kafka101.basics.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who owned which partition when: filled from a {@code ConsumerRebalanceListener} (assigned / revoked / lost), read
 * back as intervals, ownerless gaps and "no partition owned at all" time. Thread-safe; times are ms since creation.
 */
public final class OwnershipTimeline {

    /** {@code owner} held {@code partition} from {@code startMs} to {@code endMs} (-1: still holds it). */
    public record Interval(int partition, String owner, long startMs, long endMs, boolean endedLost) {
        long endOr(long until) {
            return endMs < 0 ? until : endMs;
        }
    }

    public enum Kind {
        ASSIGNED,
        REVOKED,
        LOST
    }

    /** One listener callback: who, what, which partitions (may be empty: eager and KIP-848 also call with none). */
    public record Event(long atMs, String owner, Kind kind, List<Integer> partitions) {}

    /** A time in which {@code partition} had no owner; {@code before}/{@code after} are null at the window's edges. */
    public record Gap(int partition, long startMs, long endMs, String before, String after) {
        public long lengthMs() {
            return endMs - startMs;
        }

        /** True when the partition went to another consumer (or to nobody yet). */
        public boolean moved() {
            return before == null || !before.equals(after);
        }
    }

    private final long t0 = System.nanoTime();
    private final int partitions;
    private final String[] owner;
    private final long[] since;
    private final List<Interval> closed = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private int overlaps;

    public OwnershipTimeline(int partitions) {
        this.partitions = partitions;
        this.owner = new String[partitions];
        this.since = new long[partitions];
    }

    /** Milliseconds since this timeline was created. */
    public long now() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    public int partitions() {
        return partitions;
    }

    public synchronized void assigned(String who, Collection<Integer> ps) {
        long t = now();
        for (int p : ps) {
            if (owner[p] != null && !owner[p].equals(who)) {
                overlaps++; // two owners at once: must not happen; counted so a report can show it
                closed.add(new Interval(p, owner[p], since[p], t, false));
            }
            if (!who.equals(owner[p])) {
                owner[p] = who;
                since[p] = t;
            }
        }
        events.add(new Event(t, who, Kind.ASSIGNED, List.copyOf(ps)));
    }

    public synchronized void released(String who, Collection<Integer> ps, boolean lost) {
        long t = now();
        for (int p : ps) {
            if (who.equals(owner[p])) {
                closed.add(new Interval(p, who, since[p], t, lost));
                owner[p] = null;
            }
        }
        events.add(new Event(t, who, lost ? Kind.LOST : Kind.REVOKED, List.copyOf(ps)));
    }

    /** partition → owner right now (absent: nobody). */
    public synchronized Map<Integer, String> owners() {
        Map<Integer, String> m = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            if (owner[p] != null) {
                m.put(p, owner[p]);
            }
        }
        return m;
    }

    public synchronized int overlaps() {
        return overlaps;
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Every ownership interval; those still open are returned with {@code endMs = -1}. */
    public synchronized List<Interval> intervals() {
        List<Interval> all = new ArrayList<>(closed);
        for (int p = 0; p < partitions; p++) {
            if (owner[p] != null) {
                all.add(new Interval(p, owner[p], since[p], -1, false));
            }
        }
        all.sort(Comparator.comparingInt(Interval::partition).thenComparingLong(Interval::startMs));
        return all;
    }

    /** The ownerless gaps of every partition that overlap {@code [fromMs, toMs]}, clipped to it. */
    public List<Gap> gaps(long fromMs, long toMs) {
        List<Interval> all = intervals();
        List<Gap> gaps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            final int partition = p;
            List<Interval> mine =
                    all.stream().filter(i -> i.partition() == partition).toList();
            long freeSince = fromMs;
            String before = null;
            for (Interval i : mine) {
                long end = i.endOr(toMs);
                if (end < fromMs) {
                    continue;
                }
                if (i.startMs() > freeSince) {
                    addClipped(gaps, p, freeSince, i.startMs(), before, i.owner(), fromMs, toMs);
                }
                freeSince = Math.max(freeSince, end);
                before = i.owner();
            }
            if (freeSince < toMs) {
                addClipped(gaps, p, freeSince, toMs, before, null, fromMs, toMs);
            }
        }
        return gaps;
    }

    private static void addClipped(
            List<Gap> gaps, int p, long start, long end, String before, String after, long fromMs, long toMs) {
        long s = Math.max(start, fromMs);
        long e = Math.min(end, toMs);
        if (e > s) {
            gaps.add(new Gap(p, s, e, before, after));
        }
    }

    /** The stretches within {@code [fromMs, toMs]} in which not one partition had an owner: the group stood still. */
    public List<long[]> nobodyOwnsAnything(long fromMs, long toMs) {
        List<long[]> owned = new ArrayList<>();
        for (Interval i : intervals()) {
            long s = Math.max(i.startMs(), fromMs);
            long e = Math.min(i.endOr(toMs), toMs);
            if (e > s) {
                owned.add(new long[] {s, e});
            }
        }
        owned.sort(Comparator.comparingLong(a -> a[0]));
        List<long[]> idle = new ArrayList<>();
        long cursor = fromMs;
        for (long[] o : owned) {
            if (o[0] > cursor) {
                idle.add(new long[] {cursor, o[0]});
            }
            cursor = Math.max(cursor, o[1]);
        }
        if (cursor < toMs) {
            idle.add(new long[] {cursor, toMs});
        }
        return idle;
    }
}
