package dev.kafka101.basics.rebalance;

import dev.kafka101.basics.RebalanceLab.Protocol;
import dev.kafka101.basics.RebalanceLab.Settings;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The rebalance lab's flags; checked before the cluster starts, so a typo costs one line. */
public final class LabFlags {
    private LabFlags() {}

    public static CommandLine spec() {
        CommandLine spec = CommandLine.spec("RebalanceLab")
                .withValue(
                        "--phase-seconds", "seconds each phase lasts: 2 consumers, 3, then 2 again (default 4; 1..300)")
                .withValue("--rate", "records per second the producer sends (default 200; 1..20000)")
                .withValue(
                        "--protocols",
                        "comma list of eager,cooperative,consumer,classic-default " + "(default the first three)")
                .withValue("--html", "where to write the HTML report (default target/rebalance-lab.html)")
                .withSwitch(
                        "--no-commit-on-revoke",
                        "commit once a second only, not on revoke: see the duplicates it makes")
                .withSwitch("--events", "also print every rebalance listener call (who, when, which partitions)");
        return spec.withCheck(cli -> {
            settings(cli);
            htmlPath(cli);
        });
    }

    public static Settings settings(CommandLine cli) {
        List<Protocol> protocols = new ArrayList<>();
        for (String p : cli.value("--protocols", "eager,cooperative,consumer").split(",")) {
            protocols.add(parse(p));
        }
        return new Settings(
                Duration.ofSeconds(cli.intValue("--phase-seconds", 4, 1, 300)),
                cli.intValue("--rate", 200, 1, 20_000),
                protocols,
                !cli.isOn("--no-commit-on-revoke"),
                true);
    }

    public static Path htmlPath(CommandLine cli) {
        try {
            return Path.of(cli.value("--html", "target/rebalance-lab.html"));
        } catch (InvalidPathException e) {
            throw new BadInputException("--html: " + e.getMessage());
        }
    }

    static Protocol parse(String flag) {
        for (Protocol p : Protocol.values()) {
            if (p.flag.equals(flag.trim())) {
                return p;
            }
        }
        throw new BadInputException(
                "unknown protocol '" + flag + "' (use eager, cooperative, consumer, classic-default)");
    }
}
