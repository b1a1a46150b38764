package dev.runbook.exec.ssh;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.OpenSSHConfig;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import dev.runbook.engine.CommandLine;
import dev.runbook.exec.Transport;
import dev.runbook.exec.TransportException;
import dev.runbook.exec.TransportException.Kind;
import dev.runbook.exec.inventory.HostEntry;
import dev.runbook.exec.inventory.Inventory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reaches the hosts of an inventory over SSH with JSch: one session per host, opened on first use
 * and kept for the whole run, an exec channel per command, standard output and error streamed a
 * line at a time. The command line is never logged or kept: it carries revealed secrets.
 */
public final class SshTransport implements Transport {

    /**
     * {@code knownHosts}: the known_hosts file; {@code acceptNewHostKeys}: OpenSSH's accept-new;
     * {@code sshConfig}: ~/.ssh/config or null; {@code env}: the environment (SSH_AUTH_SOCK, HOME).
     */
    public record Options(Path knownHosts, boolean acceptNewHostKeys, Path sshConfig, Duration connectTimeout,
                          Duration keepAlive, Function<String, String> env) {
        public static Options defaults(Function<String, String> env) {
            Path home = Path.of(env.apply("HOME") == null ? System.getProperty("user.home") : env.apply("HOME"));
            Path config = home.resolve(".ssh/config");
            return new Options(home.resolve(".ssh/known_hosts"), false, Files.isRegularFile(config) ? config : null,
                    Duration.ofSeconds(20), Duration.ofSeconds(15), env);
        }

        public Options acceptingNewHostKeys(boolean accept) {
            return new Options(knownHosts, accept, sshConfig, connectTimeout, keepAlive, env);
        }

        public Options withKnownHosts(Path file) {
            return new Options(file, acceptNewHostKeys, sshConfig, connectTimeout, keepAlive, env);
        }
    }

    private final Inventory inventory;
    private final Options options;
    private final ConfigRepository sshConfig;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public SshTransport(Inventory inventory, Options options) throws IOException {
        this.inventory = inventory;
        this.options = options;
        this.sshConfig = options.sshConfig() == null ? null : OpenSSHConfig.parseFile(options.sshConfig().toString());
    }

    /** Where a host is reached, as the run will say it: {@code user@address:port}. */
    public String describe(String host) {
        HostEntry e = inventory.host(host).orElse(null);
        if (e == null) return host + " (not in the inventory)";
        Target t = target(e);
        return t.user() + "@" + t.address() + ":" + t.port();
    }

    @Override
    public Result execute(String host, String line, Duration timeout, OutputSink output) throws TransportException {
        Session session = session(host);
        long start = System.nanoTime();
        ChannelExec channel;
        InputStream out;
        InputStream err;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(prefix(inventory.host(host).orElseThrow()) + line);
            channel.setInputStream(null);
            out = channel.getInputStream();
            err = channel.getErrStream();
            channel.connect((int) options.connectTimeout().toMillis());
        } catch (JSchException | IOException e) {
            sessions.remove(host);
            session.disconnect();
            throw new TransportException(host, Kind.DROPPED, false, host + ": the connection failed before the command was sent ("
                    + reason(e) + "): nothing ran; run again", e);
        }
        Thread stdout = pump(out, Stream.STDOUT, output, host);
        Thread stderr = pump(err, Stream.STDERR, output, host);
        long deadline = start + timeout.toNanos();
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() > deadline) {
                    channel.disconnect();
                    throw new TransportException(host, Kind.TIMEOUT, true, host + ": the command ran longer than its timeout of "
                            + timeout.toSeconds() + "s and was ended; it may have done part of its work", null);
                }
                if (!session.isConnected()) break;
                Thread.sleep(5);
            }
            stdout.join(2_000);
            stderr.join(2_000);
        } catch (InterruptedException e) {
            channel.disconnect();
            Thread.currentThread().interrupt();
            throw new TransportException(host, Kind.DROPPED, true, host + ": the run was interrupted while the command ran", e);
        }
        int status = channel.getExitStatus();
        channel.disconnect();
        if (status < 0) {
            // no exit status: the connection ended (the session may notice a moment later), or a signal killed the
            // command; either way it may have done part of its work, so its outcome is unknown, never a plain failure
            if (!session.isConnected() || !alive(session)) {
                sessions.remove(host);
                session.disconnect();
                throw new TransportException(host, Kind.DROPPED, true, host + ": the connection ended while the command ran"
                        + " (no exit status came back)", null);
            }
            throw new TransportException(host, Kind.DROPPED, true, host + ": the command ended without an exit status"
                    + " (killed by a signal?)", null);
        }
        return new Result(status, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Whether the session still answers: a keepalive that fails means the connection is gone. */
    private static boolean alive(Session session) {
        try {
            session.sendKeepAliveMsg();
            Thread.sleep(50);
            return session.isConnected();
        } catch (Exception gone) {
            return false;
        }
    }

    /** Reads one stream a line at a time into the sink, on its own thread, until the channel closes it. */
    private static Thread pump(InputStream in, Stream stream, OutputSink output, String host) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String text;
                while ((text = r.readLine()) != null) {
                    synchronized (output) {
                        output.line(stream, text);
                    }
                }
            } catch (IOException ended) {
                // the channel closed the stream: what came before was passed on
            }
        }, "ssh-" + host + "-" + stream.name().toLowerCase(java.util.Locale.ROOT));
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@code . "$TT_HOME/bin/ttenv.sh" >/dev/null && } when the inventory gives the host an environment script. */
    static String prefix(HostEntry host) {
        if (host.envScript() == null) return "";
        List<CommandLine.Piece> pieces = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?").matcher(host.envScript());
        int at = 0;
        while (m.find()) {
            if (m.start() > at) pieces.add(new CommandLine.Text(host.envScript().substring(at, m.start())));
            pieces.add(new CommandLine.EnvVar(m.group(1)));
            at = m.end();
        }
        if (at < host.envScript().length()) pieces.add(new CommandLine.Text(host.envScript().substring(at)));
        CommandLine source = new CommandLine(List.of(CommandLine.word("."), new CommandLine.Word(pieces),
                new CommandLine.Operator(">"), CommandLine.word("/dev/null"), new CommandLine.Operator("&&")));
        return source.masked() + " ";
    }

    private record Target(String address, int port, String user, List<String> identities) {}

    /** The inventory's values first, then ~/.ssh/config's for the host, then OpenSSH's defaults. */
    private Target target(HostEntry e) {
        ConfigRepository.Config config = sshConfig == null ? null : sshConfig.getConfig(e.name());
        String address = e.address() != null ? e.address() : config != null && config.getHostname() != null ? config.getHostname() : e.name();
        int port = e.port() > 0 ? e.port() : config != null && config.getPort() > 0 ? config.getPort() : 22;
        String user = e.user() != null ? e.user() : config != null && config.getUser() != null ? config.getUser() : systemUser();
        List<String> identities = new ArrayList<>();
        if (e.identityFile() != null) identities.add(e.identityFile());
        else if (config != null && config.getValues("IdentityFile") != null) identities.addAll(List.of(config.getValues("IdentityFile")));
        else for (String d : List.of("~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa")) if (Files.isRegularFile(home(d))) identities.add(d);
        return new Target(address, port, user, identities);
    }

    private String systemUser() {
        String user = options.env().apply("USER");
        return user != null ? user : System.getProperty("user.name");
    }

    private Path home(String path) {
        if (!path.startsWith("~/")) return Path.of(path);
        String home = options.env().apply("HOME");
        return Path.of(home != null ? home : System.getProperty("user.home")).resolve(path.substring(2));
    }

    private Session session(String host) throws TransportException {
        Session open = sessions.get(host);
        if (open != null && open.isConnected()) return open;
        HostEntry entry = inventory.host(host).orElseThrow(() -> new TransportException(host, Kind.NOT_IN_INVENTORY, false,
                host + " is not in the inventory " + inventory.file() + ": add it (its address, port and user)", null));
        if (entry.port() < 0 || entry.port() > 65_535) {
            throw new TransportException(host, Kind.UNREACHABLE, false, host + ": the inventory's port is not a port number", null);
        }
        Target t = target(entry);
        String where = t.user() + "@" + t.address() + ":" + t.port();
        JSch jsch = new JSch();
        HostKeys keys;
        try {
            if (options.acceptNewHostKeys()) ensureFile(options.knownHosts());
            if (Files.exists(options.knownHosts())) jsch.setKnownHosts(options.knownHosts().toString());
            keys = new HostKeys(jsch.getHostKeyRepository(), options.acceptNewHostKeys());
            jsch.setHostKeyRepository(keys);
            for (String id : t.identities()) {
                Path key = home(id);
                if (!Files.isReadable(key)) {
                    throw new TransportException(host, Kind.AUTH_FAILED, false, host + " (" + where + "): the identity file " + key
                            + " cannot be read: fix the inventory's identity (or ansible_ssh_private_key_file) for this host", null);
                }
                jsch.addIdentity(key.toString());
            }
            addAgent(jsch);
        } catch (JSchException | IOException e) {
            throw new TransportException(host, Kind.AUTH_FAILED, false, host + " (" + where + "): " + reason(e), e);
        }
        try {
            Session s = jsch.getSession(t.user(), t.address(), t.port());
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("PreferredAuthentications", "publickey");
            s.setServerAliveInterval((int) options.keepAlive().toMillis());
            s.setServerAliveCountMax(3);
            s.connect((int) options.connectTimeout().toMillis());
            sessions.put(host, s);
            return s;
        } catch (JSchException e) {
            throw classify(host, where, keys, e);
        }
    }

    /** Identities of the user's ssh-agent, when SSH_AUTH_SOCK names one. */
    private void addAgent(JSch jsch) {
        String socket = options.env().apply("SSH_AUTH_SOCK");
        if (socket == null || socket.isBlank() || !Files.exists(Path.of(socket))) return;
        try {
            SSHAgentConnector agent = new SSHAgentConnector(Path.of(socket));
            if (agent.isAvailable()) jsch.setIdentityRepository(new AgentIdentityRepository(agent));
        } catch (AgentProxyException | RuntimeException unavailable) {
            // no agent after all: the identity files are used
        }
    }

    private static void ensureFile(Path knownHosts) throws IOException {
        if (Files.exists(knownHosts)) return;
        Path dir = knownHosts.toAbsolutePath().getParent();
        if (dir != null && !Files.exists(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // nothing to restrict on this file system
            }
        }
        Files.createFile(knownHosts);
    }

    private TransportException classify(String host, String where, HostKeys keys, JSchException e) {
        HostKeys.Refusal r = keys.refusal();
        String text = String.valueOf(e.getMessage());
        if (r != null && !r.known().isEmpty()) {
            return new TransportException(host, Kind.CHANGED_HOST_KEY, false, host + " (" + where + "): the host key has CHANGED: it offers "
                    + r.keyType() + " " + r.fingerprint() + ", " + options.knownHosts() + " knows " + String.join(", ", r.known())
                    + ". Someone may be intercepting the connection, or the host was reinstalled. Nothing was sent. If the change is expected,"
                    + " remove the old key (ssh-keygen -R " + r.host() + " -f " + options.knownHosts() + ") and check the new one", e);
        }
        if (r != null || text.startsWith("UnknownHostKey") || text.contains("reject HostKey")) {
            String key = r == null ? "" : ": it offers " + r.keyType() + " " + r.fingerprint();
            return new TransportException(host, Kind.UNKNOWN_HOST_KEY, false, host + " (" + where + ") is not in " + options.knownHosts() + key
                    + ". Nothing was sent. Check the fingerprint with the host's administrator, then add it (ssh-keyscan -p "
                    + where.substring(where.lastIndexOf(':') + 1) + " " + where.substring(where.indexOf('@') + 1, where.lastIndexOf(':'))
                    + " >> " + options.knownHosts() + ", or ssh to it once), or run with --accept-new-host-keys", e);
        }
        if (text.contains("Auth fail") || text.contains("Auth cancel") || text.contains("USERAUTH fail")) {
            return new TransportException(host, Kind.AUTH_FAILED, false, host + " (" + where + "): the user or key was refused: check the"
                    + " inventory's user and identity file for this host, and that the public key is in that user's authorized_keys", e);
        }
        return new TransportException(host, Kind.UNREACHABLE, false, host + " (" + where + ") cannot be reached (" + reason(e)
                + "): check its address and port in the inventory, and that sshd runs there", e);
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        for (Session s : sessions.values()) s.disconnect();
        sessions.clear();
    }
}
