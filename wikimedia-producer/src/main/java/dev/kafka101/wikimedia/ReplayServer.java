package dev.kafka101.wikimedia;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline stand-in for {@code https://stream.wikimedia.org/v2/stream/recentchange}: an SSE server inside this JVM
 * (the JDK's own {@code com.sun.net.httpserver}) that streams a {@link Sample} in the real wire format
 * <pre>
 * :ok
 *
 * event: message
 * id: [{"topic":"eqiad.mediawiki.recentchange","partition":0,"offset":5200000042}]
 * data: {"$schema":"/mediawiki/recentchange/1.0.1","meta":{...},...}
 * </pre>
 * and, like the real one, resumes after the event named in the {@code Last-Event-ID} request header.
 * After the last event it keeps the connection open with a keep-alive comment each second (the real stream never
 * ends either). {@code eventsPerSecond} 0 = as fast as the client reads. {@code dropEvery} N &gt; 0 cuts the
 * connection after every N events in the middle of the next one (a half-written {@code data:} line), so the client
 * has to reconnect and resume.
 */
public final class ReplayServer implements AutoCloseable {
    public static final String PATH = "/v2/stream/recentchange";

    /** What the server replays: event {@code n} is the {@code data:} of position {@code n}. */
    public interface Sample {
        long size();

        String data(long n);

        static Sample of(List<String> events) {
            List<String> copy = List.copyOf(events);
            return new Sample() {
                @Override
                public long size() {
                    return copy.size();
                }

                @Override
                public String data(long n) {
                    return copy.get((int) n);
                }
            };
        }
    }

    /** One request the server received: what the client said about itself and where it wanted to resume. */
    public record Request(String userAgent, String lastEventId, long startPosition) {}

    private static final Pattern OFFSET = Pattern.compile("\"offset\"\\s*:\\s*(-?\\d+)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Sample sample;
    private final double eventsPerSecond;
    private final long dropEvery;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicInteger drops = new AtomicInteger();

    private ReplayServer(Sample sample, double eventsPerSecond, long dropEvery) throws IOException {
        this.sample = sample;
        this.eventsPerSecond = eventsPerSecond;
        this.dropEvery = dropEvery;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "replay-server-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(PATH, this::stream);
    }

    /** Starts serving {@code sample} on a free port of 127.0.0.1. */
    public static ReplayServer start(Sample sample, double eventsPerSecond, long dropEvery) {
        try {
            ReplayServer s = new ReplayServer(sample, eventsPerSecond, dropEvery);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the replay server", e);
        }
    }

    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + PATH);
    }

    /** The SSE id of position {@code n}: the real stream's shape, a JSON array of topic/partition/offset. */
    public static String idOf(long n) {
        return "[{\"topic\":\"eqiad.mediawiki.recentchange\",\"partition\":0,\"offset\":"
                + SyntheticRecentChanges.offsetOf(n) + "}]";
    }

    /** The position after the event named by {@code lastEventId}; 0 without one (or with one it cannot read). */
    public static long positionAfter(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        Matcher m = OFFSET.matcher(lastEventId);
        return m.find() ? Math.max(0, Long.parseLong(m.group(1)) - SyntheticRecentChanges.FIRST_OFFSET + 1) : 0;
    }

    public long size() {
        return sample.size();
    }

    /** The id of the last event of the sample: when the client has handled it, the replay is complete. */
    public String lastId() {
        return idOf(sample.size() - 1);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long eventsSent() {
        return eventsSent.get();
    }

    public int drops() {
        return drops.get();
    }

    private void stream(HttpExchange exchange) throws IOException {
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        long start = positionAfter(lastEventId);
        requests.add(new Request(exchange.getRequestHeaders().getFirst("User-Agent"), lastEventId, start));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0); // 0 = chunked: a body of unknown length
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 64 * 1024)) {
            out.write(":ok\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long t0 = System.nanoTime();
            long sentHere = 0;
            for (long n = start; n < sample.size(); n++) {
                if (closing.getCount() == 0) {
                    return;
                }
                if (eventsPerSecond > 0) {
                    long due = t0 + (long) ((n - start) * 1e9 / eventsPerSecond);
                    for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                }
                byte[] event = ("event: message\nid: " + idOf(n) + "\ndata: " + sample.data(n) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8);
                if (dropEvery > 0 && sentHere == dropEvery) {
                    out.write(event, 0, event.length - event.length / 3); // half an event, no closing blank line
                    out.flush();
                    drops.incrementAndGet();
                    return; // closing the body ends the response: the client sees the stream end mid-event
                }
                out.write(event);
                sentHere++;
                eventsSent.incrementAndGet();
                if (eventsPerSecond > 0) {
                    out.flush();
                }
            }
            out.flush();
            while (!closing.await(1, TimeUnit.SECONDS)) {
                out.write(":\n\n".getBytes(StandardCharsets.UTF_8)); // keep-alive comment
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: nothing to do, it reconnects if it wants more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
