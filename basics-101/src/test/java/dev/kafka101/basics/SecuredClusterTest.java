package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.ClusterSecurity;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.KafkaErrors;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The secured embedded cluster (SASL_PLAINTEXT + SCRAM-SHA-512, StandardAuthorizer, ACLs for {@code learner}): who may
 * do what, and what a refused client prints. See docs/security.md.
 */
@EmbeddedKafka(secure = true)
@Execution(
        ExecutionMode
                .CONCURRENT) // each test has its own users, topics, groups and ACLs on the shared secured cluster, and
// mostly waits on demo JVMs
class SecuredClusterTest {

    @TempDir
    Path dir;

    @Test
    @Tag("claim")
    void learnerProducesToAndConsumesFromLearnerTopics(KafkaTestCluster kafka) throws Exception {
        Properties learner = kafka.clientProperties(ClusterSecurity.LEARNER);
        String topic = "learner.demo";
        kafka.createTopic(topic, 3, 1, Map.of());

        List<RecordMetadata> sent = ProducerDemo.send(KafkaConnection.of(learner), topic, 5);
        List<ConsumerRecord<String, String>> read =
                readAtLeast(learner, topic, "learner." + kafka.uniqueGroupId(), sent);

        assertThat(sent).hasSize(5);
        // the topic is shared by the demo children below: look for this test's own records
        assertThat(read)
                .extracting(r -> r.partition() + "@" + r.offset())
                .containsAll(
                        sent.stream().map(m -> m.partition() + "@" + m.offset()).toList());
    }

    @Test
    @Tag("claim")
    void learnerIsRefusedOnOtherTopicAndOtherGroupAndNothingIsWrittenThere(KafkaTestCluster kafka) throws Exception {
        Properties learner = kafka.clientProperties(ClusterSecurity.LEARNER);
        String otherTopic = "other.topic";
        kafka.createTopic(
                otherTopic, 1, 1, Map.of()); // exists (made by admin): the refusal is about rights, not existence
        String learnerTopic = "learner." + kafka.uniqueTopicName();
        kafka.createTopic(learnerTopic, 1, 1, Map.of());
        ProducerDemo.send(KafkaConnection.of(learner), learnerTopic, 1);

        Throwable topicRefusal = catchThrowable(() -> ProducerDemo.send(KafkaConnection.of(learner), otherTopic, 3));
        Throwable groupRefusal = catchThrowable(() ->
                ConsumerDemo.consume(KafkaConnection.of(learner), learnerTopic, "other-group", Duration.ofSeconds(5)));

        assertThat(topicRefusal).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(KafkaErrors.oneLine(topicRefusal, learner))
                .isEqualTo("user 'learner' may not use topic(s) [other.topic]: no ACL allows it "
                        + "(TopicAuthorizationException: Not authorized to access topics: [other.topic])");
        assertThat(groupRefusal).isInstanceOf(GroupAuthorizationException.class);
        assertThat(KafkaErrors.oneLine(groupRefusal, learner))
                .startsWith("user 'learner' may not use consumer group 'other-group': no ACL allows it");

        Admin admin = kafka.admin();
        TopicPartition p0 = new TopicPartition(otherTopic, 0);
        long endOffset = admin.listOffsets(Map.of(p0, OffsetSpec.latest()))
                .partitionResult(p0)
                .get(10, TimeUnit.SECONDS)
                .offset();
        assertThat(endOffset).as("records in other.topic").isZero();
        assertThat(admin.listConsumerGroupOffsets("other-group")
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS))
                .as("offsets committed by other-group")
                .isEmpty();
        System.out.printf(
                "learner refused: other.topic (end offset %d), group other-group (0 offsets committed)%n", endOffset);
    }

    @Test
    @Tag("claim")
    void adminCanCreateAclsLearnerCannot(KafkaTestCluster kafka) throws Exception {
        AclBinding readOneTopic = new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "acl-test." + kafka.uniqueTopicName(), PatternType.LITERAL),
                new AccessControlEntry(
                        "User:" + ClusterSecurity.LEARNER, "*", AclOperation.READ, AclPermissionType.ALLOW));

        try (Admin learner = Admin.create(kafka.clientProperties(ClusterSecurity.LEARNER))) {
            Throwable refused = catchThrowable(
                    () -> learner.createAcls(List.of(readOneTopic)).all().get(10, TimeUnit.SECONDS));
            assertThat(refused)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(ClusterAuthorizationException.class);
            assertThat(KafkaErrors.oneLine(refused, kafka.clientProperties(ClusterSecurity.LEARNER)))
                    .startsWith("user 'learner' may not do this on the cluster");
        }
        Admin admin = kafka.admin();
        AclBindingFilter filter = readOneTopic.toFilter();
        assertThat(admin.describeAcls(filter).values().get(10, TimeUnit.SECONDS))
                .isEmpty();
        admin.createAcls(List.of(readOneTopic)).all().get(10, TimeUnit.SECONDS);
        assertThat(admin.describeAcls(filter).values().get(10, TimeUnit.SECONDS))
                .containsExactly(readOneTopic);
        admin.deleteAcls(List.of(filter)).all().get(10, TimeUnit.SECONDS);
    }

    /**
     * The two cluster-level rights differ: {@code ALTER_CONFIGS} on the cluster lets a user change broker configs,
     * {@code ALTER} lets it create and delete ACLs; neither implies the other.
     */
    @Test
    @Tag("claim")
    void alteringBrokerConfigsNeedsAlterConfigsOnTheClusterWhileCreatingAclsNeedsAlter(KafkaTestCluster kafka)
            throws Exception {
        Admin admin = kafka.admin();
        String user = "operator-"
                + kafka.uniqueGroupId().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        String password = "Op-" + UUID.randomUUID();
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                .all()
                .get(10, TimeUnit.SECONDS);
        Properties operator = ClusterSecurity.clientProperties(user, password);
        operator.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        AclBinding alter = clusterAcl(user, AclOperation.ALTER);
        AclBinding alterConfigs = clusterAcl(user, AclOperation.ALTER_CONFIGS);
        AclBinding someTopicAcl = new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "ops." + kafka.uniqueTopicName(), PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", AclOperation.READ, AclPermissionType.ALLOW));
        // validateOnly: authorized and checked like a real change, but nothing is changed on the shared cluster
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> brokerConfig = Map.of(
                new ConfigResource(ConfigResource.Type.BROKER, "0"),
                List.of(new AlterConfigOp(new ConfigEntry("log.cleaner.threads", "1"), AlterConfigOp.OpType.SET)));
        var validateOnly = new AlterConfigsOptions().validateOnly(true);

        try (Admin op = Admin.create(operator)) {
            admin.createAcls(List.of(alter)).all().get(10, TimeUnit.SECONDS);
            // ACLs and the new user reach the broker through the metadata log: retry until they are in force
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                op.createAcls(List.of(someTopicAcl)).all().get(10, TimeUnit.SECONDS);
                return true;
            });
            Throwable configsWithAlterOnly = catchThrowable(() ->
                    op.incrementalAlterConfigs(brokerConfig, validateOnly).all().get(10, TimeUnit.SECONDS));

            admin.deleteAcls(List.of(alter.toFilter())).all().get(10, TimeUnit.SECONDS);
            admin.createAcls(List.of(alterConfigs)).all().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                op.incrementalAlterConfigs(brokerConfig, validateOnly).all().get(10, TimeUnit.SECONDS);
                return true;
            });
            Throwable aclsWithAlterConfigsOnly = catchThrowable(
                    () -> op.deleteAcls(List.of(someTopicAcl.toFilter())).all().get(10, TimeUnit.SECONDS));

            System.out.printf(
                    "ALTER on CLUSTER: createAcls ok, incrementalAlterConfigs(broker 0) %s; "
                            + "ALTER_CONFIGS on CLUSTER: incrementalAlterConfigs ok, deleteAcls %s%n",
                    configsWithAlterOnly.getCause().getClass().getSimpleName(),
                    aclsWithAlterConfigsOnly.getCause().getClass().getSimpleName());
            assertThat(configsWithAlterOnly)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(ClusterAuthorizationException.class);
            assertThat(aclsWithAlterConfigsOnly)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(ClusterAuthorizationException.class);
        } finally {
            admin.deleteAcls(List.of(alter.toFilter(), alterConfigs.toFilter(), someTopicAcl.toFilter()))
                    .all()
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static AclBinding clusterAcl(String user, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    @Test
    @Tag("claim")
    void wrongPasswordIsRefusedInOneLineWithoutPasswordOrJaasLine(KafkaTestCluster kafka) throws Exception {
        Path file = write(
                "wrong.properties",
                ClusterSecurity.clientProperties(ClusterSecurity.LEARNER, "Wrong-Pa55word-xyz"),
                kafka.bootstrapServers());
        try (KafkaConnection c = resolve("--command-config", file.toString())) {
            long t0 = System.nanoTime();
            Throwable refused = catchThrowable(c::checkReachable);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("wrong password: refused after %d ms: %s%n", ms, refused.getMessage());
            assertThat(refused)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("refused the login of user 'learner' (SCRAM-SHA-512)")
                    .hasMessageContaining("SaslAuthenticationException");
            assertThat(refused.getMessage())
                    .doesNotContain("Wrong-Pa55word-xyz")
                    .doesNotContain("ScramLoginModule")
                    .doesNotContain("password=")
                    .doesNotContain("\n");
        }
    }

    @Test
    @Tag("claim")
    void plaintextClientAgainstTheSaslListenerFailsFastInOneLine(KafkaTestCluster kafka) {
        try (KafkaConnection c = resolve("--bootstrap-server", kafka.bootstrapServers())) {
            long t0 = System.nanoTime();
            assertThatThrownBy(c::checkReachable)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("closed the connection when asked for metadata without logging in: "
                            + "this listener expects SASL");
            System.out.printf(
                    "PLAINTEXT client at the SASL listener: refused after %d ms (the Admin timeout alone "
                            + "would be %d ms)%n",
                    (System.nanoTime() - t0) / 1_000_000, KafkaConnection.REACH_TIMEOUT_MS);
        }
    }

    /**
     * Every demo, run as the learner in its own JVM, works where the ACLs allow and stops with one line where they do
     * not; nothing any of them prints contains a configured secret.
     */
    @Test
    @Tag("claim")
    void demosRunAsLearnerWorkOrFailInOneLineAndPrintNoSecret(KafkaTestCluster kafka) throws Exception {
        ClusterSecurity users = kafka.security().orElseThrow();
        String learnerPassword = users.password(ClusterSecurity.LEARNER);
        String wrongPassword = "Not-The-Learner-Pw-42";
        Path learnerFile = write("learner.properties", kafka.clientProperties(ClusterSecurity.LEARNER), null);
        // the same login with the password from the environment (Kafka's EnvVarConfigProvider): nothing in the file
        Properties fromEnv = kafka.clientProperties(ClusterSecurity.LEARNER);
        fromEnv.setProperty("config.providers", "env");
        fromEnv.setProperty(
                "config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        fromEnv.setProperty(
                SaslConfigs.SASL_JAAS_CONFIG,
                ClusterSecurity.scramJaas(ClusterSecurity.LEARNER, "${env:KAFKA_LEARNER_PASSWORD}"));
        Path envFile = write("learner-env.properties", fromEnv, null);
        Path wrongFile = write(
                "wrong.properties",
                ClusterSecurity.clientProperties(ClusterSecurity.LEARNER, wrongPassword),
                kafka.bootstrapServers());
        String readTopic = "learner." + kafka.uniqueTopicName();
        kafka.createTopic(readTopic, 1, 1, Map.of());
        ProducerDemo.send(KafkaConnection.of(kafka.clientProperties(ClusterSecurity.LEARNER)), readTopic, 3);
        String writeTopic = "learner." + kafka.uniqueTopicName();

        // three JVMs at a time: each takes seconds of CPU to start and for its first SCRAM login (4096 PBKDF2
        // rounds in a cold JVM); on a busy machine that can exceed the 10 s a demo waits for the cluster by default
        List<String> jvm = List.of("-D" + KafkaConnection.REACH_TIMEOUT_PROPERTY + "=30000");
        Map<String, JavaProcess> demos = new LinkedHashMap<>();
        Map<String, Integer> codes = new LinkedHashMap<>();
        try {
            demos.put(
                    "consumer, password from env",
                    JavaProcess.start(
                            ConsumerDemo.class,
                            Map.of("KAFKA_LEARNER_PASSWORD", learnerPassword),
                            jvm,
                            "--command-config",
                            envFile.toString(),
                            "--topic",
                            readTopic,
                            "--group",
                            "learner." + kafka.uniqueGroupId()));
            demos.put(
                    "producer, other.topic",
                    JavaProcess.start(
                            ProducerDemo.class,
                            Map.of(),
                            jvm,
                            "--command-config",
                            learnerFile.toString(),
                            "--topic",
                            "other.topic"));
            demos.put(
                    "producer, PLAINTEXT",
                    JavaProcess.start(
                            ProducerDemo.class, Map.of(), jvm, "--bootstrap-server", kafka.bootstrapServers()));
            waitForAll(demos, codes);
            demos.put(
                    "producer",
                    JavaProcess.start(
                            ProducerDemo.class,
                            Map.of(),
                            jvm,
                            "--command-config",
                            learnerFile.toString(),
                            "--topic",
                            writeTopic));
            demos.put(
                    "consumer, other-group",
                    JavaProcess.start(
                            ConsumerDemo.class,
                            Map.of(),
                            jvm,
                            "--command-config",
                            learnerFile.toString(),
                            "--topic",
                            readTopic,
                            "--group",
                            "other-group"));
            demos.put(
                    "producer, wrong password",
                    JavaProcess.start(ProducerDemo.class, Map.of(), jvm, "--command-config", wrongFile.toString()));
            waitForAll(demos, codes);

            List<String> secrets = new ArrayList<>(List.of(
                    learnerPassword,
                    users.password(ClusterSecurity.ADMIN),
                    wrongPassword,
                    "ScramLoginModule",
                    "PlainLoginModule"));
            StringBuilder everything = new StringBuilder();
            demos.forEach((name, p) -> {
                System.out.printf(
                        "--- %s: exit %d after %d ms%n%s%s",
                        name, codes.get(name), p.elapsed().toMillis(), p.stdout(), p.stderr());
                everything.append(p.stdout()).append(p.stderr());
            });

            Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put("consumer, password from env", 0);
            expected.put("producer, other.topic", 2);
            expected.put("producer, PLAINTEXT", 2);
            expected.put("producer", 0);
            expected.put("consumer, other-group", 2);
            expected.put("producer, wrong password", 2);
            assertThat(codes).containsExactlyEntriesOf(expected);
            assertThat(demos.get("producer").stdout()).contains("-> topic " + writeTopic);
            assertThat(demos.get("consumer, password from env").stdout())
                    .contains("value=hello world 0", "value=hello world 1", "value=hello world 2");
            DemoMainErrorsTest.assertOneLineError(
                    demos.get("producer, other.topic").stderr(), "user 'learner' may not use");
            DemoMainErrorsTest.assertOneLineError(
                    demos.get("consumer, other-group").stderr(),
                    "user 'learner' may not use consumer group 'other-group'");
            DemoMainErrorsTest.assertOneLineError(
                    demos.get("producer, wrong password").stderr(), "refused the login of user 'learner'");
            DemoMainErrorsTest.assertOneLineError(
                    demos.get("producer, PLAINTEXT").stderr(), "expects SASL");
            for (String secret : secrets) {
                assertThat(everything.toString())
                        .as("demo output scanned for a secret")
                        .doesNotContain(secret);
            }
            System.out.printf(
                    "scanned %d characters of demo output for %d secrets: none found%n",
                    everything.length(), secrets.size());
        } finally {
            demos.values().forEach(JavaProcess::close);
        }
    }

    /**
     * SecuredClusterDemo's output is its lesson: one line per outcome (written, refused topic, wrong password, no
     * login), none of Kafka's own ERROR/WARN log lines about the same events. It starts its own secured cluster.
     */
    @Test
    void securedClusterDemoPrintsOneLinePerOutcomeAndNoKafkaLogLines() {
        try (JavaProcess demo = JavaProcess.start(SecuredClusterDemo.class, List.of("-Xmx384m"))) {
            int exit = demo.waitFor(Duration.ofSeconds(120));
            String output = demo.stdout() + demo.stderr();
            System.out.printf(
                    "SecuredClusterDemo: exit %d after %d ms%n%s",
                    exit, demo.elapsed().toMillis(), output);
            assertThat(exit).as("exit code\n%s", output).isZero();
            // slf4j-simple's "[ERROR] Class - ..." lines, and the exception lines and stack frames that follow them
            List<String> logLines = output.lines()
                    .filter(l -> l.matches(".*\\[(ERROR|WARN)\\].*")
                            || l.matches("^(org|kafka)\\.\\S+(Exception|Error)\\b.*")
                            || l.startsWith("\tat "))
                    .toList();
            assertThat(logLines)
                    .as("Kafka's own log lines in the demo's output")
                    .isEmpty();
            List<String> outcomes =
                    demo.stdout().lines().filter(l -> l.startsWith("   ")).toList();
            assertThat(outcomes).hasSize(4);
            assertThat(outcomes.get(0)).startsWith("   written: partition 0, offset ");
            assertThat(outcomes.get(1)).startsWith("   refused: user 'learner' may not use topic(s) [other.topic]");
            assertThat(outcomes.get(2)).startsWith("   refused: Kafka refused the login of user 'learner'");
            assertThat(outcomes.get(3)).startsWith("   refused: ").contains("this listener expects SASL");
        }
    }

    private static void waitForAll(Map<String, JavaProcess> demos, Map<String, Integer> codes) {
        demos.forEach((name, p) -> codes.computeIfAbsent(name, n -> p.waitFor(Duration.ofSeconds(120))));
    }

    /** Polls as a member of {@code group} until every record of {@code sent} was read (30 s at most). */
    private static List<ConsumerRecord<String, String>> readAtLeast(
            Properties connection, String topic, String group, List<RecordMetadata> sent) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        Set<String> wanted = new HashSet<>(
                sent.stream().map(m -> m.partition() + "@" + m.offset()).toList());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (!wanted.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(r);
                    wanted.remove(r.partition() + "@" + r.offset());
                }
            }
            consumer.commitSync();
        }
        return read;
    }

    private static KafkaConnection resolve(String... args) {
        return KafkaConnection.resolve(CommandLine.spec("test").parse(args), Map.of(), 1);
    }

    private Path write(String name, Properties props, String bootstrap) throws IOException {
        Properties p = new Properties();
        p.putAll(props);
        if (bootstrap != null) {
            p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        }
        Path file = dir.resolve(name);
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }
}
