package dev.kafka101.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.StreamSupport;

/** Test plumbing: what the page does over HTTP (read the snapshot, press a button), and the test cluster's brokers. */
final class ConsoleHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LabConsole console;

    ConsoleHttp(LabConsole console) {
        this.console = console;
    }

    /** The console's broker control over the JUnit cluster (the same stop/restart the embedded cluster offers). */
    static BrokerControl control(KafkaTestCluster kafka) {
        return new BrokerControl() {
            @Override
            public int brokerCount() {
                return kafka.brokerCount();
            }

            @Override
            public void stop(int brokerId) {
                kafka.stopBroker(brokerId);
            }

            @Override
            public void start(int brokerId) {
                kafka.restartBroker(brokerId);
            }
        };
    }

    String base() {
        return "http://127.0.0.1:" + console.port();
    }

    JsonNode snapshot() {
        return parse(get("/api/snapshot").body());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    /** A button press as the page sends it: POST with the token header. */
    HttpResponse<String> act(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery))
                .header(LabConsole.TOKEN_HEADER, console.token())
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode broker(JsonNode snapshot, int id) {
        return find(snapshot.get("brokers"), "id", String.valueOf(id));
    }

    static JsonNode topic(JsonNode snapshot, String name) {
        return find(snapshot.get("topics"), "name", name);
    }

    static JsonNode group(JsonNode snapshot, String groupId) {
        return find(snapshot.get("groups"), "groupId", groupId);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(n -> n.path(field).asText().equals(value))
                .findFirst()
                .orElse(null);
    }
}
