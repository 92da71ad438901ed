package dev.kafka101.basics.rebalance;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The lab's load: keyed records carrying a sequence number, at a steady rate. */
final class LoadProducer implements Runnable {
    static final int KEYS = 60;
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int rate;
    private final Thread thread = new Thread(this, "lab-producer");
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final AtomicLong failed = new AtomicLong();
    volatile long sent;
    private volatile boolean running = true;

    LoadProducer(Properties connection, String topic, int rate) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // "acknowledged" = written to all in-sync replicas
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "lab-producer");
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
        this.rate = rate;
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long seq = 0;
        while (running && !Scenario.STOP.get()) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            while (seq < due) {
                final long s = seq++;
                // the key picks the partition (same key, same partition); the value is the sequence number
                producer.send(new ProducerRecord<>(topic, "key-" + (s % KEYS), Long.toString(s)), (md, e) -> {
                    if (e == null) {
                        acked.add(s);
                    } else {
                        failed.incrementAndGet();
                    }
                });
                sent = seq;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing, not a wait for Kafka
        }
    }

    /** Stops sending, waits for every acknowledgement, closes. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
        producer.close(Duration.ofSeconds(15)); // sends what is buffered and waits for the acks (bounded)
    }
}
