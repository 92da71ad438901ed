package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the Kafka 4.4 client ships with, read from the client itself (no broker needed). */
class PartitionerDefaultsTest {

    @Test
    @Tag("claim")
    void noPartitionerClassByDefaultSoTheBuiltInPartitionerDecidesAndLingerMsIs5() {
        Map<String, Object> defaults = ProducerConfig.configDef().defaultValues();

        System.out.printf(
                "4.4 producer defaults: partitioner.class=%s linger.ms=%s batch.size=%s adaptive=%s%n",
                defaults.get("partitioner.class"),
                defaults.get("linger.ms"),
                defaults.get("batch.size"),
                defaults.get("partitioner.adaptive.partitioning.enable"));
        assertThat(defaults.get(ProducerConfig.PARTITIONER_CLASS_CONFIG)).isNull();
        assertThat(defaults.get(ProducerConfig.LINGER_MS_CONFIG)).isEqualTo(5L);
        assertThat(defaults.get(ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo(16_384);
        assertThat(defaults.get(ProducerConfig.PARTITIONER_ADPATIVE_PARTITIONING_ENABLE_CONFIG))
                .isEqualTo(true);
    }

    @Test
    @Tag("claim")
    void defaultPartitionerAndUniformStickyPartitionerAreGoneIn4xRoundRobinPartitionerRemains() {
        assertThat(exists("org.apache.kafka.clients.producer.internals.DefaultPartitioner"))
                .isFalse();
        assertThat(exists("org.apache.kafka.clients.producer.UniformStickyPartitioner"))
                .isFalse();
        assertThat(exists("org.apache.kafka.clients.producer.RoundRobinPartitioner"))
                .isTrue();

        // course code that still names the old default does not even construct a producer any more
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(
                ProducerConfig.PARTITIONER_CLASS_CONFIG,
                "org.apache.kafka.clients.producer.internals.DefaultPartitioner");
        assertThatThrownBy(() -> new KafkaProducer<String, String>(props).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DefaultPartitioner");
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
