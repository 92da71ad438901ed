package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Pure logic, no cluster: scrubbing secrets out of messages, and the one-line access errors. */
class SecretsAndErrorsTest {

    private static Properties learner(String password) {
        return ClusterSecurity.clientProperties(ClusterSecurity.LEARNER, password);
    }

    @Test
    void passwordInsideAJaasLineIsScrubbedEvenWhenAMessageQuotesOnlyThePassword() {
        Properties props = learner("pw-Only-Quoted-7");
        props.setProperty("ssl.truststore.password", "trust-pw-9");

        String scrubbed = Secrets.scrub(
                "login failed for password pw-Only-Quoted-7; truststore trust-pw-9; whole line: "
                        + props.getProperty("sasl.jaas.config"),
                props);

        assertThat(scrubbed)
                .doesNotContain("pw-Only-Quoted-7")
                .doesNotContain("trust-pw-9")
                .doesNotContain("ScramLoginModule")
                .contains(Secrets.HIDDEN);
        assertThat(Secrets.jaasUser(props.getProperty("sasl.jaas.config"))).contains("learner");
    }

    @Test
    void valueOfAnEnvironmentVariableNamedInTheJaasLineIsScrubbed() {
        String path = System.getenv("PATH"); // any variable that is set
        Properties props = learner("unused-pw-1");
        props.setProperty("sasl.jaas.config", ClusterSecurity.scramJaas("learner", "${env:PATH}"));

        assertThat(Secrets.scrub("resolved to " + path, props)).isEqualTo("resolved to " + Secrets.HIDDEN);
    }

    @Test
    void accessErrorsBecomeOneLineNamingTheUserAndWhatWasRefused() {
        Properties props = learner("never-Shown-42");

        assertThat(KafkaErrors.oneLine(
                        new ExecutionException(new TopicAuthorizationException(Set.of("other.topic"))), props))
                .isEqualTo("user 'learner' may not use topic(s) [other.topic]: no ACL allows it "
                        + "(TopicAuthorizationException: Not authorized to access topics: [other.topic])");
        assertThat(KafkaErrors.oneLine(
                        new KafkaException("poll failed", GroupAuthorizationException.forGroupId("other-group")),
                        props))
                .startsWith("user 'learner' may not use consumer group 'other-group': no ACL allows it");
        assertThat(KafkaErrors.oneLine(
                        new SaslAuthenticationException("bad login, tried password never-Shown-42"), props))
                .isEqualTo("Kafka refused the login of user 'learner' (SCRAM-SHA-512): wrong user name or password? "
                        + "(SaslAuthenticationException: bad login, tried password [hidden])");
        assertThat(KafkaErrors.accessError(new IllegalStateException("not about access")))
                .isEmpty();
    }
}
