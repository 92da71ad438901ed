package dev.kafka101.basics.groups;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one member of ConsumerGroupDemo prints and remembers: its assignment changes (timestamped), the partitions it
 * owns, the records it processed and the offset ranges it read since it got each partition, its rate.
 */
public final class MemberLog {
    private final String name;
    private final Set<Integer> owned = new ConcurrentSkipListSet<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicLong processed = new AtomicLong();
    // commits refused by the group (rebalancing, or a new generation without us); in a row: poll thread only
    private final AtomicLong refusedCommits = new AtomicLong();
    private int refusedInARow;
    // partition -> first and last offset processed; poll thread only
    private final Map<Integer, long[]> read = new TreeMap<>();
    private long lastStatusCount;
    private long lastStatusNanos = System.nanoTime();

    public MemberLog(String name) {
        this.name = name;
    }

    /** One record processed: counted, and its offset added to its partition's range. */
    public void processed(ConsumerRecord<?, ?> r) {
        processed.incrementAndGet();
        read.computeIfAbsent(r.partition(), p -> new long[] {r.offset(), r.offset()})[1] = r.offset();
    }

    /** "3@120..219 5@88..130": the offsets processed of those partitions since this member got them (then forgotten). */
    public String ranges(Collection<Integer> partitions) {
        StringBuilder sb = new StringBuilder();
        for (int p : new TreeSet<>(partitions)) {
            long[] r = read.remove(p);
            if (r != null) {
                sb.append(sb.length() == 0 ? "" : " ")
                        .append(p)
                        .append('@')
                        .append(r[0])
                        .append("..")
                        .append(r[1]);
            }
        }
        return sb.length() == 0 ? "nothing" : sb.toString();
    }

    /** {@link #ranges} of those partitions' numbers: what this member read of them, e.g. "3@120..219". */
    public String readOf(Collection<TopicPartition> partitions) {
        return ranges(partitions.stream().map(TopicPartition::partition).toList());
    }

    /** A commit refused because the group is rebalancing: counted; the first of a row says the offsets are kept. */
    public void commitRefusedDuringRebalance(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        refusedCommits.incrementAndGet();
        if (refusedInARow++ == 0) {
            print("commit of " + offsets(toCommit, toCommit.keySet()) + " refused: the group is "
                    + "rebalancing; the offsets "
                    + "are kept and committed again after each poll until the rebalance is done");
        }
    }

    /** A commit accepted: if the ones before it were refused, says how many. */
    public void commitAccepted() {
        if (refusedInARow > 0) {
            print("commit accepted again after the rebalance (" + refusedInARow + " attempt(s) refused meanwhile)");
            refusedInARow = 0;
        }
    }

    /** A commit refused because the group moved to a new generation without this member: the offsets are dropped. */
    public void commitFailed(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        refusedCommits.incrementAndGet();
        print("commit of " + offsets(toCommit, toCommit.keySet()) + " refused: not a member of the "
                + "group's current "
                + "generation; the next owner re-reads from the last commit");
    }

    /** The last commit, at close, failed: where the next owner starts. */
    public void finalCommitFailed(String why, Map<TopicPartition, OffsetAndMetadata> toCommit) {
        print("final commit failed (" + why + "): the next owner re-reads from "
                + offsets(toCommit, toCommit.keySet()));
    }

    /** The member closed: what it processed, how many commits a rebalance refused, what it never handed over. */
    public void closed() {
        long refused = refusedCommits.get();
        print("closed after processing " + processed() + " records"
                + (refused == 0
                        ? ""
                        : "; " + refused
                                + " commit(s) refused during a rebalance, each one retried after the next"
                                + " poll")
                + notHandedOver());
    }

    /** "3@120, 4@98": the offsets to commit (= next to read) of those partitions. */
    public static String offsets(
            Map<TopicPartition, OffsetAndMetadata> toCommit, Collection<TopicPartition> partitions) {
        StringBuilder sb = new StringBuilder();
        new TreeSet<>(partitions.stream().map(TopicPartition::partition).toList()).forEach(p -> {
            OffsetAndMetadata o = toCommit.entrySet().stream()
                    .filter(e -> e.getKey().partition() == p)
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            sb.append(sb.length() == 0 ? "" : ", ").append(p).append('@').append(o == null ? "-" : o.offset());
        });
        return "[" + sb + "]";
    }

    /** "" or "; read but not handed over: ..." for the partitions still held when the member closed. */
    public String notHandedOver() {
        return read.isEmpty() ? "" : "; read but not handed over: " + ranges(read.keySet());
    }

    /** An assignment change: ASSIGNED, REVOKED or LOST, printed with what the member owns after it. */
    public void event(String kind, Collection<TopicPartition> partitions, String after) {
        TreeSet<Integer> ps = new TreeSet<>();
        partitions.forEach(tp -> ps.add(tp.partition()));
        if (kind.equals("ASSIGNED")) {
            owned.addAll(ps);
        } else {
            owned.removeAll(ps);
        }
        events.add(kind + " " + ps);
        print(String.format("%-8s %-18s -> owns %-18s%s", kind, ps, owned, after)
                .stripTrailing());
    }

    /** Prints what the member owns and its rate since the last call. */
    public void printStatus() {
        long now = System.nanoTime();
        long count = processed.get();
        double rate = (count - lastStatusCount) / ((now - lastStatusNanos) / 1e9);
        lastStatusCount = count;
        lastStatusNanos = now;
        print(
                events.isEmpty()
                        ? "joining the group (no assignment yet)..."
                        : String.format("owns %-18s %7.1f rec/s  (total %d)", owned, rate, count));
    }

    public void print(String what) {
        System.out.printf("%s [%s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.MILLIS), name, what);
    }

    public Set<Integer> owned() {
        return new TreeSet<>(owned);
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    public boolean noEventYet() {
        return events.isEmpty();
    }

    public long processed() {
        return processed.get();
    }
}
