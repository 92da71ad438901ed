package dev.kafka101.basics;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds a topic steadily: keyed records ({@code key-0..key-K}), N per second, each value a running sequence number.
 * Run next to ConsumerGroupDemo instances: {@code ... -Dexec.mainClass=dev.kafka101.basics.SteadyProducerDemo
 * -Dexec.args="--rate 20"}; Ctrl-C flushes and closes. Feeds ConsumerGroupDemoTest#twoMembersSplitThePartitionsAndEveryChangeIsReportedByTheListener.
 */
public final class SteadyProducerDemo implements AutoCloseable {
    public static final String TOPIC = DemoTopics.GROUPS.name();

    private final KafkaProducer<String, String> producer;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    public static void main(String[] args) throws InterruptedException {
        CommandLine spec = CommandLine.spec("SteadyProducerDemo")
                .withValue("--topic", "topic to feed (default " + TOPIC + ", created with " + DemoTopics.GROUPS.partitions()
                        + " partitions if absent)")
                .withValue("--rate", "records per second (default 10)")
                .withValue("--keys", "how many distinct keys, key-0..key-(K-1) (default 12)")
                .withValue("--seconds", "stop after this many seconds (default: run until Ctrl-C)");
        try (KafkaConnection kafka = KafkaConnection.open(spec, args, 1)) {
            CommandLine cli = kafka.commandLine();
            String topic = cli.value("--topic", TOPIC);
            int rate = cli.intValue("--rate", 10, 1, 100_000);
            int keys = cli.intValue("--keys", 12, 1, 1_000_000);
            int seconds = cli.intValue("--seconds", 0, 0, 86_400);
            Topics.ensure(kafka.clientProperties(), topic, DemoTopics.GROUPS.partitions(), 1);

            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            // Ctrl-C: tell the loop below to stop, then wait for the producer to flush and close.
            Thread hook = new Thread(() -> {
                stop.countDown();
                awaitQuietly(stopped, 10);
            }, "steady-producer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);

            System.out.printf("Sending %d keyed records/s to %s (%s)...%n", rate, topic,
                    seconds == 0 ? "Ctrl-C to stop" : seconds + " s");
            long t0 = System.nanoTime();
            try (SteadyProducerDemo feed = start(kafka.clientProperties(), topic, rate, keys)) {
                while (!stop.await(1, TimeUnit.SECONDS)) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("\r%6.1f s  sent %d  acknowledged %d  failed %d ", s, feed.sent(), feed.acked(),
                            feed.failed());
                    if (seconds > 0 && s >= seconds) {
                        break;
                    }
                }
                feed.stop();
                System.out.printf("%nStopped: %d sent, %d acknowledged, %d failed.%n", feed.sent(), feed.acked(), feed.failed());
            } finally {
                stopped.countDown();
                removeHookQuietly(hook);
            }
        }
    }

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
    public static SteadyProducerDemo start(Properties connection, String topic, int ratePerSecond, int keys) {
        return new SteadyProducerDemo(new KafkaProducer<>(properties(connection)), topic, ratePerSecond, keys);
    }

    private static Properties properties(Properties connection) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());   // keys are text
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()); // values are text
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");            // acknowledged = on every in-sync replica (the default)
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");         // small batches: records arrive steadily, not in bursts
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "steady-producer"); // names this client in broker logs
        return props;
    }

    private SteadyProducerDemo(KafkaProducer<String, String> producer, String topic, int rate, int keys) {
        this.producer = producer;
        long periodNanos = 1_000_000_000L / rate;
        this.sender = new Thread(() -> {
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
        }, "steady-producer");
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

    /** Stops sending, waits (up to 10 s) for every sent record to be acknowledged, closes the producer. Safe to call twice. */
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
        producer.close(Duration.ofSeconds(10)); // sends what is buffered and waits for the acks (bounded: the cluster may be going)
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    static void awaitQuietly(CountDownLatch latch, int seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void removeHookQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook is running
        }
    }
}
