package dev.kafka101.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The users and rules of a secured {@link EmbeddedKafkaCluster}: one {@code SASL_PLAINTEXT} client listener on
 * 127.0.0.1 with SCRAM-SHA-512, two users created when the storage is formatted, and ACLs enforced by Kafka's
 * {@code StandardAuthorizer}:
 * <ul>
 *     <li>{@value #ADMIN}: super-user (the brokers use it too, to talk to each other and to the controller);</li>
 *     <li>{@value #LEARNER}: may create, write, read and describe topics whose name starts with
 *     {@value #LEARNER_PREFIX}, and use consumer groups whose id starts with {@value #LEARNER_PREFIX}. Nothing else.</li>
 * </ul>
 * Passwords are generated at random for each cluster (never in source code); they reach a client only through
 * {@link #clientProperties(String)} or a file written by {@link #writeClientProperties}.
 *
 * <p>Why {@code SASL_PLAINTEXT} and not {@code SASL_SSL}: the cluster listens on 127.0.0.1 only, so there is no network
 * to protect; a self-signed keystore would add a truststore file and certificate errors that teach nothing about
 * authentication or ACLs. A hosted cluster uses {@code SASL_SSL}: the same SASL lines plus TLS (docs/security.md).
 */
public final class ClusterSecurity {
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";
    public static final String LEARNER = "learner";
    /** The learner's topics and consumer groups start with this. */
    public static final String LEARNER_PREFIX = "learner.";

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords = new LinkedHashMap<>();

    private ClusterSecurity(String adminPassword, String learnerPassword) {
        passwords.put(ADMIN, checkPassword(adminPassword));
        passwords.put(LEARNER, checkPassword(learnerPassword));
    }

    /** New random passwords for {@value #ADMIN} and {@value #LEARNER}. */
    public static ClusterSecurity generate() {
        return new ClusterSecurity(randomPassword(), randomPassword());
    }

    /** Given passwords (letters, digits, '-' and '_' only: they go into a JAAS line and a format argument). */
    public static ClusterSecurity withPasswords(String adminPassword, String learnerPassword) {
        return new ClusterSecurity(adminPassword, learnerPassword);
    }

    public List<String> users() {
        return List.copyOf(passwords.keySet());
    }

    /** The password of {@code user} ({@value #ADMIN} or {@value #LEARNER}): for tests and the cluster's own files. */
    public String password(String user) {
        String p = passwords.get(user);
        if (p == null) {
            throw new IllegalArgumentException("no user '" + user + "' on this cluster (users: " + users() + ")");
        }
        return p;
    }

    /**
     * What a client needs to log in as {@code user}: {@code security.protocol}, {@code sasl.mechanism} and
     * {@code sasl.jaas.config} (no {@code bootstrap.servers}).
     */
    public Properties clientProperties(String user) {
        return clientProperties(user, password(user));
    }

    /** Client settings for any user and password on this cluster (e.g. a wrong one, to see the refusal). */
    public static Properties clientProperties(String user, String password) {
        Properties p = new Properties();
        p.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.setProperty(SaslConfigs.SASL_MECHANISM, MECHANISM);
        p.setProperty(SaslConfigs.SASL_JAAS_CONFIG, scramJaas(user, password));
        return p;
    }

    /** The JAAS line of a SCRAM client: {@code ...ScramLoginModule required username="u" password="p";}. */
    public static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /**
     * Writes a {@code client.properties} for {@code user} (bootstrap + SASL settings) readable by the owner only;
     * what {@code --command-config} takes.
     */
    public Path writeClientProperties(Path file, String user, String bootstrapServers) throws IOException {
        Properties p = clientProperties(user);
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        // written by hand, not with Properties.store: that would escape every '=' of the JAAS line
        StringBuilder text =
                new StringBuilder("# Kafka 101 Lab: log in to the secured local cluster as '" + user + "' (" + MECHANISM
                        + ").\n# Generated for this cluster only; deleted when it stops. Do not commit it.\n");
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            text.append(key).append('=').append(p.getProperty(key)).append('\n');
        }
        Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
        return file;
    }

    /** Broker settings of the secured layout; the listener names are those {@link EmbeddedKafkaCluster} uses. */
    Map<String, String> brokerSettings(String clientListener, String controllerListener) {
        String admin = password(ADMIN);
        String client = clientListener.toLowerCase(java.util.Locale.ROOT);
        String controller = controllerListener.toLowerCase(java.util.Locale.ROOT);
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                "listener.security.protocol.map",
                clientListener + ":SASL_PLAINTEXT," + controllerListener + ":SASL_PLAINTEXT");
        // Brokers and clients: SCRAM-SHA-512 (users live in the cluster metadata, created at format time).
        p.put("listener.name." + client + ".sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put(
                "listener.name." + client + "." + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                scramJaas(ADMIN, admin)); // the identity a broker uses towards the other brokers
        // Broker -> controller: PLAIN (SCRAM cannot be used there: the controller holds the SCRAM credentials).
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name." + controller + ".sasl.enabled.mechanisms", "PLAIN");
        p.put(
                "listener.name." + controller + ".plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + admin + "\" user_" + ADMIN + "=\"" + admin + "\";");
        // Authorization: the KRaft authorizer, admin is super-user, everyone else needs an ACL.
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** {@code kafka-storage format} arguments creating the SCRAM users (the brokers need them before they start). */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        passwords.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + password + "]");
        });
        return args;
    }

    /** The learner's ACLs: prefixed {@value #LEARNER_PREFIX} topics and groups. */
    public static List<AclBinding> learnerAcls() {
        List<AclBinding> acls = new ArrayList<>();
        ResourcePattern topics = new ResourcePattern(ResourceType.TOPIC, LEARNER_PREFIX, PatternType.PREFIXED);
        ResourcePattern groups = new ResourcePattern(ResourceType.GROUP, LEARNER_PREFIX, PatternType.PREFIXED);
        for (AclOperation op :
                List.of(AclOperation.CREATE, AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)) {
            acls.add(allow(topics, op));
        }
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
            acls.add(allow(groups, op));
        }
        return acls;
    }

    private static AclBinding allow(ResourcePattern pattern, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + LEARNER, "*", op, AclPermissionType.ALLOW));
    }

    private static String randomPassword() {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String checkPassword(String p) {
        if (p == null || !p.matches("[A-Za-z0-9_-]{8,}")) {
            throw new IllegalArgumentException("a password here needs 8 or more letters, digits, '-' or '_'");
        }
        return p;
    }
}
