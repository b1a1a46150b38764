package dev.runbook.shim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the shims of a cluster from one JVM (the test's): the scripts' {@link ShimClient}
 * sends each invocation over a Unix socket in the state directory and prints the answer, so a
 * command costs a small JVM start instead of a JVM that checks the runbook again. The answers are
 * those of {@link Shim#run}, under the same file lock; closing the server removes the socket, and
 * the scripts answer by themselves again.
 */
public final class ShimServer implements AutoCloseable {

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();

    private ShimServer(ShimCluster cluster, Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
        this.acceptor = new Thread(() -> accept(cluster), "shim-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts the server of {@code cluster}; its socket path must be short enough for the system (about 100 bytes). */
    public static ShimServer start(ShimCluster cluster) throws IOException {
        Path socket = cluster.dir().toAbsolutePath().normalize().resolve(ShimClient.SOCKET);
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 100) {
            throw new IOException("the shim server's socket path is too long for a Unix socket (over 100 bytes): " + socket
                    + "; make the cluster in a shorter directory");
        }
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new ShimServer(cluster, socket, server);
    }

    private void accept(ShimCluster cluster) {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            Thread worker = new Thread(() -> answer(cluster, client), "shim-answer");
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void answer(ShimCluster cluster, SocketChannel client) {
        try (client) {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(client)));
            String host = in.readUTF();
            String program = in.readUTF();
            List<String> argv = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) argv.add(ShimClient.readLong(in));
            Map<String, String> env = new HashMap<>();
            for (int n = in.readInt(); n > 0; n--) env.put(ShimClient.readLong(in), ShimClient.readLong(in));
            String stdin = in.readBoolean() ? ShimClient.readLong(in) : null;
            Shim.Result r;
            try {
                r = Shim.run(cluster, host, program, argv, stdin, env::get);
            } catch (RuntimeException e) {
                r = new Shim.Result(2, "", "shim: cannot answer " + program + ": " + e + "\n");
            }
            answered.incrementAndGet();
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(client)));
            out.writeInt(r == null ? ShimClient.PASS : r.exit());
            ShimClient.writeLong(out, r == null ? "" : r.out());
            ShimClient.writeLong(out, r == null ? "" : r.err());
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    /** How many invocations the server has answered. */
    public int answered() {
        return answered.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
