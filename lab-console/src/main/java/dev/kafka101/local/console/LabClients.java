package dev.kafka101.local.console;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/** The consumers and producers the console's lab buttons started, by id; checks what the buttons send. */
final class LabClients implements AutoCloseable {
    static final String DEFAULT_TOPIC = "console-lab";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int MAX_CLIENTS = 20;

    private final Properties connection;
    private final IntSupplier brokersUp;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, LabConsumer> consumers = new ConcurrentSkipListMap<>();
    private final Map<Integer, LabProducer> producers = new ConcurrentSkipListMap<>();

    LabClients(Properties connection, IntSupplier brokersUp) {
        this.connection = connection;
        this.brokersUp = brokersUp;
    }

    int startConsumer(String topic, String group, String protocol, String assignor, int delayMsPerRecord) {
        name("topic", topic);
        name("group", group);
        if (!protocol.equals("classic") && !protocol.equals("consumer")) {
            throw new BadInputException("protocol must be classic or consumer, was '" + protocol + "'");
        }
        if (protocol.equals("classic")
                ? !LabConsumer.CLASSIC_ASSIGNORS.containsKey(assignor)
                : !LabConsumer.CONSUMER_ASSIGNORS.contains(assignor)) {
            throw new BadInputException("assignor '" + assignor + "' is not one of the " + protocol + " protocol's: "
                    + (protocol.equals("classic")
                            ? LabConsumer.CLASSIC_ASSIGNORS.keySet()
                            : LabConsumer.CONSUMER_ASSIGNORS));
        }
        if (delayMsPerRecord < 0 || delayMsPerRecord > 10_000) {
            throw new BadInputException("delay per record must be 0..10000 ms, was " + delayMsPerRecord);
        }
        checkRoom();
        ensureTopic(topic);
        int id = ids.incrementAndGet();
        consumers.put(id, new LabConsumer(id, connection, topic, group, protocol, assignor, delayMsPerRecord));
        return id;
    }

    int startProducer(String topic, int recordsPerSecond, String acks) {
        name("topic", topic);
        if (!acks.equals("0") && !acks.equals("1") && !acks.equals("all")) {
            throw new BadInputException("acks must be 0, 1 or all, was '" + acks + "'");
        }
        if (recordsPerSecond < 1 || recordsPerSecond > 10_000) {
            throw new BadInputException("records per second must be 1..10000, was " + recordsPerSecond);
        }
        checkRoom();
        ensureTopic(topic);
        int id = ids.incrementAndGet();
        producers.put(id, new LabProducer(id, connection, topic, recordsPerSecond, acks));
        return id;
    }

    boolean stopConsumer(int id) {
        LabConsumer c = consumers.remove(id);
        if (c != null) {
            c.stop();
        }
        return c != null;
    }

    boolean stopProducer(int id) {
        LabProducer p = producers.remove(id);
        if (p != null) {
            p.stop();
        }
        return p != null;
    }

    List<Map<String, Object>> consumerViews() {
        List<Map<String, Object>> list = new ArrayList<>();
        consumers.values().forEach(c -> list.add(c.view()));
        return list;
    }

    List<Map<String, Object>> producerViews() {
        List<Map<String, Object>> list = new ArrayList<>();
        producers.values().forEach(p -> list.add(p.view()));
        return list;
    }

    /** Stops every lab client side by side: consumers leave their groups, producers flush. */
    @Override
    public void close() {
        List<LabConsumer> leaving = new ArrayList<>(consumers.values());
        consumers.clear();
        leaving.forEach(LabConsumer::requestStop);
        List<Thread> flushing = new ArrayList<>();
        for (LabProducer p : producers.values()) {
            Thread t = new Thread(p::stop, "lab-console-producer-stop");
            t.start();
            flushing.add(t);
        }
        producers.clear();
        leaving.forEach(LabConsumer::awaitStopped);
        for (Thread t : flushing) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The lab topic: 6 partitions, 3 replicas (fewer on a smaller cluster), min.insync.replicas 2 (the acks lesson). */
    private void ensureTopic(String topic) {
        int brokers = Math.max(1, brokersUp.getAsInt());
        Topics.ensure(
                connection,
                topic,
                6,
                Math.min(3, brokers),
                Map.of("min.insync.replicas", String.valueOf(Math.min(2, brokers))));
    }

    private void checkRoom() {
        if (consumers.size() + producers.size() >= MAX_CLIENTS) {
            throw new BadInputException("at most " + MAX_CLIENTS + " lab clients at once: stop one first");
        }
    }

    private static void name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new BadInputException(what + " must be 1-200 characters of A-Z a-z 0-9 . _ -, was '" + value + "'");
        }
    }
}
