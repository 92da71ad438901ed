package dev.kafka101.local.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thing in the console that talks to the cluster: every second (never more often, however many pages are
 * open) it asks the Admin API for brokers, topics, offsets and groups, and turns the answers into one JSON snapshot
 * that every page request is served from. It also remembers what it needs across polls: log-end offsets (for
 * messages/s), each group member's colour, and the last minutes of each group's assignment changes.
 */
final class ClusterWatcher implements AutoCloseable {
    static final Duration PERIOD = Duration.ofSeconds(1);
    static final Duration TIMELINE = Duration.ofMinutes(5);
    private static final int CALL_TIMEOUT_MS = 3000;
    private static final long MIN_ISR_REFRESH_MS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(ClusterWatcher.class);

    private final Admin admin;
    private final String bootstrapServers;
    private final Optional<BrokerControl> control;
    private final Supplier<Map<String, Object>> lab;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService timer;
    private final AtomicLong polls = new AtomicLong();
    private final Map<Integer, String> brokerBusy = new ConcurrentHashMap<>();
    private volatile byte[] snapshot;
    private volatile int brokersUp;

    // state kept between polls; only the timer thread touches it
    private final Set<Integer> knownBrokers = new TreeSet<>();
    private Map<TopicPartition, Long> previousEnd = Map.of();
    private long previousEndAt;
    private final Map<String, Integer> minIsr = new HashMap<>();
    private long minIsrAt;
    private final Map<String, GroupHistory> histories = new HashMap<>();
    private final WikimediaPanel wikimedia; // the Wikimedia panel: reads wikimedia.stats while it exists

    ClusterWatcher(Properties clientProperties, Optional<BrokerControl> control, Supplier<Map<String, Object>> lab) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "lab-console");
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CALL_TIMEOUT_MS));
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(CALL_TIMEOUT_MS));
        this.admin = Admin.create(p);
        this.bootstrapServers = p.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.control = control;
        this.lab = lab;
        this.wikimedia = new WikimediaPanel(clientProperties);
        control.ifPresent(c -> {
            for (int i = 0; i < c.brokerCount(); i++) {
                knownBrokers.add(i);
            }
        });
        this.snapshot = "{\"polls\":0,\"brokers\":[],\"topics\":[],\"groups\":[]}".getBytes(StandardCharsets.UTF_8);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lab-console-poller");
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::pollSafely);
    }

    /** The latest snapshot as UTF-8 JSON (what {@code GET /api/snapshot} returns). */
    byte[] snapshotJson() {
        return snapshot;
    }

    /** How many times the Admin API was polled so far. */
    long polls() {
        return polls.get();
    }

    int brokersUp() {
        return brokersUp;
    }

    /** Marks a broker as being stopped/started by an action (shown until the action returns). */
    void busy(int broker, String what) {
        if (what == null) {
            brokerBusy.remove(broker);
        } else {
            brokerBusy.put(broker, what);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wikimedia.close();
        admin.close(Duration.ofSeconds(2));
    }

    /**
     * One poll, then the next one a second after this one STARTED (or at once, if this one took longer): a snapshot
     * every second, and never two polls less than a second apart.
     */
    private void pollSafely() {
        long started = System.nanoTime();
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("lab console poll failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        try {
            timer.schedule(this::pollSafely, Math.max(0, PERIOD.toMillis() - tookMs), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // close() was called
        }
    }

    private void poll() throws InterruptedException {
        long started = System.nanoTime();
        long now = System.currentTimeMillis();
        polls.incrementAndGet();
        List<String> errors = new ArrayList<>();

        // Everything independent is asked at once; the answers are collected below.
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(CALL_TIMEOUT_MS));
        KafkaFuture<QuorumInfo> quorum = admin.describeMetadataQuorum(
                        new DescribeMetadataQuorumOptions().timeoutMs(CALL_TIMEOUT_MS))
                .quorumInfo();
        KafkaFuture<Set<String>> topicNames = admin.listTopics(new ListTopicsOptions().timeoutMs(CALL_TIMEOUT_MS))
                .names();
        // valid(): the groups of every broker that answered, even when one broker is slow or just stopped
        var listedGroups =
                admin.listGroups(ListGroupsOptions.forConsumerGroups().timeoutMs(CALL_TIMEOUT_MS));
        KafkaFuture<Collection<GroupListing>> groupListings = listedGroups.valid();

        // Brokers: up = registered and unfenced now; every id seen once (or the embedded cluster's) stays listed.
        Map<Integer, Node> up = new TreeMap<>();
        String clusterId = null;
        Integer controller = null;
        try {
            cluster.nodes().get().forEach(n -> up.put(n.id(), n));
            clusterId = cluster.clusterId().get();
        } catch (ExecutionException e) {
            errors.add("describeCluster: " + message(e));
        }
        try {
            controller = quorum.get().leaderId(); // the active KRaft controller
        } catch (ExecutionException e) {
            try {
                Node c = cluster.controller().get(); // older or restricted clusters: what DescribeCluster says
                controller = c == null ? null : c.id();
            } catch (ExecutionException ignored) {
                // stays unknown
            }
        }
        knownBrokers.addAll(up.keySet());
        brokersUp = up.size();

        // Topics: partitions with leader, replicas, ISR; log-end offsets; min.insync.replicas.
        Map<String, TopicDescription> topics = new TreeMap<>();
        try {
            Set<String> names = topicNames.get();
            if (!names.isEmpty()) {
                topics.putAll(admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(CALL_TIMEOUT_MS))
                        .allTopicNames()
                        .get());
            }
        } catch (ExecutionException e) {
            errors.add("describeTopics: " + message(e));
        }
        // Groups: protocol, state, members and their assignment, committed offsets. Asked for BEFORE the log-end
        // offsets, so a committed offset is never newer than the log end it is compared with (lag >= 0).
        Map<String, ConsumerGroupDescription> groups = new TreeMap<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        try {
            List<String> ids =
                    groupListings.get().stream().map(GroupListing::groupId).toList();
            listedGroups
                    .errors()
                    .get()
                    .forEach(e -> errors.add("listGroups: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            if (!ids.isEmpty()) {
                var described = admin.describeConsumerGroups(
                        ids, new DescribeConsumerGroupsOptions().timeoutMs(CALL_TIMEOUT_MS));
                Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
                ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
                var offsets = admin.listConsumerGroupOffsets(
                        specs, new ListConsumerGroupOffsetsOptions().timeoutMs(CALL_TIMEOUT_MS));
                for (String id : ids) {
                    try {
                        groups.put(id, described.describedGroups().get(id).get());
                    } catch (ExecutionException e) {
                        errors.add("describeConsumerGroups " + id + ": " + message(e));
                    }
                    try {
                        Map<TopicPartition, OffsetAndMetadata> c =
                                offsets.partitionsToOffsetAndMetadata(id).get();
                        Map<TopicPartition, OffsetAndMetadata> clean = new HashMap<>();
                        c.forEach((tp, om) -> {
                            if (om != null) {
                                clean.put(tp, om);
                            }
                        });
                        committed.put(id, clean);
                    } catch (ExecutionException e) {
                        errors.add("listConsumerGroupOffsets " + id + ": " + message(e));
                    }
                }
            }
        } catch (ExecutionException e) {
            errors.add("listGroups: " + message(e));
        }

        refreshMinIsr(topics.keySet(), now, errors);
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        topics.values()
                .forEach(t -> t.partitions().forEach(p -> {
                    if (p.leader() != null && !p.leader().isEmpty()) {
                        ask.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest());
                    }
                }));
        Map<TopicPartition, Long> end = new HashMap<>();
        if (!ask.isEmpty()) {
            ListOffsetsResult offsets = admin.listOffsets(ask, new ListOffsetsOptions().timeoutMs(CALL_TIMEOUT_MS));
            for (TopicPartition tp : ask.keySet()) {
                try {
                    end.put(tp, offsets.partitionResult(tp).get().offset());
                } catch (ExecutionException ex) {
                    // a partition whose leader just went away: no offset this second
                }
            }
        }

        // messages/s: growth of the log-end offsets since the previous poll
        double seconds = previousEndAt == 0 ? 0 : (now - previousEndAt) / 1000.0;
        Map<TopicPartition, Double> rate = new HashMap<>();
        end.forEach((tp, offset) -> {
            Long before = previousEnd.get(tp);
            rate.put(tp, before == null || seconds <= 0 || offset < before ? 0.0 : (offset - before) / seconds);
        });
        Map<TopicPartition, Long> keep = new HashMap<>(previousEnd);
        keep.putAll(end);
        keep.keySet()
                .retainAll(topics.values().stream()
                        .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                        .collect(Collectors.toSet()));
        previousEnd = keep;
        previousEndAt = now;

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("time", now);
        root.put("polls", polls.get());
        root.put("clusterId", clusterId);
        root.put("bootstrapServers", bootstrapServers);
        root.put("embedded", control.isPresent());
        root.put("controller", controller);
        root.put("brokers", brokers(up, controller));
        root.put("topics", topics(topics, end, rate));
        List<Map<String, Object>> groupViews = groups(groups, committed, keep, now);
        root.put("groups", groupViews);
        root.put("wikimedia", wikimedia.poll(topics.keySet(), groupViews, keep, now, errors));
        root.put("lab", lab.get());
        root.put("errors", errors);
        root.put("pollMillis", (System.nanoTime() - started) / 1_000_000);
        try {
            snapshot = json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            log.warn("lab console snapshot not written: {}", e.toString());
        }
    }

    private List<Map<String, Object>> brokers(Map<Integer, Node> up, Integer controller) {
        List<Map<String, Object>> list = new ArrayList<>();
        List<Integer> othersUp = up.keySet().stream()
                .filter(id -> control.map(c -> id != c.controllerNode()).orElse(true))
                .toList();
        for (int id : knownBrokers) {
            Node node = up.get(id);
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("id", id);
            b.put("up", node != null);
            b.put("address", node == null ? null : node.host() + ":" + node.port());
            b.put("controller", controller != null && controller == id);
            b.put("busy", brokerBusy.get(id));
            if (control.isPresent()) {
                BrokerControl c = control.get();
                boolean blocked = id == c.controllerNode() && node != null && !othersUp.isEmpty();
                b.put("canStop", node != null && !blocked);
                b.put("canStart", node == null && (id == c.controllerNode() || up.containsKey(c.controllerNode())));
                b.put(
                        "stopBlockedBecause",
                        blocked
                                ? "node " + id + " is the KRaft controller: stop broker"
                                        + (othersUp.size() > 1 ? "s " : " ")
                                        + othersUp.stream().map(String::valueOf).collect(Collectors.joining(", "))
                                        + " first"
                                : null);
            }
            list.add(b);
        }
        return list;
    }

    private List<Map<String, Object>> topics(
            Map<String, TopicDescription> topics, Map<TopicPartition, Long> end, Map<TopicPartition, Double> rate) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (TopicDescription t : topics.values()) {
            int min = minIsr.getOrDefault(t.name(), 1);
            List<Map<String, Object>> parts = new ArrayList<>();
            double topicRate = 0;
            boolean anyUnder = false;
            boolean anyUnderMin = false;
            for (TopicPartitionInfo p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("partition", p.partition());
                m.put(
                        "leader",
                        p.leader() == null || p.leader().isEmpty()
                                ? null
                                : p.leader().id());
                m.put("replicas", p.replicas().stream().map(Node::id).toList());
                m.put("isr", p.isr().stream().map(Node::id).toList());
                boolean under = p.isr().size() < p.replicas().size();
                boolean underMin = p.isr().size() < min;
                m.put("underReplicated", under);
                m.put("underMinIsr", underMin);
                m.put("logEndOffset", end.get(tp));
                double r = rate.getOrDefault(tp, 0.0);
                m.put("messagesPerSecond", round(r));
                topicRate += r;
                anyUnder |= under;
                anyUnderMin |= underMin;
                parts.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("minInsyncReplicas", min);
            m.put(
                    "replicationFactor",
                    t.partitions().isEmpty()
                            ? 0
                            : t.partitions().get(0).replicas().size());
            m.put("messagesPerSecond", round(topicRate));
            m.put("underReplicated", anyUnder);
            m.put("underMinIsr", anyUnderMin);
            m.put("partitions", parts);
            list.add(m);
        }
        return list;
    }

    private List<Map<String, Object>> groups(
            Map<String, ConsumerGroupDescription> groups,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
            Map<TopicPartition, Long> end,
            long now) {
        histories.keySet().retainAll(groups.keySet());
        List<Map<String, Object>> list = new ArrayList<>();
        for (ConsumerGroupDescription g : groups.values()) {
            GroupHistory history = histories.computeIfAbsent(g.groupId(), k -> new GroupHistory());
            Map<String, Integer> owner = new TreeMap<>(); // "topic-p" -> colour of the member that owns it
            Map<TopicPartition, String> ownerId = new HashMap<>();
            List<Map<String, Object>> members = new ArrayList<>();
            List<MemberDescription> sorted = new ArrayList<>(g.members());
            sorted.sort(Comparator.comparing(MemberDescription::clientId).thenComparing(MemberDescription::consumerId));
            for (MemberDescription md : sorted) {
                int colour = history.colour(md.consumerId());
                List<String> assigned = md.assignment().topicPartitions().stream()
                        .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                        .map(TopicPartition::toString)
                        .toList();
                md.assignment().topicPartitions().forEach(tp -> {
                    owner.put(tp.toString(), colour);
                    ownerId.put(tp, md.consumerId());
                });
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("memberId", md.consumerId());
                m.put("clientId", md.clientId());
                m.put("host", md.host());
                m.put("colour", colour);
                m.put("assignment", assigned);
                m.put("memberEpoch", md.memberEpoch().orElse(null));
                members.add(m);
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.getOrDefault(g.groupId(), Map.of());
            Set<TopicPartition> partitions = new TreeSet<>(
                    Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            partitions.addAll(ownerId.keySet());
            partitions.addAll(offsets.keySet());
            List<Map<String, Object>> rows = new ArrayList<>();
            long totalLag = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata om = offsets.get(tp);
                Long logEnd = end.get(tp);
                Long lag = om != null && logEnd != null ? Math.max(0, logEnd - om.offset()) : null;
                totalLag += lag == null ? 0 : lag;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("topic", tp.topic());
                r.put("partition", tp.partition());
                r.put("owner", ownerId.get(tp));
                r.put("colour", owner.get(tp.toString()));
                r.put("committed", om == null ? null : om.offset());
                r.put("logEndOffset", logEnd);
                r.put("lag", lag);
                rows.add(r);
            }
            String state = g.groupState() == null ? "UNKNOWN" : g.groupState().toString();
            history.record(now, owner, members.size(), state);

            Map<String, Object> m = new LinkedHashMap<>();
            m.put("groupId", g.groupId());
            m.put("protocol", g.type() == null ? "classic" : g.type().toString().toLowerCase(java.util.Locale.ROOT));
            m.put("state", state);
            m.put("assignor", g.partitionAssignor());
            m.put(
                    "coordinator",
                    g.coordinator() == null ? null : g.coordinator().id());
            m.put("groupEpoch", g.groupEpoch().orElse(null));
            m.put("members", members);
            m.put("partitions", rows);
            m.put("totalLag", totalLag);
            m.put("timeline", history.changes(now));
            list.add(m);
        }
        return list;
    }

    private void refreshMinIsr(Set<String> names, long now, List<String> errors) throws InterruptedException {
        boolean newTopic = !minIsr.keySet().containsAll(names);
        if (names.isEmpty() || (!newTopic && now - minIsrAt < MIN_ISR_REFRESH_MS)) {
            return;
        }
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        try {
            Map<ConfigResource, Config> configs = admin.describeConfigs(
                            resources, new DescribeConfigsOptions().timeoutMs(CALL_TIMEOUT_MS))
                    .all()
                    .get();
            minIsr.clear();
            configs.forEach((r, c) -> {
                ConfigEntry e = c.get("min.insync.replicas");
                minIsr.put(r.name(), e == null || e.value() == null ? 1 : Integer.parseInt(e.value()));
            });
            minIsrAt = now;
        } catch (ExecutionException e) {
            errors.add("describeConfigs: " + message(e));
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String message(ExecutionException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /** One group's member colours and its assignment changes over the last {@link #TIMELINE}. */
    private static final class GroupHistory {
        private final Map<String, Integer> colours = new HashMap<>();
        private int nextColour;
        private final Deque<Map<String, Object>> changes = new ArrayDeque<>();
        private Map<String, Integer> last;
        private int lastMembers = -1;

        int colour(String memberId) {
            return colours.computeIfAbsent(memberId, k -> nextColour++);
        }

        void record(long now, Map<String, Integer> owner, int members, String state) {
            if (owner.equals(last) && members == lastMembers) {
                return;
            }
            last = owner;
            lastMembers = members;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("time", now);
            c.put("members", members);
            c.put("state", state);
            c.put("owners", owner);
            changes.addLast(c);
        }

        /** The changes inside the window, plus the last one before it (what the strip starts with). */
        List<Map<String, Object>> changes(long now) {
            long from = now - TIMELINE.toMillis();
            while (changes.size() > 1) {
                Iterator<Map<String, Object>> peek = changes.iterator();
                peek.next();
                if ((long) peek.next().get("time") <= from) {
                    changes.removeFirst();
                } else {
                    break;
                }
            }
            return new ArrayList<>(changes);
        }
    }
}
