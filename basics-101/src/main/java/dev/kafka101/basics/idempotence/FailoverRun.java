package dev.kafka101.basics.idempotence;

import java.util.BitSet;
import java.util.List;

/** What the failover run of IdempotenceLab (part d) measured. */
public record FailoverRun(
        int sent,
        int acknowledged,
        int failed,
        int stored,
        int lost,
        int duplicated,
        boolean inOrder,
        int stoppedLeader,
        int newLeader,
        int ackedWhenStopped) {

    /** Counts what the topic holds against what was acknowledged: lost, duplicated, in order. */
    public static FailoverRun of(
            int sent,
            int acknowledged,
            int failed,
            BitSet ackedSeqs,
            List<String> stored,
            int stoppedLeader,
            int newLeader,
            int ackedWhenStopped) {
        BitSet seen = new BitSet(sent);
        int duplicated = 0;
        for (String v : stored) {
            int seq = Integer.parseInt(v);
            if (seen.get(seq)) {
                duplicated++;
            }
            seen.set(seq);
        }
        BitSet lost = (BitSet) ackedSeqs.clone();
        lost.andNot(seen);
        return new FailoverRun(
                sent,
                acknowledged,
                failed,
                stored.size(),
                lost.cardinality(),
                duplicated,
                stored.equals(Sequences.upTo(sent)),
                stoppedLeader,
                newLeader,
                ackedWhenStopped);
    }

    @Override
    public String toString() {
        return String.format(
                "%d sent, leader %d stopped after %d acks (new leader %d), %d acknowledged, %d failed;"
                        + " after its restart the topic holds %d: lost %d, duplicated %d%s",
                sent,
                stoppedLeader,
                ackedWhenStopped,
                newLeader,
                acknowledged,
                failed,
                stored,
                lost,
                duplicated,
                inOrder ? ", in order" : ", OUT OF ORDER");
    }
}
