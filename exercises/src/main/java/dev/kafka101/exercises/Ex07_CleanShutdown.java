package dev.kafka101.exercises;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Exercise 7: a consumer whose poll loop stops on request without losing a record or leaving one to be read again.
 * Checked by {@code Ex07CleanShutdownTest}; the lesson: docs/offsets-and-reset.md.
 */
public final class Ex07_CleanShutdown {
    private final KafkaConsumer<String, String> consumer;
    private final Consumer<ConsumerRecord<String, String>> process;

    public Ex07_CleanShutdown(Properties connection, String groupId, String topic,
                              Consumer<ConsumerRecord<String, String>> process) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // this consumer commits itself, after processing: a record counts as done only once process() has seen it
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props);
        this.consumer.subscribe(List.of(topic));
        this.process = process;
    }

    /**
     * Polls and hands every record to {@code process} until {@link #shutdown()} is called; then returns, leaving the
     * group's committed offsets right after the last processed record, and the group itself.
     */
    public void run() {
        // ---- your code starts here ----
        // TODO(exercise): the poll loop, e.g.
        //     while (true) { for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) process.accept(r); }
        //   and a clean way out of it once shutdown() was called: what was processed is committed, the group is left.
        throw new UnsupportedOperationException("TODO(exercise 7): the poll loop and its clean way out");
        // ---- your code ends here ----
    }

    /** Called from another thread: the JVM's shutdown hook on Ctrl-C or SIGTERM. Returns at once. */
    public void shutdown() {
        // ---- your code starts here ----
        // TODO(exercise): make a poll() that is blocked right now in run() return, so run() can finish
        throw new UnsupportedOperationException("TODO(exercise 7): stop the poll loop from another thread");
        // ---- your code ends here ----
    }
}
