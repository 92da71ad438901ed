package dev.kafka101.exercises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.background.BackgroundEventHandler;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Exercise 10: the Wikimedia handler's {@code onMessage}: each recent change becomes one record, keyed by its wiki.
 * Checked by {@code Ex10WikimediaHandlerTest}; the lesson: docs/wikimedia.md.
 */
public final class Ex10_WikimediaHandler implements BackgroundEventHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Producer<String, String> producer;
    private final String topic;

    public Ex10_WikimediaHandler(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * One Wikimedia recent change (the JSON in {@code event.getData()}, e.g. {@code {"wiki":"enwiki","meta":{...},...}}).
     * Send it to the topic unchanged as the value, keyed by its {@code wiki}, so each wiki's changes stay in order on
     * one partition. Canary events ({@code "meta":{"domain":"canary"}}, Wikimedia's own test events) are not sent.
     */
    @Override
    public void onMessage(String eventName, MessageEvent event) throws Exception {
        // ---- your code starts here ----
        // TODO(exercise): read the JSON (JSON.readTree(...)), skip canaries, send with the wiki as the key
        throw new UnsupportedOperationException("TODO(exercise 10): send each change with its wiki as the key");
        // ---- your code ends here ----
    }

    @Override
    public void onOpen() {
        // the stream is connected: nothing to do
    }

    @Override
    public void onClosed() {
        // the producer is closed by its owner
    }

    @Override
    public void onComment(String comment) {
        // keep-alives: nothing to send
    }

    @Override
    public void onError(Throwable t) {
        // connection problems: the event source reconnects itself
    }
}
