package dev.kafka101.wikimedia.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import dev.kafka101.wikimedia.SyntheticRecentChanges;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stats consumer in this JVM on the real embedded broker: its totals against the input, and bad records. */
@EmbeddedKafka
class WikimediaStatsConsumerTest {

    static StatsRun.Summary runUntilCaughtUp(KafkaTestCluster kafka, StatsRun.Options o, ByteArrayOutputStream log) {
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            return WikimediaStatsConsumer.run(
                    o.untilCaughtUp(true), kafka.clientProperties(), out, new StatsRun.Stopper());
        }
    }

    @Tag("claim")
    @Test
    void statsTotalsEqualTheRecordsConsumedAndThePerWikiCountsInBothModes(KafkaTestCluster kafka) {
        SyntheticRecentChanges sample = new SyntheticRecentChanges(3000, 100, 500);
        String input = kafka.createTopic(3, 1);
        kafka.createTopic(input + ".dlq", 1, 1, Map.of());
        StatsTopics.replay(kafka.clientProperties(), input, sample, 0);

        // the known counts: the sample's valid events (canaries dropped, malformed ones in the DLQ), per wiki
        Map<String, Long> known = new TreeMap<>();
        for (long n = 0; n < sample.size(); n++) {
            if (!sample.isCanary(n) && !sample.isMalformed(n)) {
                known.merge(StatsTopics.json(sample.data(n)).get("wiki").asText(), 1L, Long::sum);
            }
        }
        List<ConsumerRecord<String, String>> records = StatsTopics.readAll(kafka.clientProperties(), input);
        assertThat(StatsTopics.perWiki(records)).isEqualTo(known);

        for (boolean exactlyOnce : List.of(false, true)) {
            String stats = kafka.createTopic(1, 1);
            StatsRun.Options o = StatsRun.Options.defaults()
                    .topics(input, stats, kafka.uniqueGroupId())
                    .exactlyOnce(exactlyOnce);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            StatsRun.Summary summary = runUntilCaughtUp(kafka, o, log);
            StatsTopics.Totals t = StatsTopics.totals(kafka.clientProperties(), stats);
            System.out.printf(
                    "%s: %d events replayed -> %d stats records, sum of events %d, %d wikis; %s%n",
                    exactlyOnce ? "exactly-once" : "at-least-once",
                    records.size(),
                    t.records(),
                    t.events(),
                    t.byWiki().size(),
                    summary);

            assertThat(t.events()).as("sum of events over the stats records").isEqualTo(records.size());
            assertThat(summary.events()).as("records the consumer counted").isEqualTo(records.size());
            assertThat(t.byWiki()).as("per-wiki sums").isEqualTo(known);
            assertThat(t.bots() + t.humans()).isEqualTo(t.events());
            assertThat(t.byType().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(t.events());
            assertThat(t.bad()).isZero();
            assertThat(t.coverage()).as("input records covered").hasSize(records.size());
            assertThat(t.duplicates()).isZero();
            assertThat(t.records()).isEqualTo(summary.statsRecords());
        }
    }

    @Tag("claim")
    @Test
    void malformedRecordIsCountedAsBadReportedInOneLineAndDoesNotSkewTheStats(KafkaTestCluster kafka) {
        String input = kafka.createTopic(3, 1);
        String stats = kafka.createTopic(1, 1);
        SyntheticRecentChanges sample = new SyntheticRecentChanges(200, 0, 0);
        List<String> malformed = List.of("this is not JSON", "{\"wiki\":\"enwiki\",\"type\":", "{\"type\":\"edit\"}");
        Map<String, Long> truth = new TreeMap<>();
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (long n = 0; n < sample.size(); n++) {
                String wiki = StatsTopics.json(sample.data(n)).get("wiki").asText();
                truth.merge(wiki, 1L, Long::sum);
                producer.send(new ProducerRecord<>(input, wiki, sample.data(n)));
                if (n % 70 == 35) {
                    producer.send(
                            new ProducerRecord<>(input, "enwiki", malformed.get((int) (n / 70)))); // between events
                }
            }
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StatsRun.Summary summary =
                runUntilCaughtUp(kafka, StatsRun.Options.defaults().topics(input, stats, kafka.uniqueGroupId()), log);
        String output = log.toString(StandardCharsets.UTF_8);
        List<String> badLines =
                output.lines().filter(l -> l.startsWith("bad record")).toList();
        StatsTopics.Totals t = StatsTopics.totals(kafka.clientProperties(), stats);
        System.out.println("bad record lines:\n" + String.join("\n", badLines) + "\n" + summary);

        assertThat(summary.bad()).isEqualTo(3);
        assertThat(t.bad()).isEqualTo(3);
        assertThat(badLines).hasSize(3).allSatisfy(l -> assertThat(l).contains("counted as bad, skipped"));
        assertThat(badLines).anySatisfy(l -> assertThat(l).contains("not JSON"));
        assertThat(output).doesNotContain("Exception");
        assertThat(t.events()).isEqualTo(200);
        assertThat(t.byWiki()).isEqualTo(truth);
        assertThat(t.coverage())
                .as("every input record, the bad ones too, is covered once")
                .hasSize(203);
        assertThat(t.duplicates()).isZero();
    }
}
