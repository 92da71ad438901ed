package dev.kafka101.local.lossy;

import dev.kafka101.local.Topics;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A producer talking to a broker through a proxy that loses Produce responses: IdempotenceLab part (c) and exercise 6
 * run the same experiment, so it lives here, next to the proxy, for both.
 */
public final class LossyNetwork {
    private LossyNetwork() {}

    /**
     * Sends {@code records} values "0".."n-1" one at a time (waiting for each answer) through the proxy, losing the
     * response of every {@code dropEvery}-th send; then counts what the topic holds, reading it directly.
     */
    public static LostResponseRun send(
            ProxiedBroker lossy, String topic, Properties producerProps, int records, int dropEvery) throws Exception {
        try (Admin admin = Admin.create(lossy.directProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
        }
        ProduceResponseDroppingProxy proxy = lossy.proxy();
        int droppedBefore = proxy.droppedResponses();
        int requestsBefore = proxy.produceRequests();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < records; i++) {
                if (i % dropEvery == dropEvery - 1) {
                    // the broker appends this one, the producer never hears so
                    proxy.dropNextProduceResponse();
                }
                producer.send(new ProducerRecord<>(topic, String.valueOf(i))).get(30, TimeUnit.SECONDS);
            }
        }
        List<String> stored = Topics.readValues(lossy.directProperties(), topic);
        return new LostResponseRun(
                records, proxy.droppedResponses() - droppedBefore, proxy.produceRequests() - requestsBefore, stored);
    }
}
