package dev.kafka101.local.junit;

import dev.kafka101.local.ClusterSecurity;
import dev.kafka101.local.EmbeddedKafkaCluster;
import dev.kafka101.local.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 side of {@link EmbeddedKafka}. Clusters live in a JVM-wide map, one per broker count, so the whole
 * test JVM shares them, and a JVM shutdown hook closes them (brokers first, then the controller; temp folders
 * deleted) when the test JVM ends. Not JUnit's root store: with {@code forkCount > 1}, Surefire runs each test class
 * as its own JUnit launch in a reused fork, and the root store (with its clusters) would be closed after every
 * class, so each class would pay a cluster start.
 *
 * <p>System properties: {@code kafka.bootstrap=host:port} uses an external cluster (e.g. docker-compose);
 * {@code kafka.command.config=file} adds client settings (security) for it.
 */
public class KafkaClusterExtension implements ParameterResolver, AfterEachCallback, BeforeAllCallback {
    public static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap";
    public static final String COMMAND_CONFIG_PROPERTY = "kafka.command.config";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<String, Backend> BACKENDS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> BACKENDS.values().forEach(Backend::close), "embedded-kafka-test-clusters-stop"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaTestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return new View(backend(context), context);
    }

    /** {@code -Dkafka.backend=testcontainers} without Docker: skip the class with one clear line (see TestcontainersBackend). */
    @Override
    public void beforeAll(ExtensionContext context) {
        TestcontainersBackend.skipIfUnavailable(context.getRequiredTestClass().getName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // a test that stopped brokers must not leave the shared cluster broken for the next one
        Backend backend = BACKENDS.get(key(context));
        if (backend != null && backend.embedded != null) {
            backend.embedded.restartStoppedBrokers();
        }
    }

    private static String key(ExtensionContext context) {
        String external = System.getProperty(BOOTSTRAP_PROPERTY, "");
        if (secure(context)) {
            return "embedded-secure-" + brokers(context);
        }
        return external.isBlank() ? "embedded-" + brokers(context) : "external";
    }

    private static boolean secure(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, EmbeddedKafka.class))
                .map(EmbeddedKafka::secure)
                .orElse(false);
    }

    private static int brokers(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, EmbeddedKafka.class))
                .map(EmbeddedKafka::brokers)
                .orElse(1);
    }

    private static Backend backend(ExtensionContext context) {
        if (secure(context)) {
            String external = System.getProperty(BOOTSTRAP_PROPERTY, "");
            if (!external.isBlank()) {
                throw new TestAbortedException("this test needs the secured embedded cluster, not " + external);
            }
            return BACKENDS.computeIfAbsent(key(context), k -> Backend.createSecure(brokers(context)));
        }
        return BACKENDS.computeIfAbsent(key(context), k -> Backend.create(brokers(context)));
    }

    /** One cluster and its Admin client, closed when the test JVM ends. */
    static final class Backend implements AutoCloseable {
        final EmbeddedKafkaCluster embedded;
        final Properties clientProperties;
        final Admin admin;
        final int brokers;
        /** Containers of the Testcontainers backend, closed with it; null otherwise. */
        private AutoCloseable containers;

        private Backend(EmbeddedKafkaCluster embedded, Properties clientProperties, int brokers) {
            this.embedded = embedded;
            this.clientProperties = clientProperties;
            this.brokers = brokers;
            this.admin = Admin.create(clientProperties);
        }

        static Backend create(int brokers) {
            Properties props = new Properties();
            String configFile = System.getProperty(COMMAND_CONFIG_PROPERTY, "");
            if (!configFile.isBlank()) {
                try (InputStream in = Files.newInputStream(Path.of(configFile))) {
                    props.load(in);
                } catch (IOException e) {
                    throw new IllegalStateException(
                            "cannot read " + COMMAND_CONFIG_PROPERTY + " file " + configFile, e);
                }
            }
            String external = System.getProperty(BOOTSTRAP_PROPERTY, "");
            if (external.isBlank() && TestcontainersBackend.requested()) {
                TestcontainersBackend.Started started = TestcontainersBackend.start(brokers);
                props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, started.bootstrapServers());
                Backend backend = new Backend(null, props, brokers);
                backend.containers = started.containers();
                return backend;
            }
            if (!external.isBlank()) {
                props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, external);
                try (Admin probe = Admin.create(props)) {
                    int size = probe.describeCluster()
                            .nodes()
                            .get(15, TimeUnit.SECONDS)
                            .size();
                    return new Backend(null, props, size);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot reach the external cluster " + external + ": " + e, e);
                }
            }
            EmbeddedKafkaCluster cluster =
                    EmbeddedKafkaCluster.builder().brokers(brokers).build().start();
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            return new Backend(cluster, props, brokers);
        }

        /** A secured cluster; the backend's own client settings (and Admin) log in as the super-user. */
        static Backend createSecure(int brokers) {
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                    .brokers(brokers)
                    .secure()
                    .build()
                    .start();
            return new Backend(cluster, cluster.clientProperties(ClusterSecurity.ADMIN), brokers);
        }

        @Override
        public void close() {
            admin.close();
            if (embedded != null) {
                embedded.close();
            }
            if (containers != null) {
                try {
                    containers.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot stop the Kafka containers: " + e, e);
                }
            }
        }
    }

    /** What one test sees: the shared backend plus names unique to this test. */
    static final class View implements KafkaTestCluster {
        private final Backend backend;
        private final String testName;

        View(Backend backend, ExtensionContext context) {
            this.backend = backend;
            String name = context.getTestMethod()
                    .map(m -> m.getName())
                    .orElseGet(() ->
                            context.getTestClass().map(Class::getSimpleName).orElse("test"));
            this.testName = name.replaceAll("[^A-Za-z0-9._-]", "-");
        }

        @Override
        public String bootstrapServers() {
            return backend.clientProperties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        }

        @Override
        public Properties clientProperties() {
            Properties copy = new Properties();
            copy.putAll(backend.clientProperties);
            return copy;
        }

        @Override
        public Admin admin() {
            return backend.admin;
        }

        @Override
        public Properties clientProperties(String user) {
            if (security().isEmpty()) {
                return KafkaTestCluster.super.clientProperties(user);
            }
            return backend.embedded.clientProperties(user);
        }

        @Override
        public Optional<ClusterSecurity> security() {
            return backend.embedded == null ? Optional.empty() : backend.embedded.security();
        }

        @Override
        public int brokerCount() {
            return backend.brokers;
        }

        @Override
        public String uniqueTopicName() {
            String base = testName.length() > 180 ? testName.substring(0, 180) : testName;
            return base + "-" + COUNTER.incrementAndGet();
        }

        @Override
        public String uniqueGroupId() {
            return "group-" + uniqueTopicName().toLowerCase(Locale.ROOT);
        }

        @Override
        public String createTopic(int partitions, int replicationFactor, Map<String, String> configs) {
            String name = uniqueTopicName();
            createTopic(name, partitions, replicationFactor, configs);
            return name;
        }

        @Override
        public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
            try {
                admin().createTopics(java.util.List.of(
                                new NewTopic(name, partitions, (short) replicationFactor).configs(configs)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                Topics.awaitServing(admin(), name, partitions, java.time.Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
            }
        }

        @Override
        public boolean canStopBrokers() {
            return backend.embedded != null;
        }

        @Override
        public void stopBroker(int brokerId) {
            requireEmbedded();
            backend.embedded.stopBroker(brokerId);
        }

        @Override
        public void restartBroker(int brokerId) {
            requireEmbedded();
            backend.embedded.restartBroker(brokerId);
        }

        private void requireEmbedded() {
            if (backend.embedded == null) {
                throw new TestAbortedException(
                        "this test stops brokers: it needs the embedded cluster, not " + bootstrapServers());
            }
        }
    }
}
