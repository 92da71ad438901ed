package dev.kafka101.basics;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady producer: keyed records ({@code key-0..key-K}), N per second, each value a running sequence number.
 * Run next to ConsumerGroupDemo instances: {@code ... -Dexec.mainClass=dev.kafka101.basics.SteadyProducerDemo
 * -Dexec.args="--rate 20"}; Ctrl-C flushes and closes. Feeds ConsumerGroupDemoJvmsTest's consumer JVMs.
 */
public final class SteadyProducerDemo {
    public static final String TOPIC = DemoTopics.GROUPS.name();

    private SteadyProducerDemo() {}

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("SteadyProducerDemo")
                .withValue(
                        "--topic",
                        "topic to feed (default " + TOPIC + ", created with " + DemoTopics.GROUPS.partitions()
                                + " partitions if absent)")
                .withValue("--rate", "records per second (default 10)")
                .withValue("--keys", "how many distinct keys, key-0..key-(K-1) (default 12)")
                .withValue("--seconds", "stop after this many seconds (default: run until Ctrl-C)");
        DemoMain.run(spec, args, kafka -> {
            CommandLine cli = kafka.commandLine();
            String topic = cli.value("--topic", TOPIC);
            Topics.ensure(kafka.clientProperties(), topic, DemoTopics.GROUPS.partitions(), 1);
            run(
                    kafka,
                    topic,
                    cli.intValue("--rate", 10, 1, 100_000),
                    cli.intValue("--keys", 12, 1, 1_000_000),
                    cli.intValue("--seconds", 0, 0, 86_400));
        });
    }

    static void run(KafkaConnection kafka, String topic, int rate, int keys, int seconds) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(kafka.securitySettings());
        // keys and values are text
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // acknowledged = written on every in-sync replica (the default, written out)
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // small batches: the records arrive steadily, not in bursts
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // names this client in broker logs and metrics
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "steady-producer");

        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        System.out.printf(
                "Sending %d keyed records/s to %s (%s)...%n",
                rate, topic, seconds == 0 ? "Ctrl-C to stop" : seconds + " s");
        long t0 = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        long n = 0;
        try (CtrlC ctrlC = CtrlC.watch("SteadyProducerDemo");
                KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (; !ctrlC.stopRequested() && (seconds == 0 || System.nanoTime() - t0 < seconds * 1_000_000_000L); n++) {
                // paced by the clock, so a slow send does not lower the rate
                LockSupport.parkNanos(t0 + n * periodNanos - System.nanoTime());
                // same key -> same partition: key-3's records stay in order on one partition
                producer.send(new ProducerRecord<>(topic, "key-" + (n % keys), Long.toString(n)), (meta, e) -> {
                    (e == null ? acked : failed).incrementAndGet();
                });
                if (n % rate == 0) {
                    System.out.printf(
                            "\r%6.1f s  sent %d  acknowledged %d  failed %d ",
                            (System.nanoTime() - t0) / 1e9, n, acked.get(), failed.get());
                }
            }
        } // close(): sends what is buffered and waits for the acks
        System.out.printf("%nStopped: %d sent, %d acknowledged, %d failed.%n", n, acked.get(), failed.get());
    }
}
