package dev.kafka101.basics.idempotence;

import java.util.List;

/** What one producer stored through the lossy network (IdempotenceLab part c). */
public record LostResponseRun(int sent, int responsesLost, int produceRequests, List<String> stored) {
    public int distinct() {
        return (int) stored.stream().distinct().count();
    }

    public int duplicates() {
        return stored.size() - distinct();
    }

    @Override
    public String toString() {
        return String.format(
                "%d sent, %d responses lost, %d produce requests -> topic holds %d records, %d distinct,"
                        + " %d duplicates%s",
                sent,
                responsesLost,
                produceRequests,
                stored.size(),
                distinct(),
                duplicates(),
                duplicates() == 0 && stored.equals(Sequences.upTo(sent)) ? ", each once and in order" : "");
    }
}
