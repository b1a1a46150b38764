package dev.runbook.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestSecrets;
import dev.runbook.check.CheckResult;
import dev.runbook.engine.Secret;
import dev.runbook.exec.Operator;
import dev.runbook.exec.RemoteBackend;
import dev.runbook.exec.RemoteRun;
import dev.runbook.exec.Replay;
import dev.runbook.exec.Simulation;
import dev.runbook.exec.inventory.Inventory;
import dev.runbook.exec.ssh.Sshd;
import dev.runbook.exec.ssh.SshTransport;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The standard runbook asp-major-online-nocg run over SSH (issue 8): three real OpenSSH servers on
 * 127.0.1.1-3, the TimesTen shims backed by the model on them, the run backend with its queries and
 * waits; the hosts end in the state the simulation of the runbook ends in, field for field.
 */
class StandardRunbookOverSshIT {

    private static final List<String> HOSTS = List.of("master1host", "master2host", "subscriber1host");

    @Test
    @DisplayName("asp-major-online-nocg over SSH on three hosts ends in the same state as its simulation")
    void a4OverSsh() throws Exception {
        List<Sshd> servers = new ArrayList<>();
        Path dir = Files.createTempDirectory("a4ssh");
        try {
            for (int i = 0; i < HOSTS.size(); i++) servers.add(Sshd.start("127.0.1." + (i + 1)));
            Path file = SimRun.repoRoot().resolve("runbooks/asp-major-online-nocg.rbk");
            CheckResult checked = SimRun.check(Source.read(file, "asp-major-online-nocg.rbk"));
            InitialState.Start begin = Simulation.start(checked, Simulation.Options.defaults());
            Simulation.Result simulated = Simulation.run(checked, Simulation.Options.defaults());
            assertTrue(simulated.ok(), "the runbook simulates clean");

            ShimCluster cluster = ShimCluster.create(dir, file, ShimTest.LIBS, begin.state(), 0);
            Map<String, ShimCluster.HostShims> shims = cluster.install(HOSTS);
            StringBuilder inventory = new StringBuilder();
            StringBuilder known = new StringBuilder();
            for (int i = 0; i < HOSTS.size(); i++) {
                inventory.append("host ").append(HOSTS.get(i)).append(" address=127.0.1.").append(i + 1).append(" port=").append(servers.get(i).port)
                        .append(" user=").append(Sshd.USER).append(" identity=").append(Sshd.clientKey())
                        .append(" env=").append(shims.get(HOSTS.get(i)).envScript()).append('\n');
                known.append(servers.get(i).knownHostsLine()).append('\n');
            }
            Path knownHosts = dir.resolve("known_hosts");
            Files.writeString(knownHosts, known.toString());
            Sshd.run("chmod", "-R", "a+rwX", dir.toString());
            SshTransport.Options ssh = SshTransport.Options.defaults(name -> name.equals("HOME") ? System.getProperty("user.home") : null)
                    .withKnownHosts(knownHosts);
            // the operator does what each manual instruction says, on the host whose verb it is
            Operator operator = new Operator() {
                @Override
                public Answer confirm(String question) {
                    return new Answer(true, "test");
                }

                @Override
                public Answer manual(String instruction) {
                    String failure = null;
                    for (String host : HOSTS) {
                        failure = cluster.operator(host, instruction);
                        if (failure == null) return new Answer(true, "test");
                    }
                    return new Answer(false, failure);
                }
            };
            RemoteRun.Result result;
            try (ShimServer server = ShimServer.start(cluster);
                 SshTransport transport = new SshTransport(Inventory.parse("a4.inventory", inventory.toString()), ssh)) {
                Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".sock"))
                        .forEach(p -> p.toFile().setWritable(true, false));
                RemoteRun.Setup setup = new RemoteRun.Setup(transport,
                        param -> param.equals("admin") ? Optional.of(new Secret(TestSecrets.ADMIN)) : Optional.empty(), operator,
                        dev.runbook.engine.QueryReader::read, RemoteBackend.Listener.NONE,
                        new RemoteBackend.Options(Duration.ofMinutes(5), true, false, cluster::elapse), Replay.none());
                result = RemoteRun.run(checked, Map.of(), null, setup, null);
            }
            assertTrue(result.ok(), () -> result.events().stream().filter(e -> e.getClass().getSimpleName().endsWith("Failed")
                    || e.getClass().getSimpleName().endsWith("Violated") || e.getClass().getSimpleName().endsWith("TimedOut")).toList().toString());
            ModelState hosts = cluster.state();
            ModelState expected = simulated.finalState();
            assertEquals(Map.of(), describe(hosts.diff(expected)), "fields where the hosts differ from the simulation's end");
            assertEquals(Map.of(), describe(expected.diff(hosts)), "fields where the simulation's end differs from the hosts");
        } finally {
            for (Sshd s : servers) s.close();
            new ProcessBuilder("pkill", "-KILL", "-u", Sshd.USER).start().waitFor();
        }
    }

    private static Map<String, String> describe(Map<String, Value[]> diff) {
        Map<String, String> out = new TreeMap<>();
        diff.forEach((k, v) -> out.put(k, Value.show(v[0]) + " -> " + Value.show(v[1])));
        return out;
    }
}
