package dev.runbook.cli;

import dev.runbook.exec.ssh.Sshd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Two test hosts for the command line's SSH tests (RunOverSshIT, ReplOverSshIT): real OpenSSH
 * servers on two loopback addresses of the caller's (127.0.1.N only), the shell shims of the
 * TimesTen tools (src/test/resources/shim-sh) on their PATH keeping master1 (ACTIVE) and master2
 * (STANDBY) in files, an inventory naming them master1host and master2host, and a known_hosts.
 */
final class ShimHosts {

    Sshd first;
    Sshd second;
    final Path area;
    final Path state;
    final Path inventory;
    final Path knownHosts;

    private ShimHosts(Sshd first, Sshd second, Path area, Path state, Path inventory, Path knownHosts) {
        this.first = first;
        this.second = second;
        this.area = area;
        this.state = state;
        this.inventory = inventory;
        this.knownHosts = knownHosts;
    }

    /** Starts both hosts in a fresh working area {@code target/ssh-tests/NAME}. */
    static ShimHosts start(String name, String firstAddress, String secondAddress) throws IOException, InterruptedException {
        Sshd first = Sshd.start(firstAddress);
        Sshd second = Sshd.start(secondAddress);
        Path area = Sshd.area().resolve(name);
        deleteTree(area);
        Path bin = Files.createDirectories(area.resolve("bin"));
        Path state = Files.createDirectories(area.resolve("state"));
        Path root = Path.of(System.getProperty("repo.root", ".."));
        for (String tool : List.of("ttAdmin", "ttIsql", "ttDestroy", "ttStatus")) {
            Path shim = bin.resolve(tool);
            Files.copy(root.resolve("interpreter/src/test/resources/shim-sh").resolve(tool), shim);
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String db : List.of("master1", "master2")) {
            Files.writeString(state.resolve(db + ".exists"), "");
            Files.writeString(state.resolve(db + ".rep"), "");
        }
        Files.writeString(state.resolve("master1.state"), "ACTIVE\n");
        Files.writeString(state.resolve("master2.state"), "STANDBY\n");
        Files.writeString(state.resolve("calls.log"), "");
        Sshd.run("chown", "-R", Sshd.USER, state.toString());
        Path env = area.resolve("ttenv.sh");
        Files.writeString(env, "PATH=" + bin + ":$PATH; RUNBOOK_STATE=" + state + "; export PATH RUNBOOK_STATE\n");
        Path inventory = area.resolve("test.inventory");
        Files.writeString(inventory, "# the two test hosts\n"
                + "vars all user=" + Sshd.USER + " identity=" + Sshd.clientKey() + " env=" + env + "\n"
                + "host master1host address=" + firstAddress + " port=" + first.port + "\n"
                + "host master2host address=" + secondAddress + " port=" + second.port + "\n");
        Path knownHosts = area.resolve("known_hosts");
        Files.writeString(knownHosts, first.knownHostsLine() + "\n" + second.knownHostsLine() + "\n");
        return new ShimHosts(first, second, area, state, inventory, knownHosts);
    }

    /**
     * The commands the shims logged, without the queries that waits, probes and resumes ask (status,
     * state, schemes, cache groups, flushed), and without a statement logged by its digest.
     */
    List<String> calls() throws IOException {
        return Files.readAllLines(state.resolve("calls.log")).stream().filter(l -> !l.startsWith("ttStatus") && !l.contains("repschemes")
                && !l.contains("cachegroups") && !l.contains("ttRepStateGet") && !l.contains("ttRepSubscriberWait") && !l.contains("sha256:")).toList();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
