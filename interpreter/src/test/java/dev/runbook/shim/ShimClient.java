package dev.runbook.shim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a generated shim script starts: it hands the invocation to the cluster's shim server
 * ({@link ShimServer}, a socket in the state directory) when one runs, else answers it itself
 * ({@link Shim#main}). It uses nothing of the project on the fast path, so that the JVM starts
 * without loading and checking the runbook (about a third of a shim's time, instead of all of it).
 */
public final class ShimClient {

    static final String SOCKET = "shim.sock";
    /** The exit status the server sends when no verb has the invocation and the real program must answer it. */
    static final int PASS = -1;

    private ShimClient() {}

    public static void main(String[] args) throws Exception {
        String stateDir = System.getenv(ShimCluster.ENV_STATE);
        Path socket = stateDir == null ? null : Path.of(stateDir, SOCKET);
        if (args.length > 0 && socket != null && Files.exists(socket)) {
            SocketChannel channel;
            try {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException gone) {
                channel = null; // a server that stopped: answer without it
            }
            if (channel != null) System.exit(viaServer(channel, args));
        }
        Shim.main(args);
    }

    private static int viaServer(SocketChannel channel, String[] args) throws IOException, InterruptedException {
        try (channel) {
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(channel)));
            List<String> argv = Arrays.asList(args).subList(1, args.length);
            out.writeUTF(System.getenv(ShimCluster.ENV_HOST));
            out.writeUTF(args[0]);
            out.writeInt(argv.size());
            for (String a : argv) writeLong(out, a);
            Map<String, String> env = System.getenv();
            out.writeInt(env.size());
            for (Map.Entry<String, String> e : env.entrySet()) {
                writeLong(out, e.getKey());
                writeLong(out, e.getValue());
            }
            boolean stdin = readsStdin(args[0], argv);
            out.writeBoolean(stdin);
            if (stdin) writeLong(out, new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
            out.flush();
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(channel)));
            int exit = in.readInt();
            String stdout = readLong(in);
            String stderr = readLong(in);
            if (exit == PASS) return passThrough(args[0], argv);
            System.out.print(stdout);
            System.out.flush();
            System.err.print(stderr);
            System.err.flush();
            return exit;
        }
    }

    /** ttIsql with neither -e nor -f reads its statements from standard input, as the real one does. */
    static boolean readsStdin(String program, List<String> argv) {
        return program.equals("ttIsql") && !argv.contains("-e") && !argv.contains("-f");
    }

    /** A string of any length (writeUTF stops at 64 KB). */
    static void writeLong(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readLong(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The real program, the first one in PATH outside the shims' own directories. */
    static int passThrough(String program, List<String> argv) throws IOException, InterruptedException {
        String self = Path.of(System.getenv().getOrDefault(ShimCluster.ENV_STATE, "")).toAbsolutePath().normalize().toString();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (candidate.toAbsolutePath().normalize().startsWith(self) || !Files.isExecutable(candidate)) continue;
            List<String> command = new ArrayList<>();
            command.add(candidate.toString());
            command.addAll(argv);
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        }
        System.err.println(program + ": command not found");
        return 127;
    }

}
