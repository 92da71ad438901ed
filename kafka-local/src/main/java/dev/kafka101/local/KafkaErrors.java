package dev.kafka101.local;

import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Plumbing for demos: turns what a secured cluster throws mid-run (refused login, no ACL for a topic or a group) into
 * one line that says who was refused what, with every configured secret scrubbed.
 *
 * {@link DemoMain} prints it for whatever a lesson throws: {@code error: user 'learner' may not use topic(s)
 * [other.topic] ...} and exit code 2.
 */
public final class KafkaErrors {
    private KafkaErrors() {}

    /** The authentication or authorization failure somewhere in {@code error}'s cause chain, if there is one. */
    public static Optional<RuntimeException> accessError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return Optional.of((RuntimeException) t);
            }
        }
        return Optional.empty();
    }

    /**
     * One line for {@code error}: who was refused what for an access error, otherwise the first line of the root
     * cause. Secrets of {@code clientProperties} (and passwords inside its JAAS line) never appear in it.
     */
    public static String oneLine(Throwable error, Properties clientProperties) {
        String user = Secrets.jaasUser(clientProperties.getProperty(SaslConfigs.SASL_JAAS_CONFIG))
                .map(u -> "user '" + u + "'")
                .orElse("this client (no SASL user configured)");
        String mechanism = clientProperties.getProperty(SaslConfigs.SASL_MECHANISM, "no sasl.mechanism");
        Optional<RuntimeException> access = accessError(error);
        String line;
        if (access.isEmpty()) {
            line = error instanceof BadInputException ? error.getMessage() : rootMessage(error);
        } else {
            RuntimeException e = access.get();
            String reason = firstLine(e.getMessage());
            if (e instanceof SaslAuthenticationException || e instanceof AuthenticationException) {
                line = "Kafka refused the login of " + user + " (" + mechanism + "): wrong user name or password? ("
                        + e.getClass().getSimpleName() + ": " + reason + ")";
            } else if (e instanceof TopicAuthorizationException t) {
                String topics =
                        t.unauthorizedTopics() == null || t.unauthorizedTopics().isEmpty()
                                ? "this topic"
                                : "topic(s) " + t.unauthorizedTopics();
                line = user + " may not use " + topics + ": no ACL allows it (TopicAuthorizationException: " + reason
                        + ")";
            } else if (e instanceof GroupAuthorizationException g) {
                String group = g.groupId() == null ? "this consumer group" : "consumer group '" + g.groupId() + "'";
                line = user + " may not use " + group + ": no ACL allows it (GroupAuthorizationException: " + reason
                        + ")";
            } else if (e instanceof ClusterAuthorizationException) {
                line = user + " may not do this on the cluster (e.g. create ACLs or alter broker configs): "
                        + "only a super-user or an ACL on the cluster resource allows it (ClusterAuthorizationException: "
                        + reason + ")";
            } else if (e instanceof TransactionalIdAuthorizationException) {
                line = user
                        + " may not use this transactional.id: no ACL allows it (TransactionalIdAuthorizationException: "
                        + reason + ")";
            } else {
                line = user + " is not allowed to do this (" + e.getClass().getSimpleName() + ": " + reason + ")";
            }
        }
        // a wrapper that named what was being done ("cannot create topic x: <cause message>") keeps that context
        if (access.isPresent()
                && error instanceof BadInputException
                && error.getMessage() != null
                && access.get().getMessage() != null
                && error.getMessage().endsWith(access.get().getMessage())) {
            String context = error.getMessage()
                    .substring(
                            0,
                            error.getMessage().length()
                                    - access.get().getMessage().length());
            line = context + line;
        }
        return Secrets.scrub(line, clientProperties);
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = firstLine(root.getMessage());
        return m == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + m;
    }

    /** The first line of {@code error}'s own message, or its class name when it has none. */
    public static String firstLine(Throwable error) {
        String m = firstLine(error.getMessage());
        return m == null || m.isEmpty() ? error.getClass().getSimpleName() : m;
    }

    /** The first line of {@code message}, trimmed; null for null. */
    public static String firstLine(String m) {
        return m == null ? null : m.lines().findFirst().orElse(m).trim();
    }
}
