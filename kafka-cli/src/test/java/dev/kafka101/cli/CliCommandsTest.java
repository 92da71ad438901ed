package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.Topics;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import dev.kafka101.local.junit.RepoRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs every command of docs/cli.md with Apache Kafka 4.4's own tool classes (the
 * ones bin/*.sh run) against an embedded cluster, and checks the effect the page promises.
 */
@EmbeddedKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliCommandsTest {

    private static final String DOC_BOOTSTRAP = "localhost:9092";

    // Which doc commands each test runs; everyCommandOfCliDocIsRunByExactlyOneTest checks they cover the page.
    private static final Predicate<CliDoc.Command> CREATE =
            c -> c.script().equals("kafka-topics.sh") && c.has("--create");
    private static final Predicate<CliDoc.Command> LIST = c -> c.script().equals("kafka-topics.sh") && c.has("--list");
    private static final Predicate<CliDoc.Command> PRODUCE_KEYLESS =
            c -> c.script().equals("kafka-console-producer.sh")
                    && !c.line().contains("parse.key")
                    && !c.line().contains("partitioner.class");
    private static final Predicate<CliDoc.Command> PRODUCE_ROUND_ROBIN =
            c -> c.script().equals("kafka-console-producer.sh")
                    && c.line().contains("partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner");
    private static final Predicate<CliDoc.Command> PRODUCE_KEYED =
            c -> c.script().equals("kafka-console-producer.sh") && c.line().contains("parse.key=true");
    private static final Predicate<CliDoc.Command> CONSUME_PLAIN =
            c -> c.script().equals("kafka-console-consumer.sh")
                    && !c.has("--formatter")
                    && !c.has("--group")
                    && !c.has("--from-beginning");
    private static final Predicate<CliDoc.Command> CONSUME_FORMATTED =
            c -> c.script().equals("kafka-console-consumer.sh") && c.has("--formatter") && c.has("--from-beginning");
    private static final Predicate<CliDoc.Command> CONSUME_IN_GROUP =
            c -> c.script().equals("kafka-console-consumer.sh") && c.has("--group");
    private static final Predicate<CliDoc.Command> DESCRIBE_GROUP =
            c -> c.script().equals("kafka-consumer-groups.sh") && c.has("--describe");
    private static final Predicate<CliDoc.Command> RESET_DRY_RUN =
            c -> c.script().equals("kafka-consumer-groups.sh") && c.has("--reset-offsets") && c.has("--dry-run");
    private static final Predicate<CliDoc.Command> RESET_EXECUTE =
            c -> c.script().equals("kafka-consumer-groups.sh") && c.has("--reset-offsets") && c.has("--execute");
    private static final List<Predicate<CliDoc.Command>> ALL = List.of(
            CREATE,
            LIST,
            PRODUCE_KEYLESS,
            PRODUCE_ROUND_ROBIN,
            PRODUCE_KEYED,
            CONSUME_PLAIN,
            CONSUME_FORMATTED,
            CONSUME_IN_GROUP,
            DESCRIBE_GROUP,
            RESET_DRY_RUN,
            RESET_EXECUTE);

    private final Map<String, String> names = new HashMap<>();
    private Path root;
    private List<CliDoc.Command> commands;
    private KafkaTestCluster kafka;

    @BeforeAll
    void readDoc(KafkaTestCluster kafka) {
        this.kafka = kafka;
        this.root = RepoRoot.find();
        this.commands = CliDoc.commands(root.resolve("docs/cli.md"));
        assertThat(commands).as("commands in docs/cli.md").isNotEmpty();
    }

    @Test
    @Order(0)
    void everyCommandOfCliDocIsRunByExactlyOneTest() {
        for (CliDoc.Command c : commands) {
            assertThat(ALL.stream().filter(p -> p.test(c)).count())
                    .as("tests that run this docs/cli.md command: %s", c)
                    .isEqualTo(1);
            assertThat(root.resolve("bin").resolve(c.script()))
                    .as("script of %s", c)
                    .isExecutable();
        }
        assertThat(ALL)
                .allSatisfy(p -> assertThat(commands.stream().anyMatch(p)).isTrue());
    }

    @Test
    @Order(1)
    @Tag("claim")
    void kafkaTopicsCreatesTopicsWithThreePartitions() throws Exception {
        for (CliDoc.Command c : select(CREATE)) {
            run(c);
            String topic = topicOf(c);
            // the tool returns once the controller has the topic; a broker's metadata may lag behind by a moment
            Topics.awaitServing(kafka.admin(), topic, 3, java.time.Duration.ofSeconds(30));
            int partitions = kafka.admin()
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
            System.out.printf("%s -> %s has %d partitions%n", c, topic, partitions);
            assertThat(partitions).isEqualTo(3);
        }
    }

    @Test
    @Order(2)
    void kafkaTopicsListShowsTheCreatedTopics() {
        KafkaTool.Result r = run(only(LIST));
        List<String> listed = r.stdout().lines().map(String::strip).toList();
        assertThat(listed).contains(names.get("first_topic"), names.get("round_robin_topic"));
    }

    @Test
    @Order(3)
    @Tag("claim")
    void consoleProducerWithoutKeysSticksToOnePartitionLikeTheJavaClient() {
        CliDoc.Command c = only(PRODUCE_KEYLESS);
        run(c);
        List<ConsumerRecord<String, String>> records =
                readAll(topicOf(c), c.typedLines().size());
        Map<Integer, Long> perPartition = perPartition(records);
        System.out.printf(
                "keyless console producer, %d lines -> records per partition %s%n", records.size(), perPartition);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(c.typedLines());
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isNull());
        assertThat(perPartition).hasSize(1);
    }

    @Test
    @Order(4)
    @Tag("claim")
    void roundRobinPartitionerSpreadsKeylessLinesOverPartitions() {
        CliDoc.Command c = only(PRODUCE_ROUND_ROBIN);
        run(c);
        List<ConsumerRecord<String, String>> records =
                readAll(topicOf(c), c.typedLines().size());
        Map<Integer, Long> perPartition = perPartition(records);
        System.out.printf(
                "RoundRobinPartitioner, %d lines -> records per partition %s%n", records.size(), perPartition);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(c.typedLines());
        assertThat(perPartition.size()).as("partitions used").isGreaterThan(1);
    }

    @Test
    @Order(5)
    @Tag("claim")
    void consoleProducerWithParseKeySendsEachKeyToItsMurmur2Partition() {
        CliDoc.Command c = only(PRODUCE_KEYED);
        run(c);
        String topic = topicOf(c);
        int before = only(PRODUCE_KEYLESS).typedLines().size();
        List<ConsumerRecord<String, String>> keyed = readAll(
                        topic, before + c.typedLines().size())
                .stream()
                .filter(r -> r.key() != null)
                .toList();
        assertThat(keyed).hasSize(c.typedLines().size());
        for (ConsumerRecord<String, String> r : keyed) {
            int expected = Utils.toPositive(Utils.murmur2(r.key().getBytes(StandardCharsets.UTF_8))) % 3;
            System.out.printf(
                    "key %s value %s -> partition %d (murmur2 %% 3 = %d)%n",
                    r.key(), r.value(), r.partition(), expected);
            assertThat(r.partition()).as("partition of key %s", r.key()).isEqualTo(expected);
        }
        assertThat(keyed.stream()
                        .filter(r -> r.key().equals("user_1"))
                        .map(ConsumerRecord::partition)
                        .distinct())
                .hasSize(1);
    }

    @Test
    @Order(7)
    @Tag("claim")
    void consoleConsumerWithoutFromBeginningPrintsOnlyWhatIsProducedWhileItRuns() {
        CliDoc.Command c = only(CONSUME_PLAIN);
        Map<Integer, Long> endBefore = endOffsets(topicOf(c));
        KafkaTool.Result r = runWhileProducing(c, "plain");
        System.out.printf(
                "plain console consumer on a topic with %d records printed %s%n",
                endBefore.values().stream().mapToLong(Long::longValue).sum(),
                r.stdout().lines().toList());
        assertThat(r.stdout().lines().toList())
                .hasSize(1)
                .allSatisfy(l -> assertThat(l).startsWith("plain-live-"));
    }

    @Test
    @Order(6)
    @Tag("claim")
    void defaultMessageFormatterPrintsTimestampPartitionKeyAndValue() {
        CliDoc.Command c = only(CONSUME_FORMATTED);
        int total = only(PRODUCE_KEYLESS).typedLines().size()
                + only(PRODUCE_KEYED).typedLines().size();
        KafkaTool.Result r = run(c, "--max-messages", String.valueOf(total), "--timeout-ms", "20000");
        List<String> lines = r.stdout().lines().toList();
        lines.forEach(l -> System.out.println("formatter: " + l));
        assertThat(lines).hasSize(total);
        assertThat(lines)
                .allSatisfy(l -> assertThat(l).matches("CreateTime:\\d{13}\tPartition:[0-2]\t(null|user_\\d)\t\\w+"));
        // each printed line names the partition and timestamp the record really has
        List<String> expected = readAll(topicOf(c), total).stream()
                .map(rec -> "CreateTime:" + rec.timestamp() + "\tPartition:" + rec.partition() + "\t" + rec.key() + "\t"
                        + rec.value())
                .toList();
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(8)
    @Tag("claim")
    void consoleConsumerInANewGroupStartsAtTheEndAndCommitsItsPosition() throws Exception {
        CliDoc.Command c = only(CONSUME_IN_GROUP);
        Map<Integer, Long> endBefore = endOffsets(topicOf(c));
        KafkaTool.Result r = runWhileProducing(c, "group");
        Map<Integer, Long> committed = committed(groupOf(c), topicOf(c));
        System.out.printf(
                "group %s printed %s; log end offsets before it started %s, committed after %s%n",
                groupOf(c), r.stdout().lines().toList(), endBefore, committed);
        assertThat(r.stdout().lines().toList())
                .hasSize(1)
                .allSatisfy(l -> assertThat(l).startsWith("group-live-"));
        // the live records go to partition 0: partitions 1 and 2 are committed at their old end, 0 past it
        assertThat(committed.get(1)).isEqualTo(endBefore.get(1));
        assertThat(committed.get(2)).isEqualTo(endBefore.get(2));
        assertThat(committed.get(0)).isGreaterThan(endBefore.get(0));
    }

    @Test
    @Order(9)
    void consumerGroupsDescribeShowsOffsetsAndLagPerPartition() {
        CliDoc.Command c = only(DESCRIBE_GROUP);
        KafkaTool.Result r = run(c);
        System.out.println(r.stdout());
        assertThat(r.stdout()).contains("CURRENT-OFFSET", "LOG-END-OFFSET", "LAG");
        assertThat(r.stdout().lines().filter(l -> l.contains(names.get("first_topic"))))
                .hasSize(3);
    }

    @Test
    @Order(10)
    @Tag("claim")
    void resetOffsetsDryRunChangesNothingAndExecuteMovesTheGroupToTheEarliest() throws Exception {
        CliDoc.Command dryRun = only(RESET_DRY_RUN);
        String group = names.get("my-first-application");
        String topic = names.get("first_topic");
        Map<Integer, Long> before = committed(group, topic);
        assertThat(before.values()).as("committed before the reset").anyMatch(o -> o > 0);

        KafkaTool.Result dry = run(dryRun);
        System.out.println(dry.stdout());
        assertThat(dry.stdout()).contains("NEW-OFFSET");
        assertThat(committed(group, topic)).as("after --dry-run").isEqualTo(before);

        KafkaTool.Result execute = run(only(RESET_EXECUTE));
        System.out.println(execute.stdout());
        Map<Integer, Long> after = committed(group, topic);
        System.out.printf("group %s: committed %s -> --dry-run unchanged -> --execute %s%n", group, before, after);
        assertThat(after).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));
    }

    // ---- plumbing

    private List<CliDoc.Command> select(Predicate<CliDoc.Command> p) {
        List<CliDoc.Command> selected = commands.stream().filter(p).toList();
        assertThat(selected).as("docs/cli.md commands for this test").isNotEmpty();
        return selected;
    }

    private CliDoc.Command only(Predicate<CliDoc.Command> p) {
        List<CliDoc.Command> selected = select(p);
        assertThat(selected).hasSize(1);
        return selected.get(0);
    }

    private String topicOf(CliDoc.Command c) {
        return unique(c.value("--topic"));
    }

    private String groupOf(CliDoc.Command c) {
        return unique(c.value("--group"));
    }

    private String unique(String docName) {
        return names.computeIfAbsent(docName, n -> n + "-" + kafka.uniqueTopicName());
    }

    /** Runs the doc command with this cluster's address and this test's names, plus {@code extra} arguments. */
    private KafkaTool.Result run(CliDoc.Command c, String... extra) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < c.args().size(); i++) {
            String a = c.args().get(i);
            String previous = i > 0 ? c.args().get(i - 1) : "";
            if (a.equals(DOC_BOOTSTRAP)) {
                args.add(kafka.bootstrapServers());
            } else if (previous.equals("--topic") || previous.equals("--group")) {
                args.add(unique(a));
            } else {
                args.add(a);
            }
        }
        args.addAll(List.of(extra));
        String stdin = c.typedLines().stream().map(l -> l + "\n").collect(Collectors.joining());
        long t0 = System.nanoTime();
        KafkaTool.Result r =
                KafkaTool.run(KafkaTool.mainClassOf(root.resolve("bin").resolve(c.script())), args, stdin);
        System.out.printf("ran in %d ms (exit %d): %s%n", (System.nanoTime() - t0) / 1_000_000, r.exitCode(), c);
        assertThat(r.exitCode()).as("exit code of %s\n%s", c, r).isZero();
        return r;
    }

    /**
     * Runs a console consumer command with {@code --max-messages 1} while this thread sends a record to partition 0
     * every 100 ms, until the consumer has printed one and ended.
     */
    private KafkaTool.Result runWhileProducing(CliDoc.Command c, String prefix) {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        CompletableFuture<KafkaTool.Result> tool =
                CompletableFuture.supplyAsync(() -> run(c, "--max-messages", "1", "--timeout-ms", "30000"));
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            while (!tool.isDone()) {
                producer.send(new ProducerRecord<>(topicOf(c), 0, null, prefix + "-live-" + (++sent)))
                        .get(10, TimeUnit.SECONDS);
                try {
                    tool.get(100, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // send the next one
                }
            }
            return tool.get(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(c + " did not end after " + sent + " live records: " + e, e);
        }
    }

    private List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = IntStream.range(0, 3)
                    .mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records in %s", topic).hasSize(expected);
        records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()) != 0
                ? Long.compare(a.timestamp(), b.timestamp())
                : a.partition() != b.partition()
                        ? Integer.compare(a.partition(), b.partition())
                        : Long.compare(a.offset(), b.offset()));
        return records;
    }

    private static Map<Integer, Long> perPartition(List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition, TreeMap::new, Collectors.counting()));
    }

    private Map<Integer, Long> committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin()
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<Integer, Long> result = new TreeMap<>();
        offsets.forEach((tp, om) -> {
            if (tp.topic().equals(topic) && om != null) {
                result.put(tp.partition(), om.offset());
            }
        });
        return result;
    }

    private Map<Integer, Long> endOffsets(String topic) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            Map<Integer, Long> result = new TreeMap<>();
            consumer.endOffsets(IntStream.range(0, 3)
                            .mapToObj(p -> new TopicPartition(topic, p))
                            .toList())
                    .forEach((tp, o) -> result.put(tp.partition(), o));
            return result;
        }
    }
}
