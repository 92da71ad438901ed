package dev.kafka101.basics;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.ClusterSecurity;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.EmbeddedKafkaCluster;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.KafkaErrors;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Logging in (SASL/SCRAM) and being allowed (ACLs): on a secured cluster, what the learner, a wrong password and a
 * client that does not log in each get. Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.SecuredClusterDemo}.
 * Proven by {@code SecuredClusterTest} (docs/security.md).
 */
public final class SecuredClusterDemo {
    private SecuredClusterDemo() {}

    public static void main(String[] args) {
        // Each refusal below is printed as one line by this demo. Kafka logs the same events itself: the producer's
        // Metadata (ERROR "Topic authorization failed"), the clients' NetworkClient (ERROR "failed authentication"),
        // and the broker's Selector (WARN + stack trace "Unexpected Kafka request of type METADATA during SASL
        // handshake"). Mute those three for this run only (set before the first logger is created).
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.Metadata", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.common.network.Selector", "error");
        // no connection flags: it starts its own secured cluster
        DemoMain.runTool(CommandLine.bare("SecuredClusterDemo"), args, cli -> run());
    }

    private static void run() throws Exception {
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().secure().build().start()) {
            ClusterSecurity users = cluster.security().orElseThrow();
            System.out.printf(
                    "Secured cluster at %s: SASL_PLAINTEXT + %s, StandardAuthorizer; users admin (super-user) "
                            + "and learner (topics and groups '%s*' only)%n%n",
                    cluster.bootstrapServers(), ClusterSecurity.MECHANISM, ClusterSecurity.LEARNER_PREFIX);

            // The learner's client settings: what a client.properties file for this cluster holds.
            Properties learner = new Properties();
            // where Kafka is
            learner.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            // log in (SASL); no TLS: 127.0.0.1 only
            learner.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            // challenge-response: the password never crosses the wire
            learner.setProperty(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
            learner.setProperty(
                    SaslConfigs
                            .SASL_JAAS_CONFIG, // who we are; the password is the cluster's, generated at start, never
                    // in source
                    ClusterSecurity.scramJaas(ClusterSecurity.LEARNER, users.password(ClusterSecurity.LEARNER)));

            System.out.println("1. learner writes to learner.demo (an ACL allows topics 'learner.*'):");
            RecordMetadata m = send(learner, "learner.demo");
            System.out.printf("   written: partition %d, offset %d%n", m.partition(), m.offset());

            System.out.println("2. learner writes to other.topic (no ACL for it):");
            try {
                send(learner, "other.topic");
                System.out.println("   written?! (this should not happen)");
            } catch (Exception e) {
                System.out.println("   refused: " + KafkaErrors.oneLine(e, learner));
            }

            System.out.println("3. learner with a wrong password:");
            Properties wrong = new Properties();
            wrong.putAll(learner);
            wrong.setProperty(
                    SaslConfigs.SASL_JAAS_CONFIG, // the same user, a made-up password
                    ClusterSecurity.scramJaas(ClusterSecurity.LEARNER, "not-the-password"));
            try (Admin admin = Admin.create(wrong)) {
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                System.out.println("   logged in?! (this should not happen)");
            } catch (Exception e) {
                System.out.println("   refused: " + KafkaErrors.oneLine(e, wrong));
            }

            System.out.println("4. a client that does not log in (security.protocol=PLAINTEXT, the default):");
            try (KafkaConnection plain = KafkaConnection.resolve(
                    CommandLine.spec("SecuredClusterDemo").parse("--bootstrap-server", cluster.bootstrapServers()),
                    Map.of(),
                    1)) {
                plain.checkReachable();
                System.out.println("   connected?! (this should not happen)");
            } catch (BadInputException e) {
                System.out.println("   refused: " + e.getMessage());
            }
            System.out.println();
            System.out.println("Connecting to a hosted cluster the same way: docs/security.md");
        }
    }

    /** Sends one record as whoever {@code connection} logs in as; returns where it landed. */
    private static RecordMetadata send(Properties connection, String topic) throws Exception {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // a refused topic: fail within 10 s, not 60
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            return producer.send(new ProducerRecord<>(topic, "hello from " + ClusterSecurity.LEARNER))
                    .get(15, TimeUnit.SECONDS);
        }
    }
}
