package dev.kafka101.basics.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plumbing for labs and demos that need records to read: keyed records ({@code key-0..key-K}, values a running
 * sequence number), all at once ({@link #sendNow}) or steadily in the background ({@link #start}). The lesson of a
 * steady producer is {@code SteadyProducerDemo}.
 */
public final class SteadyFeed implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    /** Sends {@code count} records (keys key-0..key-11, values "0".."count-1") at once and waits for every ack. */
    public static void sendNow(Properties connection, String topic, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties(connection))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + (n % 12), Long.toString(n))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(15, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sending to " + topic + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        }
    }

    /** Starts a background thread sending {@code ratePerSecond} records with keys {@code key-0..key-(keys-1)}. */
    public static SteadyFeed start(Properties connection, String topic, int ratePerSecond, int keys) {
        return new SteadyFeed(new KafkaProducer<>(properties(connection)), topic, ratePerSecond, keys);
    }

    private static Properties properties(Properties connection) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "steady-feed");
        return props;
    }

    private SteadyFeed(KafkaProducer<String, String> producer, String topic, int rate, int keys) {
        this.producer = producer;
        long periodNanos = 1_000_000_000L / rate;
        this.sender = new Thread(
                () -> {
                    long t0 = System.nanoTime();
                    for (long n = 0; running; n++) {
                        long due = t0 + n * periodNanos; // paced by the clock, so a slow send does not lower the rate
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        if (!running) {
                            break;
                        }
                        // same key -> same partition: key-3's records stay in order on one partition
                        producer.send(new ProducerRecord<>(topic, "key-" + (n % keys), Long.toString(n)), (meta, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        });
                        sent.incrementAndGet();
                    }
                },
                "steady-producer");
        sender.setDaemon(true);
        sender.start();
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Stops sending, waits (up to 10 s) for the acks of what was sent, closes the producer. Safe to call twice. */
    public synchronized void stop() {
        if (!running && !sender.isAlive()) {
            return;
        }
        running = false;
        LockSupport.unpark(sender);
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // sends what is buffered and waits for the acks (bounded: the cluster may be going)
        producer.close(Duration.ofSeconds(10));
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
