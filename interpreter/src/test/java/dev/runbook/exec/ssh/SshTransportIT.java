package dev.runbook.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.CommandLine;
import dev.runbook.exec.Transport;
import dev.runbook.exec.TransportException;
import dev.runbook.exec.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The SSH transport against real OpenSSH servers on loopback addresses of their own (issue 8):
 * commands, output, exit status, one session reused, timeouts, host keys, refused users and
 * keys, and a connection that drops while a command runs.
 */
class SshTransportIT {

    private static Sshd first;
    private static Sshd second;
    private static Path knownHosts;

    @BeforeAll
    static void start() throws Exception {
        first = Sshd.start("127.0.1.1");
        second = Sshd.start("127.0.1.2");
        knownHosts = Sshd.area().resolve("known_hosts");
        Files.writeString(knownHosts, first.knownHostsLine() + "\n" + second.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (first != null) first.close();
        if (second != null) second.close();
    }

    private static String inventory(Sshd... hosts) throws Exception {
        StringBuilder out = new StringBuilder("# test hosts\n");
        int n = 1;
        for (Sshd h : hosts) {
            out.append("host master").append(n++).append("host address=").append(h.address).append(" port=").append(h.port)
                    .append(" user=").append(Sshd.USER).append(" identity=").append(Sshd.clientKey()).append('\n');
        }
        return out.toString();
    }

    private static SshTransport transport(String inventory, Path known, boolean acceptNew) throws Exception {
        SshTransport.Options options = SshTransport.Options.defaults(name -> name.equals("HOME") ? System.getProperty("user.home") : null)
                .withKnownHosts(known).acceptingNewHostKeys(acceptNew);
        return new SshTransport(Inventory.parse("test.inventory", inventory), options);
    }

    private record Ran(Transport.Result result, List<String> out, List<String> err) {}

    private static Ran run(SshTransport t, String host, String line) throws TransportException {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        Transport.Result r = t.execute(host, line, Duration.ofSeconds(20), (s, text) -> (s == Transport.Stream.STDOUT ? out : err).add(text));
        return new Ran(r, out, err);
    }

    @Test
    @DisplayName("A command runs as the test user on its host: its standard output, standard error and exit status come back")
    void runsACommand() throws Exception {
        try (SshTransport t = transport(inventory(first, second), knownHosts, false)) {
            Ran ran = run(t, "master1host", "id -un; echo to-stderr >&2; exit 3");
            assertEquals(3, ran.result().exitStatus());
            assertEquals(List.of(Sshd.USER), ran.out());
            assertEquals(List.of("to-stderr"), ran.err());
            assertEquals(0, run(t, "master2host", "true").result().exitStatus());
        }
    }

    @Test
    @DisplayName("One session per host is opened once and reused: every command of the run is a channel of it")
    void oneSessionPerHost() throws Exception {
        try (SshTransport t = transport(inventory(first), knownHosts, false)) {
            List<String> parents = new ArrayList<>();
            for (int i = 0; i < 5; i++) parents.add(run(t, "master1host", "ps -o ppid= -p $$").out().get(0).trim());
            assertEquals(1, parents.stream().distinct().count(), "every command's parent is the one session's sshd: " + parents);
        }
    }

    @Test
    @DisplayName("Hostile arguments joined by ShellQuote arrive as the same words")
    void hostileWordsArriveIntact() throws Exception {
        List<String> hostile = List.of("a b", "it's", "\"q\"", "$(id)", "`id`", "; rm -rf x", "&& echo", "| cat", "\\", "*", "-n", "ünï", "$HOME");
        List<CommandLine.Word> words = new ArrayList<>();
        words.add(CommandLine.word("printf"));
        words.add(CommandLine.word("%s\\n"));
        for (String h : hostile) words.add(CommandLine.word(h));
        try (SshTransport t = transport(inventory(first), knownHosts, false)) {
            assertEquals(hostile, run(t, "master1host", CommandLine.of(words).masked()).out());
        }
    }

    @Test
    @DisplayName("A command that runs past its timeout is ended, and the run is told it may have done part of its work")
    void timeout() throws Exception {
        try (SshTransport t = transport(inventory(first), knownHosts, false)) {
            TransportException e = assertThrows(TransportException.class,
                    () -> t.execute("master1host", "sleep 30", Duration.ofMillis(700), Transport.OutputSink.IGNORE));
            assertEquals(TransportException.Kind.TIMEOUT, e.kind());
            assertTrue(e.commandMayHaveRun());
        }
    }

    @Test
    @DisplayName("Strict by default: an unknown host key stops before anything is sent, naming the host, key type and SHA256 fingerprint")
    void unknownHostKeyRefused() throws Exception {
        Path empty = Sshd.area().resolve("known_hosts_empty");
        Files.writeString(empty, "");
        try (SshTransport t = transport(inventory(first), empty, false)) {
            TransportException e = assertThrows(TransportException.class, () -> run(t, "master1host", "true"));
            assertEquals(TransportException.Kind.UNKNOWN_HOST_KEY, e.kind());
            String fingerprint = fingerprint(first);
            assertTrue(e.getMessage().contains("master1host (" + Sshd.USER + "@127.0.1.1:" + first.port + ") is not in " + empty), e.getMessage());
            assertTrue(e.getMessage().contains("ssh-ed25519 " + fingerprint), e.getMessage() + " / " + fingerprint);
            assertTrue(e.getMessage().contains("--accept-new-host-keys"), e.getMessage());
            assertFalse(e.commandMayHaveRun());
        }
    }

    @Test
    @DisplayName("--accept-new-host-keys adds an unknown key to known_hosts, as OpenSSH's accept-new does, and the next run is strict with it")
    void acceptNewAddsTheKey() throws Exception {
        Path fresh = Sshd.area().resolve("known_hosts_fresh");
        Files.deleteIfExists(fresh);
        try (SshTransport t = transport(inventory(first), fresh, true)) {
            assertEquals(0, run(t, "master1host", "true").result().exitStatus());
        }
        String written = Files.readString(fresh);
        assertTrue(written.contains("ssh-ed25519"), written);
        try (SshTransport t = transport(inventory(first), fresh, false)) {
            assertEquals(0, run(t, "master1host", "true").result().exitStatus());
        }
    }

    @Test
    @DisplayName("A changed host key is refused, even with accept-new, naming both fingerprints")
    void changedHostKeyRefused() throws Exception {
        Path other = Sshd.area().resolve("other_host_key");
        Files.deleteIfExists(other);
        Files.deleteIfExists(Path.of(other + ".pub"));
        Sshd.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
        String[] pub = Files.readString(Path.of(other + ".pub")).trim().split(" ");
        Path changed = Sshd.area().resolve("known_hosts_changed");
        Files.writeString(changed, "[127.0.1.1]:" + first.port + " " + pub[0] + " " + pub[1] + "\n");
        try (SshTransport t = transport(inventory(first), changed, true)) {
            TransportException e = assertThrows(TransportException.class, () -> run(t, "master1host", "true"));
            assertEquals(TransportException.Kind.CHANGED_HOST_KEY, e.kind());
            assertTrue(e.getMessage().contains("has CHANGED: it offers ssh-ed25519 " + fingerprint(first)), e.getMessage());
            assertTrue(e.getMessage().contains(HostKeys.fingerprint(java.util.Base64.getDecoder().decode(pub[1]))), e.getMessage());
        }
    }

    @Test
    @DisplayName("As OpenSSH, an entry without the port does not vouch for a host on another port: strict refuses it")
    void anEntryWithoutThePortDoesNotVouch() throws Exception {
        String[] pub = Files.readString(Path.of(first.hostKey + ".pub")).trim().split(" ");
        Path portless = Sshd.area().resolve("known_hosts_portless");
        Files.writeString(portless, "127.0.1.1 " + pub[0] + " " + pub[1] + "\n");
        try (SshTransport t = transport(inventory(first), portless, false)) {
            TransportException e = assertThrows(TransportException.class, () -> run(t, "master1host", "true"));
            assertEquals(TransportException.Kind.UNKNOWN_HOST_KEY, e.kind(), e.getMessage());
        }
    }

    @Test
    @DisplayName("A wrong key or a wrong user is reported by host, and nothing runs")
    void wrongKeyOrUser() throws Exception {
        Path stranger = Sshd.area().resolve("stranger_ed25519");
        if (!Files.exists(stranger)) Sshd.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
        String wrongKey = "host master1host address=127.0.1.1 port=" + first.port + " user=" + Sshd.USER + " identity=" + stranger + "\n";
        String wrongUser = "host master1host address=127.0.1.1 port=" + first.port + " user=nobody identity=" + Sshd.clientKey() + "\n";
        for (String inv : List.of(wrongKey, wrongUser)) {
            try (SshTransport t = transport(inv, knownHosts, false)) {
                TransportException e = assertThrows(TransportException.class, () -> run(t, "master1host", "true"));
                assertEquals(TransportException.Kind.AUTH_FAILED, e.kind(), e.getMessage());
                assertTrue(e.getMessage().startsWith("master1host ("), e.getMessage());
            }
        }
    }

    @Test
    @DisplayName("A host the inventory does not have, and one where nothing listens, are reported by name")
    void unknownAndUnreachableHosts() throws Exception {
        try (SshTransport t = transport(inventory(first) + "host deadhost address=127.0.1.9 port=9\n", knownHosts, false)) {
            TransportException missing = assertThrows(TransportException.class, () -> run(t, "nohost", "true"));
            assertEquals(TransportException.Kind.NOT_IN_INVENTORY, missing.kind());
            TransportException dead = assertThrows(TransportException.class, () -> run(t, "deadhost", "true"));
            assertEquals(TransportException.Kind.UNREACHABLE, dead.kind());
            assertTrue(dead.getMessage().startsWith("deadhost ("), dead.getMessage());
        }
    }

    @Test
    @DisplayName("sshd killed while a command runs: the connection drops, the outcome is unknown (the command may have run)")
    void droppedConnection() throws Exception {
        Sshd doomed = Sshd.start("127.0.1.3");
        Path known = Sshd.area().resolve("known_hosts_doomed");
        Files.writeString(known, doomed.knownHostsLine() + "\n");
        try (SshTransport t = transport(inventory(doomed), known, false)) {
            assertEquals(0, run(t, "master1host", "true").result().exitStatus());
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    doomed.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.start();
            TransportException e = assertThrows(TransportException.class,
                    () -> t.execute("master1host", "sleep 20", Duration.ofSeconds(15), Transport.OutputSink.IGNORE));
            killer.join(5_000);
            assertEquals(TransportException.Kind.DROPPED, e.kind(), e.getMessage());
            assertTrue(e.commandMayHaveRun());
        } finally {
            doomed.close();
        }
    }

    @Test
    @DisplayName("An Ansible INI inventory is used as it is for a real connection, with its environment script sourced first")
    void ansibleIniInventory() throws Exception {
        Path env = Sshd.area().resolve("ttenv.sh");
        Files.writeString(env, "TT_MARK=from-ttenv; export TT_MARK\necho noise\n");
        env.toFile().setReadable(true, false);
        String ini = "[pair]\nmaster1host ansible_host=127.0.1.1 ansible_port=" + first.port + "\n\n[pair:vars]\nansible_user=" + Sshd.USER
                + "\nansible_ssh_private_key_file=" + Sshd.clientKey() + "\nrunbook_env=" + env + "\n";
        try (SshTransport t = transport(ini, knownHosts, false)) {
            assertEquals(List.of("from-ttenv"), run(t, "master1host", "echo $TT_MARK").out());
        }
    }

    private static String fingerprint(Sshd host) throws Exception {
        String[] pub = Files.readString(Path.of(host.hostKey + ".pub")).trim().split(" ");
        return HostKeys.fingerprint(java.util.Base64.getDecoder().decode(pub[1]));
    }

}
