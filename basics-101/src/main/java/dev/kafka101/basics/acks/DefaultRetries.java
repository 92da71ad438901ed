package dev.kafka101.basics.acks;

import static org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.AcksLab;
import dev.kafka101.local.KafkaConnection;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** AcksLab's last example: the refused acks=all write again, with the producer's default retries. */
public final class DefaultRetries {
    private DefaultRetries() {}

    /**
     * The same acks=all write as the table, but with the producer's default retries: the broker's
     * NotEnoughReplicas answer is retriable, so the producer retries it until delivery.timeout.ms runs out.
     */
    public static Properties producerProperties(Properties connection, Duration deliveryTimeout) {
        Properties props = new Properties();
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // the 4.x default, written out; retries and enable.idempotence stay at their defaults: 2147483647 and true
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        // each attempt
        props.setProperty(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(Math.min(1000, deliveryTimeout.toMillis() / 2)));
        // the whole send, retries included (default 120 s)
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeout.toMillis()));
        return props;
    }

    public static Outcome send(Properties connection, String topic, Duration deliveryTimeout)
            throws InterruptedException {
        Properties props = producerProperties(connection, deliveryTimeout);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            // metadata first, so the clock below only measures the send
            producer.partitionsFor(topic);
            return AcksLab.sendOne(producer, topic, "default retries");
        }
    }
}
