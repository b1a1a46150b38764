package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.engine.Event;
import dev.runbook.sim.Fault;
import dev.runbook.source.Source;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@link Explorer} over the standard runbooks A4 and A2: the fault points, the outcomes, and their replay. */
class ExplorerTest {

    static final String A4 = "runbooks/asp-major-online-nocg.rbk";
    static final String A2 = "runbooks/asp-patch-active-role-reversal.rbk";

    static Path root;
    static Checker checker;

    @BeforeAll
    static void setUp() {
        root = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
        checker = new Checker(new Library(List.of(root.resolve("stdlib"), root.resolve("runbooks"))));
    }

    static CheckResult checked(String file) throws Exception {
        CheckResult r = checker.check(Source.read(root.resolve(file), file));
        assertFalse(r.hasErrors(), file + " must check clean: " + r.diagnostics());
        return r;
    }

    static Explorer.Report explore(String file) throws Exception {
        return Explorer.explore(checked(file), Simulation.Options.defaults());
    }

    @Test
    void a4HasTheExpectedFaultPoints() throws Exception {
        Explorer.Report r = explore(A4);
        assertEquals(List.of("master1host", "master2host", "subscriber1host"), r.hosts());
        assertEquals(List.of("master1", "master2", "subscriber1"), r.databases());
        // steps 3-6 and 17-22 run common/offline-upgrade-database and common/major-upgrade-subscriber:
        // their steps are fault points of their own
        assertEquals(List.of("1", "2", "3-6", "3-6/3", "3-6/4", "3-6/5", "3-6/6", "7", "8", "9", "10", "10a", "11", "12", "12a",
                "13", "14", "15", "16", "17-22", "17-22/17", "17-22/18", "17-22/19", "17-22/20", "17-22/21"), r.steps());
        // per step: 3 hosts x crash before/after (6) + 3 databases x agent dies before/after (6)
        // + 3 host pairs x 4 partitions (before healed after the step, before never healed, after healed
        // after the next step, after never healed) (12) = 24; nothing runs after the last step 17-22,
        // nor after its last sub-step 17-22/21 (-3 each); fail step N for every step with a command
        // of its own (all but 3-6 and 17-22, which only run a shared part, and 9, which only waits:
        // 22); timeout step N for the steps with a wait (7, 9, 16: 3).
        assertEquals(25 * 24 - 6 + 22 + 3, r.tried());
        assertEquals(619, r.tried());
        assertEquals(r.tried(), r.count(Explorer.Outcome.SAFE) + r.count(Explorer.Outcome.UNSAFE) + r.count(Explorer.Outcome.STUCK));
        print(A4, r);
    }

    @Test
    void a2HasTheExpectedFaultPoints() throws Exception {
        Explorer.Report r = explore(A2);
        assertEquals(List.of("master1host", "master2host"), r.hosts());
        // step 1-6 runs common/role-reversal: its six steps are fault points of their own, named as the trace names them
        assertEquals(List.of("1-6", "1-6/1", "1-6/2", "1-6/3", "1-6/4", "1-6/5", "1-6/6", "7", "8"), r.steps());
        // per step: 2 hosts x 2 crashes + 2 databases x 2 agent deaths + 1 pair x 4 partitions = 12;
        // step 8 has no next step (-1); fail step 1-6/1, 3, 4, 5, 6, 7 and 8 (1-6 only runs the
        // sub-runbook, 1-6/2 only waits); timeout step 1-6/2 and 8.
        assertEquals(9 * 12 - 1 + 7 + 2, r.tried());
        assertEquals(116, r.tried());
        print(A2, r);
    }

    @Test
    void theStepsOfASubRunbookAreFaultPoints() throws Exception {
        List<String> specs = Explorer.faultPoints(checked(A2), Simulation.Options.defaults()).stream().map(Fault::spec).toList();
        assertTrue(specs.contains("crash master1host before step 1-6/3"), specs.toString());
        assertTrue(specs.contains("agent master2 dies after step 1-6/5"), specs.toString());
        assertTrue(specs.contains("fail step 1-6/3"), specs.toString());
        assertTrue(specs.contains("timeout step 1-6/2"), specs.toString());
        assertFalse(specs.contains("fail step 1-6"), "1-6 sends no command of its own: it would repeat fail step 1-6/1");
        assertFalse(specs.contains("fail step 1-6/2"), "1-6/2 only waits");
        // "after S heal after N": N is the step that starts once S is over
        assertTrue(specs.contains("partition master1host master2host after step 1-6/3 heal after step 1-6/4"), specs.toString());
        assertTrue(specs.contains("partition master1host master2host after step 1-6/6 heal after step 7"), specs.toString());
        assertTrue(specs.contains("partition master1host master2host after step 1-6 heal after step 7"), specs.toString());
        assertFalse(specs.contains("partition master1host master2host after step 1-6 heal after step 1-6/1"), "1-6/1 is over before 1-6 is");

        Explorer.Report r = explore(A2);
        Explorer.Row fail = row(r, "fail step 1-6/3");
        assertEquals(Explorer.Outcome.STUCK, fail.outcome());
        assertEquals("1-6/3", fail.step());
        assertTrue(fail.detail().contains("(injected fault)"), fail.detail());
    }

    /** The engine checks the state where a run stops; explore reads its verdict, with the reason for the stop. */
    @Test
    void aCrashOfTheActiveHostBreaksTheOnlineInvariant() throws Exception {
        Explorer.Report r = explore(A4);
        assertTrue(r.count(Explorer.Outcome.UNSAFE) > 0, "A4 has no unsafe fault point");
        Explorer.Row row = row(r, "crash master1host before step 1");
        assertEquals(Explorer.Outcome.UNSAFE, row.outcome());
        assertEquals("I-03", row.invariant());
        assertEquals("1 (where the run stopped)", row.step());
        assertTrue(row.detail().endsWith("(precondition: markFailed cannot run: master1host is down (no answer over SSH))"), row.detail());
        // the same crash once the applications run on master2 (from step 12a) is only stuck
        assertEquals(Explorer.Outcome.STUCK, row(r, "crash master1host after step 12a").outcome());
        // a timed-out wait stops the run where it is, nothing unsafe
        Explorer.Row timeout = row(r, "timeout step 7");
        assertEquals(Explorer.Outcome.STUCK, timeout.outcome());
        assertEquals("7", timeout.step());
        assertTrue(timeout.detail().startsWith("wait timed out after 1h"), timeout.detail());
    }

    @Test
    void everyUnsafeRowReplays() throws Exception {
        for (String file : List.of(A4, A2)) {
            CheckResult program = checked(file);
            Explorer.Report r = Explorer.explore(program, Simulation.Options.defaults());
            List<String> wrong = new ArrayList<>();
            int replayed = 0;
            for (Explorer.Row row : r.rows()) {
                if (row.outcome() != Explorer.Outcome.UNSAFE) continue;
                replayed++;
                Simulation.Result result = Simulation.run(program,
                        Simulation.Options.defaults().withFaults(List.of(Fault.parse(row.spec()))));
                // the replay reports the very violation, at the very step (a stop state's violation included)
                Event.InvariantViolated v = null;
                for (Event e : result.events()) if (e instanceof Event.InvariantViolated iv && v == null) v = iv;
                String got = v == null ? "no violation" : v.id() + " at " + v.label();
                String want = row.invariant() + " at " + row.step();
                if (!got.equals(want)) wrong.add(row.spec() + ": explore says " + want + ", the replay " + got);
            }
            assertTrue(replayed > 0, file + ": no unsafe row to replay");
            assertTrue(wrong.isEmpty(), file + ": rows that do not replay:\n" + String.join("\n", wrong));
        }
    }

    /** Resuming a faulty run from the run without a fault changes no answer: every row is that of a whole simulation. */
    @Test
    void everyRowIsTheAnswerOfItsOwnSimulation() throws Exception {
        for (String file : List.of(A4, A2)) {
            CheckResult program = checked(file);
            Explorer.Report r = Explorer.explore(program, Simulation.Options.defaults());
            assertEquals(r.tried(), r.resumed(), file + ": every run resumes when the run without a fault ends well");
            List<String> wrong = new ArrayList<>();
            for (Explorer.Row row : r.rows()) {
                Explorer.Row alone = Explorer.classify(row.spec(),
                        Simulation.run(program, Simulation.Options.defaults().withFaults(List.of(Fault.parse(row.spec())))));
                if (!alone.equals(row)) wrong.add("explore: " + row + "\nalone:   " + alone);
            }
            assertTrue(wrong.isEmpty(), file + ":\n" + String.join("\n", wrong));
            assertEquals(r, Explorer.explore(program, Simulation.Options.defaults(), false), "parallel and sequential differ");
        }
    }

    /** With a seed other than 0 nothing resumes (the durations draw random numbers); the rows are still those of whole runs. */
    @Test
    void aSeedRunsEveryPointFromTheStart() throws Exception {
        CheckResult program = checked(A2);
        Simulation.Options seeded = new Simulation.Options(java.util.Map.of(), null, List.of(), 7);
        Explorer.Report r = Explorer.explore(program, seeded);
        assertEquals(0, r.resumed());
        for (Explorer.Row row : r.rows()) {
            assertEquals(Explorer.classify(row.spec(), Simulation.run(program, seeded.withFaults(List.of(Fault.parse(row.spec()))))), row);
        }
    }

    @Test
    void theFaultPointsAreDeterministicAndReplayable() throws Exception {
        CheckResult program = checked(A4);
        List<Fault> points = Explorer.faultPoints(program, Simulation.Options.defaults());
        List<String> specs = new ArrayList<>();
        for (Fault f : points) {
            assertEquals(f, Fault.parse(f.spec()), "spec does not parse back: " + f.spec());
            specs.add(f.spec());
        }
        assertEquals(specs.size(), new java.util.HashSet<>(specs).size(), "a fault point is tried twice");
        assertEquals(specs.get(0), "crash master1host before step 1");
        assertTrue(specs.contains("partition master1host master2host after step 16 heal after step 17-22"));
        assertFalse(specs.contains("fail step 9"), "step 9 only waits");
        assertFalse(specs.stream().anyMatch(s -> s.startsWith("partition") && s.contains("after step 17-22 heal")));
        assertEquals(explore(A4), explore(A4));
        assertEquals(points.size(), explore(A4).tried());
    }

    @Test
    void exploreCommandPrintsTheSummaryAndReplays() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = cli(out, err, root.resolve(A2).toString());
        assertEquals(1, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("9 steps (6 of them in sub-runbooks), 2 hosts, 2 databases"), text);
        assertTrue(text.contains("tried 116 fault points: "), text);
        assertTrue(text.contains("fault"), text);
        assertTrue(text.contains("replay: runbook simulate "), text);
        assertTrue(text.indexOf("| unsafe") < text.indexOf("| stuck"), "unsafe rows first:\n" + text);

        StringWriter json = new StringWriter();
        code = cli(json, err, root.resolve(A2).toString(), "--format", "json");
        assertEquals(1, code);
        assertTrue(json.toString().contains("\"schema\": \"runbook.explore/v1\""), json.toString());
        assertTrue(json.toString().contains("\"tried\": 116"), json.toString());

        StringWriter bad = new StringWriter();
        StringWriter badErr = new StringWriter();
        assertEquals(2, cli(bad, badErr, root.resolve(A2).toString(), "-p", "nosuch=1"));
        assertTrue(badErr.toString().contains("nosuch"), badErr.toString());
        assertEquals(2, cli(bad, badErr, root.resolve("no/such/file.rbk").toString()));
    }

    /**
     * A row at a step of a sub-runbook replays with the command explore prints for it: {@code runbook
     * simulate} takes the label; a label that no step has is bad usage, with the labels there are.
     */
    @Test
    void aSubRunbookStepRowReplaysThroughSimulate() throws Exception {
        String a2 = root.resolve(A2).toString();
        Explorer.Row row = explore(A2).rows().stream()
                .filter(r -> r.outcome() == Explorer.Outcome.UNSAFE && r.spec().contains("step 1-6/")).findFirst().orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(1, command("SimulateCommand", out, err, a2, "--fault", row.spec()), err.toString());
        assertTrue(out.toString().contains("FAILED at step " + row.step() + " ("), row + "\n" + out);
        assertTrue(out.toString().contains(row.invariant() + " violated"), out.toString());

        StringWriter bad = new StringWriter();
        StringWriter badErr = new StringWriter();
        assertEquals(2, command("SimulateCommand", bad, badErr, a2, "--fault", "crash master1host after step 1-6/9"));
        assertTrue(badErr.toString().contains("has no step 1-6/9; faults go at its steps, as the trace labels them: "
                + "1-6, 1-6/1, 1-6/2, 1-6/3, 1-6/4, 1-6/5, 1-6/6, 7, 8"), badErr.toString());
        assertFalse(badErr.toString().contains("Exception"), badErr.toString());
    }

    /** ExploreCommand is package-private in cli, like the other commands: reached reflectively. */
    static int cli(StringWriter out, StringWriter err, String... args) throws Exception {
        return command("ExploreCommand", out, err, args);
    }

    static int command(String name, StringWriter out, StringWriter err, String... args) throws Exception {
        Class<?> type = Class.forName("dev.runbook.cli." + name);
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        CommandLine cmd = new CommandLine(constructor.newInstance());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    static Explorer.Row row(Explorer.Report r, String spec) {
        for (Explorer.Row row : r.rows()) if (row.spec().equals(spec)) return row;
        throw new AssertionError("no fault point " + spec);
    }

    static void print(String file, Explorer.Report r) {
        System.out.println(file + ": tried " + r.tried() + " fault points: " + r.count(Explorer.Outcome.SAFE) + " safe, "
                + r.count(Explorer.Outcome.UNSAFE) + " unsafe, " + r.count(Explorer.Outcome.STUCK) + " stuck");
        assertNotNull(r.runbook());
    }
}
