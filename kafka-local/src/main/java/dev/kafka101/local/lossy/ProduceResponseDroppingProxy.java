package dev.kafka101.local.lossy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plumbing for the idempotence lesson: a TCP proxy in front of one Kafka listener that can lose the broker's answer to
 * a Produce request <em>after</em> the broker has written the batch — what a flaky network does to a producer.
 *
 * <p>It reads whole Kafka frames (int32 size, then the request header: apiKey int16, apiVersion int16, correlationId
 * int32). {@link #dropNextProduceResponse()} arms it: it remembers the correlation id of the next Produce request
 * (apiKey 0) it forwards, and when the broker's response with that id comes back, it swallows it and closes both
 * sockets. The producer sees a broken connection and retries a batch the broker already appended.
 *
 * <p>Kafka clients connect to the address a broker <em>advertises</em>, so the broker needs a listener advertised at
 * this proxy's port: {@code EmbeddedKafkaCluster.builder().extraListener("PROXIED", node -> proxy.port())}, then
 * {@link #forwardTo(String)} that listener's real address.
 */
public final class ProduceResponseDroppingProxy implements Closeable {
    private static final short PRODUCE_API_KEY = 0;
    private static final int MAX_FRAME = 100 * 1024 * 1024;

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger armed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger produceRequests = new AtomicInteger();
    private volatile InetSocketAddress target;
    private volatile boolean closed;

    private ProduceResponseDroppingProxy(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free port of 127.0.0.1; set where to forward with {@link #forwardTo(String)} before use. */
    public static ProduceResponseDroppingProxy start() throws IOException {
        return new ProduceResponseDroppingProxy(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code host:port} of the listener behind the proxy. */
    public void forwardTo(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        target = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** The response to the next Produce request that passes will be lost (and the connection cut). */
    public void dropNextProduceResponse() {
        armed.incrementAndGet();
    }

    /** How many Produce responses were swallowed so far. */
    public int droppedResponses() {
        return dropped.get();
    }

    /** How many Produce requests passed through (retries included). */
    public int produceRequests() {
        return produceRequests.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(ProduceResponseDroppingProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> connect(client), "proxy-conn-" + client.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy: accept failed: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void connect(Socket client) {
        Socket broker = new Socket();
        sockets.add(client);
        sockets.add(broker);
        try {
            broker.connect(target, 5_000);
            client.setTcpNoDelay(true);
            broker.setTcpNoDelay(true);
        } catch (IOException | RuntimeException e) {
            closeBoth(client, broker);
            return;
        }
        Set<Integer> doomed = ConcurrentHashMap.newKeySet();
        Thread up = new Thread(() -> pumpRequests(client, broker, doomed), "proxy-up-" + client.getPort());
        up.setDaemon(true);
        up.start();
        pumpResponses(broker, client, doomed);
    }

    /** Client to broker: forward each request; an armed proxy marks the next Produce request's correlation id. */
    private void pumpRequests(Socket client, Socket broker, Set<Integer> doomed) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(broker.getOutputStream()));
            while (true) {
                byte[] frame = readFrame(in);
                ByteBuffer header = ByteBuffer.wrap(frame);
                short apiKey = header.getShort(0);
                int correlationId = header.getInt(4);
                if (apiKey == PRODUCE_API_KEY) {
                    produceRequests.incrementAndGet();
                    if (armed.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                        doomed.add(correlationId); // before forwarding: the response cannot overtake this
                    }
                }
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            closeBoth(client, broker);
        }
    }

    /** Broker to client: forward each response, except a doomed one: swallow it and cut the connection. */
    private void pumpResponses(Socket broker, Socket client, Set<Integer> doomed) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(broker.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(client.getOutputStream()));
            while (true) {
                byte[] frame = readFrame(in);
                int correlationId = ByteBuffer.wrap(frame).getInt(0);
                if (doomed.remove(correlationId)) {
                    dropped.incrementAndGet();
                    closeBoth(client, broker);
                    return;
                }
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            closeBoth(client, broker);
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 4 || size > MAX_FRAME) {
            throw new EOFException("not a Kafka frame (size " + size + ")");
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        return frame;
    }

    private void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
