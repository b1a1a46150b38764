package dev.runbook.exec.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd (Debian's openssh-server) for one test host: its own loopback address
 * (127.0.1.N only), a free port, a freshly generated host key, key-only login for the dedicated
 * test user {@link #USER}. Started by a test, stopped by it; never anything but loopback.
 */
public final class Sshd implements AutoCloseable {

    public static final String USER = "runbooktest";
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    public final String address;
    public final int port;
    final Path dir;
    final Path hostKey;
    private final Process process;
    private final Path config;

    private Sshd(String address, int port, Path dir, Path hostKey, Process process, Path config) {
        this.address = address;
        this.port = port;
        this.dir = dir;
        this.hostKey = hostKey;
        this.process = process;
        this.config = config;
    }

    /** The working area of the SSH tests: target/ssh-tests (keys, configs, the test user's home). */
    public static Path area() throws IOException {
        Path area = Path.of(System.getProperty("user.dir")).resolve("target/ssh-tests").toAbsolutePath();
        Files.createDirectories(area);
        return area;
    }

    /** The client's key pair, made once; the test user accepts it. */
    public static Path clientKey() throws IOException, InterruptedException {
        Path key = area().resolve("client_ed25519");
        if (!Files.exists(key)) run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "runbook-test-client", "-f", key.toString());
        return key;
    }

    /** Creates the test user when it is missing (the tests run as root, here and in CI), with a clean home under target/. */
    static Path testUserHome() throws IOException, InterruptedException {
        Path home = area().resolve("home");
        if (run(false, "id", "-u", USER) != 0) {
            run("useradd", "--no-create-home", "--home-dir", home.toString(), "--shell", "/bin/sh", USER);
        }
        // `*`: no password to log in with, yet not a locked account (sshd refuses a locked one even with a key)
        run("usermod", "--home", home.toString(), "--password", "*", USER);
        Files.createDirectories(home);
        run("chown", USER, home.toString());
        return home;
    }

    /** Starts sshd on {@code address} (127.x only) on a free port; fails, with why, when sshd is missing or does not start. */
    public static Sshd start(String address) throws IOException, InterruptedException {
        if (!address.startsWith("127.")) throw new IllegalArgumentException("test hosts live on loopback only, not " + address);
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: install Debian's openssh-server (.ci/run and the README's test command do)");
        }
        Path dir = area().resolve("sshd-" + address);
        Files.createDirectories(dir);
        Path hostKey = dir.resolve("host_ed25519");
        Files.deleteIfExists(hostKey);
        Files.deleteIfExists(dir.resolve("host_ed25519.pub"));
        Files.deleteIfExists(dir.resolve("sshd.log"));
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "host-" + address, "-f", hostKey.toString());
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, Files.readString(Path.of(clientKey() + ".pub")));
        testUserHome();
        Files.createDirectories(Path.of("/run/sshd"));
        int port = freePort(address);
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress " + address + ":" + port,
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorized,
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin no",
                "AllowUsers " + USER,
                "PrintMotd no",
                "LogLevel VERBOSE",
                "MaxSessions 50",
                "") + "\n");
        Files.setPosixFilePermissions(hostKey, PosixFilePermissions.fromString("rw-------"));
        return launch(address, port, dir, hostKey, config);
    }

    /** The same host again after a crash: its address, port and host key, so known_hosts still knows it. */
    public Sshd restart() throws IOException, InterruptedException {
        return launch(address, port, dir, hostKey, config);
    }

    private static Sshd launch(String address, int port, Path dir, Path hostKey, Path config) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sshd on " + address + ":" + port + " did not start: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return new Sshd(address, port, dir, hostKey, p, config);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("sshd on " + address + ":" + port + " did not listen within 10 s: " + Files.readString(dir.resolve("sshd.log")));
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    /** The known_hosts line for this host, as OpenSSH writes it for a port other than 22. */
    public String knownHostsLine() throws IOException {
        String[] pub = Files.readString(Path.of(hostKey + ".pub")).trim().split(" ");
        return "[" + address + "]:" + port + " " + pub[0] + " " + pub[1];
    }

    /** Kills sshd at once and every session it serves (the connection drops, as when a host dies). */
    public void kill() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        for (ProcessHandle h : all) h.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    public static void run(String... command) throws IOException, InterruptedException {
        int code = run(true, command);
        if (code != 0) throw new IllegalStateException(String.join(" ", command) + " failed with exit status " + code);
    }

    private static int run(boolean show, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 30 s");
        }
        if (show && p.exitValue() != 0) System.err.println(new String(out, StandardCharsets.UTF_8));
        return p.exitValue();
    }
}
