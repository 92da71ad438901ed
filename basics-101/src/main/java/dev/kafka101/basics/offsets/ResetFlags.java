package dev.kafka101.basics.offsets;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** OffsetResetDemo's flags, the kafka-consumer-groups --reset-offsets ones, and the one strategy they choose. */
public final class ResetFlags {
    private ResetFlags() {}

    public static CommandLine spec() {
        return CommandLine.spec("OffsetResetDemo")
                .withValue("--group", "group whose offsets to reset (without it: a guided run on a topic of its own)")
                .withValue("--topic", "topic whose offsets to reset")
                .withSwitch("--to-earliest", "to the first record still stored")
                .withSwitch("--to-latest", "to the end: skip everything not read yet")
                .withValue("--to-datetime", "to the first record at or after this time, e.g. 2026-11-27T09:00:00Z")
                .withValue("--shift-by", "move by N records (negative: back)")
                .withSwitch("--execute", "apply the plan (without it: a dry run that changes nothing)")
                .withValue(
                        "--auto-offset-reset",
                        "instead of a reset: where a NEW group (no committed offsets) starts "
                                + "on --topic with this auto.offset.reset: earliest, latest or by_duration:PT1H (4.0, KIP-1106)");
    }

    public static Strategy strategy(CommandLine cli) {
        List<Strategy> chosen = new ArrayList<>();
        if (cli.isOn("--to-earliest")) {
            chosen.add(Strategy.toEarliest());
        }
        if (cli.isOn("--to-latest")) {
            chosen.add(Strategy.toLatest());
        }
        cli.value("--to-datetime").ifPresent(t -> {
            try {
                chosen.add(Strategy.toDatetime(Instant.parse(t)));
            } catch (DateTimeParseException e) {
                throw new BadInputException("--to-datetime must look like 2026-11-27T09:00:00Z, was '" + t + "'");
            }
        });
        if (cli.value("--shift-by").isPresent()) {
            chosen.add(Strategy.shiftBy(cli.longValue("--shift-by", 0, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)));
        }
        if (chosen.size() != 1) {
            throw new BadInputException("give exactly one of --to-earliest, --to-latest, --to-datetime, --shift-by");
        }
        return chosen.get(0);
    }
}
