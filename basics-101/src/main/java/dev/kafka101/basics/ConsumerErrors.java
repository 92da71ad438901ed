package dev.kafka101.basics;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.KafkaErrors;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Plumbing for the consumer demos: the usual consumer mistakes as one line a person can act on, not a stack wall. */
public final class ConsumerErrors {
    private ConsumerErrors() {}

    /** One line for a consumer exception; {@code null} when it is not one of the usual mistakes. */
    public static String explain(Throwable e) {
        if (e instanceof RecordDeserializationException r) {
            return "the record at " + r.topicPartition() + " offset " + r.offset()
                    + " cannot be read with the configured"
                    + " deserializer (" + KafkaErrors.firstLine(r.getCause() == null ? r : r.getCause())
                    + "): the producer wrote"
                    + " another type — use the deserializer matching the producer's serializer";
        }
        if (e instanceof InvalidGroupIdException) {
            return "no group.id: subscribe() and commits need a consumer group — set group.id (e.g. --group my-app)";
        }
        if (e instanceof UnknownTopicOrPartitionException) {
            return "the topic does not exist: " + KafkaErrors.firstLine(e);
        }
        return null;
    }

    /** Throws a {@link BadInputException} saying so in one line when {@code topic} does not exist. */
    public static void requireTopic(Properties connection, String topic) {
        String problem = checkTopicExists(connection, topic);
        if (problem != null) {
            throw new BadInputException(problem);
        }
    }

    /** Null when {@code topic} exists, else a one-line explanation (a consumer would otherwise wait silently). */
    public static String checkTopicExists(Properties connection, String topic) {
        try (Admin admin = Admin.create(connection)) {
            Set<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            if (names.contains(topic)) {
                return null;
            }
            List<String> similar = names.stream()
                    .filter(n -> !n.startsWith("__"))
                    .filter(n -> n.toLowerCase().contains(topic.toLowerCase())
                            || topic.toLowerCase().contains(n.toLowerCase()))
                    .sorted()
                    .limit(3)
                    .toList();
            return "topic '" + topic + "' does not exist"
                    + (similar.isEmpty() ? "" : " (did you mean " + similar + "?)")
                    + " — create it first, e.g. run SteadyProducerDemo --topic " + topic;
        } catch (ExecutionException e) {
            return "cannot list topics: " + KafkaErrors.firstLine(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            return "cannot list topics: no answer within 15 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while listing topics";
        }
    }
}
