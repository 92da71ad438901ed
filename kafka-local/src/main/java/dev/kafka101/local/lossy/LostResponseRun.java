package dev.kafka101.local.lossy;

import java.util.List;
import java.util.stream.IntStream;

/** What one producer stored through the lossy network (IdempotenceLab part c, exercise 6). */
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
                duplicates() == 0
                                && stored.equals(IntStream.range(0, sent)
                                        .mapToObj(String::valueOf)
                                        .toList())
                        ? ", each once and in order"
                        : "");
    }
}
