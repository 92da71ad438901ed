package dev.kafka101.basics.rebalance;

import java.util.Map;
import java.util.Set;

/** What one membership change did: partitions revoked (listener calls), partitions that changed owner. */
public record Change(
        String name,
        long triggerMs,
        long settledMs,
        boolean settled,
        Set<Integer> revoked,
        int revokedCallbacks,
        Set<Integer> moved,
        Map<Integer, String> ownersAfter) {}
