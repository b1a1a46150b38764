package dev.runbook.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.TestSecrets;
import dev.runbook.check.CheckResult;
import dev.runbook.cli.PlanEntries;
import dev.runbook.engine.Command;
import dev.runbook.engine.QueryReader;
import dev.runbook.engine.Rendering;
import dev.runbook.engine.Secret;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.sim.Env;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TimesTen shims as real processes (no SSH): the plan of the standard online upgrade driven
 * through them ends where its simulation ends, a failed precondition fails like TimesTen, and a
 * query's printed answer reads back as the model's value. Each command starts a JVM (about half
 * a second), so the tests are few.
 */
class ShimTest {

    static final Path RUNBOOK = SimRun.repoRoot().resolve("runbooks/asp-major-online-nocg.rbk");
    static final List<Path> LIBS = List.of(SimRun.repoRoot().resolve("stdlib"), SimRun.repoRoot().resolve("runbooks"));

    @TempDir
    Path dir;

    CheckResult program;
    InitialState.Start start;
    ShimCluster cluster;
    ShimDriver driver;

    @BeforeEach
    void cluster() throws Exception {
        program = SimRun.check(Source.read(RUNBOOK, "asp-major-online-nocg.rbk"));
        start = Simulation.start(program, Simulation.Options.defaults());
        cluster = ShimCluster.create(dir.resolve("cluster"), RUNBOOK, LIBS, start.state(), 0);
        List<String> hosts = start.state().all("host").stream().map(ModelState.Instance::id).toList();
        driver = new ShimDriver(cluster, cluster.install(hosts));
    }

    private Value field(String entity, String id, String field) {
        return cluster.state().get(new Value.Ref(entity, id), field);
    }

    /** The standard runbooks: asp-major-online-nocg first, the one issue 8 names. */
    static List<String> standardRunbooks() throws IOException {
        try (var files = java.nio.file.Files.list(SimRun.repoRoot().resolve("runbooks"))) {
            List<String> ids = new java.util.ArrayList<>(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".rbk")).map(n -> n.substring(0, n.length() - 4)).sorted().toList());
            ids.remove("asp-major-online-nocg");
            ids.add(0, "asp-major-online-nocg");
            return ids;
        }
    }

    /**
     * The plan, from the code of `runbook plan`, driven through the shims: every command on its
     * host's shims as a process (answered by a {@link ShimServer}; the other tests use none), the
     * operator's instructions, the waits polled through the queries.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("standardRunbooks")
    void thePlanOfAStandardRunbookDrivenThroughTheShimsEndsInTheSimulatedState(String id) throws Exception {
        Path file = SimRun.repoRoot().resolve("runbooks/" + id + ".rbk");
        CheckResult checked = SimRun.check(Source.read(file, id + ".rbk"));
        InitialState.Start begin = Simulation.start(checked, Simulation.Options.defaults());
        ShimCluster shimmed = ShimCluster.create(dir.resolve("plan"), file, LIBS, begin.state(), 0);
        ShimDriver through = new ShimDriver(shimmed, shimmed.install(begin.state().all("host").stream().map(ModelState.Instance::id).toList()));
        Simulation.Result simulated = Simulation.run(checked, Simulation.Options.defaults());
        assertTrue(simulated.ok(), id + " simulates clean");
        List<PlanEntries.Entry> plan = PlanEntries.of(checked, simulated);
        assertTrue(plan.stream().filter(e -> e.kind().equals("run") || e.kind().equals("sql")).count() >= 3, "a plan of commands: " + plan);

        String failed;
        int answered;
        try (ShimServer server = ShimServer.start(shimmed)) {
            failed = through.drive(checked, plan, begin.env(), begin.state());
            answered = server.answered();
        }

        assertNull(failed, failed);
        assertTrue(answered >= 3, "the commands went through the shim server: " + answered);
        ModelState shims = shimmed.state();
        ModelState expected = simulated.finalState();
        assertEquals(Map.of(), describe(shims.diff(expected)), "fields that differ from the simulation's final state (shim vs simulation)");
        assertEquals(Map.of(), describe(expected.diff(shims)), "fields that differ from the simulation's final state (simulation vs shim)");
        assertEquals(expected.clock(), shims.clock(), "model time");
    }

    private static Map<String, String> describe(Map<String, Value[]> diff) {
        Map<String, String> out = new java.util.TreeMap<>();
        diff.forEach((k, v) -> out.put(k, Value.show(v[0]) + " -> " + Value.show(v[1])));
        return out;
    }

    @Test
    void repStopOfAStoppedAgentFailsWithTimesTensErrorAndChangesNothing() {
        ShimDriver.Ran first = driver.run("master2host", "ttAdmin -repStop master2");
        assertEquals(0, first.exit(), first.describe());
        assertTrue(first.out().contains("Replication Manually Started    : False"), first.describe());
        assertEquals("down", Value.show(field("database", "master2", "rep")));

        ShimDriver.Ran again = driver.run("master2host", "ttAdmin -repStop master2");

        assertEquals(1, again.exit(), again.describe());
        assertTrue(again.err().contains("[TimesTen][TimesTen 18.1 ODBC Driver][TimesTen]TT12027: The agent is already stopped for the data store."),
                again.describe());
        assertTrue(again.err().contains("repStop cannot run: the replication agent of master2 is already stopped"), again.describe());
        assertEquals("", again.out());
        assertEquals("down", Value.show(field("database", "master2", "rep")));
    }

    @Test
    void ttRepStateGetPrintsWhatTimesTenPrintsAndReadsBackAsTheModelsState() throws QueryReader.Unreadable {
        ShimDriver.Ran standby = driver.run("master2host", "ttIsql -connStr DSN=master2 -e 'call ttRepStateGet; quit;'");
        ShimDriver.Ran active = driver.run("master1host", "$TT_HOME/bin/ttIsql -connStr DSN=master1 -e 'call ttRepStateGet; quit;'");

        assertEquals(0, standby.exit(), standby.describe());
        assertTrue(standby.out().contains("call ttRepStateGet;\n< STANDBY >\n1 row found.\n"), standby.describe());
        var state = program.vocabulary().queries().get("state");
        assertEquals(field("database", "master2", "state"), QueryReader.read(state, standby.out()));
        assertEquals(new Value.Sym("STANDBY"), QueryReader.read(state, standby.out()));
        assertEquals(new Value.Sym("ACTIVE"), QueryReader.read(state, active.out()));
    }

    @Test
    void aBuiltInProcedureCalledThroughTtIsqlHasItsDeclaredPreconditionsAndEffects() {
        ShimDriver.Ran saved = driver.run("master1host", "ttIsql -connStr DSN=master1 -e \"call ttRepStateSave('FAILED', 'master2', 'master2host'); quit;\"");
        ShimDriver.Ran stopped = driver.run("master2host", "ttIsql -connStr DSN=master2 -e 'call ttRepStop(); quit;'");
        ShimDriver.Ran again = driver.run("master2host", "ttIsql -connStr DSN=master2 -e 'call ttRepStop(); quit;'");

        assertEquals(0, saved.exit(), saved.describe());
        assertEquals("FAILED", Value.show(field("database", "master2", "state")));
        assertEquals("failed", Value.show(field("database", "master2", "receiving")));
        assertEquals(0, stopped.exit(), stopped.describe());
        assertTrue(stopped.out().contains("call ttRepStop();\n"), stopped.describe());
        assertEquals(1, again.exit(), again.describe());
        assertTrue(again.err().contains("TT12027: The agent is already stopped for the data store."), again.describe());
        assertEquals("down", Value.show(field("database", "master2", "rep")));
    }

    @Test
    void aCommandForADatabaseOfAnotherHostFailsThereAndAnUnknownOneIsUnsupported() {
        ShimDriver.Ran elsewhere = driver.run("master1host", "ttAdmin -repStop master2");
        ShimDriver.Ran unknown = driver.run("master1host", "ttAdmin -repFrobnicate master1");

        assertEquals(1, elsewhere.exit(), elsewhere.describe());
        assertTrue(elsewhere.err().contains("Data source name not found"), elsewhere.describe());
        assertTrue(elsewhere.err().contains("repStop runs on master2host, not on master1host"), elsewhere.describe());
        assertEquals("up", Value.show(field("database", "master2", "rep")));
        assertEquals(2, unknown.exit(), unknown.describe());
        assertTrue(unknown.err().startsWith("shim: unsupported command line: ttAdmin -repFrobnicate master1"), unknown.describe());
    }

    @Test
    void aPasswordGoesThroughTheHostsShellToTheShimAndNowhereElse() throws IOException {
        assertEquals(0, driver.run("master2host", "ttAdmin -repStop master2").exit());
        assertEquals(0, driver.run("master2host", "ttDestroy master2").exit());
        var duplicate = program.vocabulary().verbs().get("duplicate");
        Env env = Env.root().on(new Value.Ref("host", "master2host"), null);
        env.define("apps", start.env().lookup("apps"));
        env.define("db", new Value.Ref("database", "master2"));
        env.define("source", new Value.Ref("database", "master1"));
        env.define("admin", start.env().lookup("admin"));
        Command command = Rendering.command(program, new SimulatedBackend(program.vocabulary(), start.state(), 0), duplicate, env);
        String line = command.line().line(param -> java.util.Optional.of(new Secret(TestSecrets.HOSTILE)));
        assertTrue(line.contains("-pwd '"), line);

        ShimDriver.Ran ran = driver.run("master2host", line);
        ShimDriver.Ran unknown = driver.run("master2host", "ttRepAdmin -duplicate -frobnicate -pwd " + TestSecrets.ADMIN);

        assertEquals(0, ran.exit(), command.masked() + " exited " + ran.exit() + ": " + ran.err());
        assertEquals("true", Value.show(field("database", "master2", "exists")));
        assertEquals("duplicated", Value.show(field("database", "master2", "origin")));
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("-pwd ********"), unknown.err());
        String everything = ran.out() + ran.err() + unknown.out() + unknown.err() + Files.readString(cluster.dir().resolve(ShimCluster.STATE));
        for (String secret : TestSecrets.ALL) assertFalse(everything.contains(secret), "a secret was printed or written");
    }

    @Test
    void commandsOnSeveralHostsAtOnceLoseNoUpdate() {
        List<CompletableFuture<ShimDriver.Ran>> runs = List.of(
                CompletableFuture.supplyAsync(() -> driver.run("master2host", "ttAdmin -repStop master2")),
                CompletableFuture.supplyAsync(() -> driver.run("subscriber1host", "ttAdmin -repStop subscriber1")),
                CompletableFuture.supplyAsync(() -> driver.run("master1host", "ttAdmin -repPolicy always master1")));
        for (CompletableFuture<ShimDriver.Ran> r : runs) assertEquals(0, r.join().exit(), r.join().describe());

        assertEquals("down", Value.show(field("database", "master2", "rep")));
        assertEquals("down", Value.show(field("database", "subscriber1", "rep")));
        assertEquals("always", Value.show(field("database", "master1", "repPolicy")));
    }

    @Test
    void withATimeScaleRealTimeMovesTheModelAndWithoutItOnlyCommandsAndElapseDo() throws Exception {
        ShimCluster scaled = ShimCluster.create(dir.resolve("scaled"), RUNBOOK, LIBS, start.state(), 1000);
        long before = cluster.state().clock();
        Thread.sleep(30);

        assertTrue(scaled.state().clock() >= 30_000, "30 ms of real time are at least 30 s of model time at scale 1000");
        assertEquals(before, cluster.state().clock(), "no time passes by itself at scale 0");
        cluster.elapse(10_000);
        assertEquals(before + 10_000, cluster.state().clock());
    }

    @Test
    void theStateFileKeepsEveryFieldTheClockAndTheCounters() throws Exception {
        Simulation.Result simulated = Simulation.run(program, Simulation.Options.defaults());
        ModelState end = simulated.finalState();
        ShimCluster copy = ShimCluster.create(dir.resolve("copy"), RUNBOOK, LIBS, end, 0);

        ModelState read = copy.state();

        assertEquals(Map.of(), describe(read.diff(end)));
        assertEquals(Map.of(), describe(end.diff(read)));
        assertEquals(end.clock(), read.clock());
        assertEquals(end.committed(), read.committed());
        assertEquals(end.writeOutage(), read.writeOutage());
    }
}
