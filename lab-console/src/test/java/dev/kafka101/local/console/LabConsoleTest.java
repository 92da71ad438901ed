package dev.kafka101.local.console;

import static dev.kafka101.local.console.ConsoleHttp.broker;
import static dev.kafka101.local.console.ConsoleHttp.group;
import static dev.kafka101.local.console.ConsoleHttp.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON the console page reads, and the console's guards, on a real 3-broker cluster. */
@EmbeddedKafka(brokers = 3)
class LabConsoleTest {
    private static LabConsole console;
    private static ConsoleHttp http;

    @BeforeAll
    static void startConsole(KafkaTestCluster kafka) throws IOException {
        console = LabConsole.start(kafka.clientProperties(), ConsoleHttp.control(kafka), 0);
        http = new ConsoleHttp(console);
    }

    @AfterAll
    static void stopConsole() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void stoppedBrokerShowsDownAndShrinksTheIsr(KafkaTestCluster kafka) {
        String t = kafka.createTopic(3, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode topic = topic(http.snapshot(), t);
            return topic != null && isrSizes(topic).equals(List.of(3, 3, 3));
        });

        assertThat(http.act("/api/brokers/stop?id=2").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode s = http.snapshot();
            assertThat(broker(s, 2).get("up").asBoolean()).as("broker 2 up").isFalse();
            assertThat(broker(s, 2).get("canStart").asBoolean()).isTrue();
            for (JsonNode p : topic(s, t).get("partitions")) {
                assertThat(ids(p.get("isr")))
                        .as("ISR of partition %s", p.get("partition"))
                        .doesNotContain(2)
                        .hasSize(2);
                assertThat(ids(p.get("replicas"))).contains(2);
                assertThat(p.get("underReplicated").asBoolean()).isTrue();
                assertThat(p.get("underMinIsr").asBoolean()).isFalse(); // min.insync.replicas is 1 on this topic
            }
        });
        System.out.println("console: broker 2 stopped -> down, every ISR of " + t + " shrank to 2");

        assertThat(http.act("/api/brokers/start?id=2").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> broker(http.snapshot(), 2).get("up").asBoolean());
    }

    @Test
    void nodeZeroCannotBeStoppedWhileOtherBrokersRun() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.snapshot().get("brokers").size() == 3);
        JsonNode zero = broker(http.snapshot(), 0);
        assertThat(zero.get("controller").asBoolean()).isTrue();
        assertThat(zero.get("canStop").asBoolean()).isFalse();
        assertThat(zero.get("stopBlockedBecause").asText())
                .contains("KRaft controller")
                .contains("1, 2");

        var refused = http.act("/api/brokers/stop?id=0");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("stop brokers 1, 2 first");
        assertThat(broker(http.snapshot(), 0).get("up").asBoolean()).isTrue();
    }

    @Test
    void newConsumerShowsUpAsMemberWithAssignment(KafkaTestCluster kafka) {
        String t = kafka.createTopic(4, 3);
        String g = kafka.uniqueGroupId();
        String classic = kafka.uniqueGroupId();

        var first = ConsoleHttp.parse(
                http.act("/api/consumers/start?topic=" + t + "&group=" + g + "&protocol=consumer&assignor=uniform")
                        .body());
        var old = ConsoleHttp.parse(
                http.act("/api/consumers/start?topic=" + t + "&group=" + classic + "&protocol=classic&assignor=range")
                        .body());
        assertThat(first.get("ok").asBoolean()).isTrue();
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode s = http.snapshot();
                JsonNode kip848 = group(s, g);
                assertThat(kip848).as("group %s in the snapshot", g).isNotNull();
                assertThat(kip848.get("protocol").asText()).isEqualTo("consumer");
                assertThat(kip848.get("members")).hasSize(1);
                JsonNode member = kip848.get("members").get(0);
                assertThat(member.get("clientId").asText())
                        .isEqualTo("console-consumer-" + first.get("id").asInt());
                assertThat(texts(member.get("assignment")))
                        .containsExactlyInAnyOrder(t + "-0", t + "-1", t + "-2", t + "-3");
                for (JsonNode p : kip848.get("partitions")) {
                    assertThat(p.get("owner").asText())
                            .isEqualTo(member.get("memberId").asText());
                }
                JsonNode cls = group(s, classic);
                assertThat(cls).isNotNull();
                assertThat(cls.get("protocol").asText()).isEqualTo("classic");
                assertThat(cls.get("assignor").asText()).isEqualTo("range");
                assertThat(cls.get("members").get(0).get("assignment")).hasSize(4);
            });

            // a second instance in the same group: the partitions are split, each member with its own colour
            var second = ConsoleHttp.parse(
                    http.act("/api/consumers/start?topic=" + t + "&group=" + g + "&protocol=consumer&assignor=uniform")
                            .body());
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode grp = group(http.snapshot(), g);
                assertThat(grp.get("members")).hasSize(2);
                Set<String> all = new HashSet<>();
                Set<Integer> colours = new HashSet<>();
                for (JsonNode m : grp.get("members")) {
                    assertThat(m.get("assignment").size()).isEqualTo(2);
                    all.addAll(texts(m.get("assignment")));
                    colours.add(m.get("colour").asInt());
                }
                assertThat(all).hasSize(4);
                assertThat(colours).hasSize(2);
                assertThat(grp.get("timeline").size()).isGreaterThanOrEqualTo(2); // the rebalance is on the strip
            });
            assertThat(http.act("/api/consumers/stop?id=" + second.get("id").asInt())
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            http.act("/api/consumers/stop?id=" + first.get("id").asInt());
            http.act("/api/consumers/stop?id=" + old.get("id").asInt());
        }
    }

    @Test
    void lagEqualsProducedMinusCommitted(KafkaTestCluster kafka) throws Exception {
        String t = kafka.createTopic(3, 3);
        String g = kafka.uniqueGroupId();
        int[] produced = {10, 20, 30};
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < produced[p]; i++) {
                    producer.send(new ProducerRecord<>(t, p, "k", "v" + i));
                }
            }
            producer.flush();
        }
        long[] committed = {4, 20, 0};
        kafka.admin()
                .alterConsumerGroupOffsets(
                        g,
                        Map.of(
                                new TopicPartition(t, 0), new OffsetAndMetadata(committed[0]),
                                new TopicPartition(t, 1), new OffsetAndMetadata(committed[1]),
                                new TopicPartition(t, 2), new OffsetAndMetadata(committed[2])))
                .all()
                .get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode grp = group(http.snapshot(), g);
            assertThat(grp).as("group %s", g).isNotNull();
            assertThat(grp.get("partitions")).hasSize(3);
            for (JsonNode row : grp.get("partitions")) {
                int p = row.get("partition").asInt();
                assertThat(row.get("logEndOffset").asLong()).isEqualTo(produced[p]);
                assertThat(row.get("committed").asLong()).isEqualTo(committed[p]);
                assertThat(row.get("lag").asLong()).as("lag of partition %d", p).isEqualTo(produced[p] - committed[p]);
            }
            assertThat(grp.get("totalLag").asLong()).isEqualTo(6 + 0 + 30);
        });
    }

    @Test
    void actionsWithoutTheTokenAreRefused() throws IOException {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.snapshot().get("brokers").size() == 3);
        String stop = http.base() + "/api/brokers/stop?id=1";
        var none = http.send(HttpRequest.newBuilder(URI.create(stop)).POST(HttpRequest.BodyPublishers.noBody()));
        var wrong = http.send(HttpRequest.newBuilder(URI.create(stop))
                .header(LabConsole.TOKEN_HEADER, "0".repeat(32))
                .POST(HttpRequest.BodyPublishers.noBody()));
        var consumer = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/api/consumers/start?group=x"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(consumer.statusCode()).isEqualTo(403);
        // a page on another host name (DNS rebinding to 127.0.0.1), even with the token: refused
        assertThat(rawStatusLine("POST /api/brokers/stop?id=1 HTTP/1.1\r\nHost: attacker.example:" + console.port()
                        + "\r\n" + LabConsole.TOKEN_HEADER + ": " + console.token()
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
                .contains(" 403 ");
        // a GET (an <img> or a link) never acts
        assertThat(http.get("/api/brokers/stop?id=1").statusCode()).isEqualTo(405);
        assertThat(broker(http.snapshot(), 1).get("up").asBoolean()).isTrue();
        assertThat(http.snapshot().get("lab").get("consumers")).isEmpty();
    }

    @Test
    void consoleListensOn127001Only() throws IOException {
        assertThat(console.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(console.url()).startsWith("http://127.0.0.1:" + console.port() + "/?token=" + console.token());
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
            ni.inetAddresses()
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .forEach(others::add);
        }
        for (InetAddress other : others) {
            assertThatThrownBy(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(other, console.port()), 2000);
                        }
                    })
                    .as("connect to %s:%d", other.getHostAddress(), console.port())
                    .isInstanceOf(ConnectException.class);
        }
        System.out.println("console: bound to " + console.address() + "; refused on " + others);
    }

    @Test
    void manyOpenPagesShareOneAdminPollPerSecond() throws Exception {
        assertThat(http.get("/").body()).contains("Kafka 101 Lab").contains("/console.js");
        assertThat(http.get("/console.js").statusCode()).isEqualTo(200);
        assertThat(http.get("/console.css").statusCode()).isEqualTo(200);

        long before = console.adminPolls();
        long t0 = System.nanoTime();
        ExecutorService pages = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(pages.submit(() -> http.get("/api/snapshot").statusCode()));
            }
            for (Future<Integer> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pages.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long polls = console.adminPolls() - before;
        System.out.printf(
                "console: 200 snapshot requests from 8 threads in %.2f s -> %d Admin polls%n", seconds, polls);
        assertThat(polls).isLessThanOrEqualTo((long) Math.floor(seconds) + 1);
    }

    @Test
    void externalClusterHasNoBrokerButtons(KafkaTestCluster kafka) throws IOException {
        try (LabConsole external = LabConsole.start(kafka.clientProperties(), null, 0)) {
            ConsoleHttp ext = new ConsoleHttp(external);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ext.snapshot().get("brokers").size() == 3);
            JsonNode s = ext.snapshot();
            assertThat(s.get("embedded").asBoolean()).isFalse();
            assertThat(broker(s, 1).has("canStop")).isFalse();
            var refused = ext.act("/api/brokers/stop?id=1");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("external cluster");
        }
    }

    private static String rawStatusLine(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", console.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private static List<Integer> isrSizes(JsonNode topic) {
        List<Integer> sizes = new ArrayList<>();
        topic.get("partitions").forEach(p -> sizes.add(p.get("isr").size()));
        return sizes;
    }

    private static List<Integer> ids(JsonNode array) {
        List<Integer> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asInt()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
