package dev.kafka101.basics.rebalance;

import dev.kafka101.basics.RebalanceLab;
import dev.kafka101.basics.report.OwnershipTimeline;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One consumer of the lab's group, on a thread of its own (a KafkaConsumer is not thread-safe): subscribes with the
 * lesson's {@link RebalanceLab.Listener}, polls, processes, commits.
 */
public final class LabConsumer implements Runnable {
    public final String name;
    private final Properties props;
    private final String topic;
    private final OwnershipTimeline timeline;
    private final Processing processing;
    private final boolean commitOnRevoke;
    private final AtomicInteger failedCommits;
    private final Thread thread;
    private volatile boolean running = true;
    volatile Throwable failure;

    public LabConsumer(
            String name,
            Properties props,
            String topic,
            OwnershipTimeline timeline,
            Processing processing,
            boolean commitOnRevoke,
            AtomicInteger failedCommits) {
        this.name = name;
        this.props = props;
        this.topic = topic;
        this.timeline = timeline;
        this.processing = processing;
        this.commitOnRevoke = commitOnRevoke;
        this.failedCommits = failedCommits;
        this.thread = new Thread(this, "lab-consumer-" + name);
    }

    public void start() {
        thread.start();
    }

    /** Leave the group gracefully: the loop ends, close() revokes (we commit) and sends LeaveGroup. */
    public void stop() {
        running = false;
    }

    boolean finished() {
        return !thread.isAlive();
    }

    public void await(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
    }

    @Override
    public void run() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        try {
            consumer.subscribe(
                    List.of(topic), new RebalanceLab.Listener(name, timeline, commitOnRevoke, () -> commit(consumer)));
            long lastCommit = System.nanoTime();
            while (running && !Scenario.STOP.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> r : records) {
                    processing.process(Long.parseLong(r.value()));
                }
                if (commitOnRevoke ? !records.isEmpty() : System.nanoTime() - lastCommit > 1_000_000_000L) {
                    // after processing: a crash now re-reads at most this batch
                    commit(consumer);
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // asked to stop
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            // revokes (the listener commits), leaves the group
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
        }
    }

    private void commit(KafkaConsumer<String, String> consumer) {
        try {
            consumer.commitSync(Duration.ofSeconds(10));
        } catch (RebalanceInProgressException e) {
            failedCommits.incrementAndGet(); // the revoke callback commits these offsets in a moment
        } catch (KafkaException e) {
            failedCommits.incrementAndGet(); // e.g. CommitFailedException: partitions already given away
        }
    }
}
