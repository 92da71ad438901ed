package dev.kafka101.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions worth printing: the Kafka jars on the class path and the Java that runs them. */
public final class Versions {
    private static final String KAFKA = readKafkaVersion();

    private Versions() {}

    /** The Apache Kafka version of the kafka-clients jar on the class path, e.g. {@code 4.4.0}. */
    public static String kafka() {
        return KAFKA;
    }

    public static String java() {
        return System.getProperty("java.version");
    }

    private static String readKafkaVersion() {
        // kafka-clients ships its version in this resource (read by its own AppInfoParser)
        try (InputStream in = org.apache.kafka.clients.producer.KafkaProducer.class.getResourceAsStream(
                "/kafka/kafka-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
