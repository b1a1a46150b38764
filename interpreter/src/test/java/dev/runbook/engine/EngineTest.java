package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));
    static final Path A4 = ROOT.resolve("runbooks/asp-major-online-nocg.rbk");
    static final Path A2 = ROOT.resolve("runbooks/asp-patch-active-role-reversal.rbk");

    static CheckResult check(Path file) throws IOException {
        CheckResult r = new Checker(new Library(List.of())).check(Source.read(file, file.getFileName().toString()));
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        return r;
    }

    static CheckResult check(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return check(file);
    }

    @Test
    void theStandardA4SimulatesToItsDocumentedFinalState() throws Exception {
        Simulation.Result result = Simulation.run(check(A4), Simulation.Options.defaults());
        assertTrue(result.ok(), () -> result.events().toString());
        assertEquals("ACTIVE", Value.show(result.finalState().get(new Value.Ref("database", "master2"), "state")));
        assertEquals("STANDBY", Value.show(result.finalState().get(new Value.Ref("database", "master1"), "state")));
        Event.RunFinished end = (Event.RunFinished) result.events().get(result.events().size() - 1);
        assertTrue(end.writeOutageMillis() > 0, "the role switch pauses the applications");
        assertTrue(end.writeOutageMillis() < end.totalMillis());
    }

    @Test
    void aVerbPlacedElsewhereThanItsBlockStopsTheRunWhereTheCheckerCannotSeeIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // a loop variable hides the subscriber's host from E300: the run stops instead of passing
        CheckResult r = check(dir, "rehost.rbk", """
                runbook rehost "A subscriber's agent stopped from the active's host"
                  require state active == ACTIVE and state standby == STANDBY
                  require role of [active, standby] == master and role of subscribers == subscriber

                use timesten

                param active = master1 on "master1host"
                param standby = master2 on "master2host"
                param subscribers: [database] = [subscriber1 on "subscriber1host"]

                step 1 "Stop each subscriber's agent":
                  for sub in subscribers:
                    on active.host: repStop sub
                """);
        Simulation.Result result = Simulation.run(r, Simulation.Options.defaults());
        assertFalse(result.ok());
        Event.CommandFailed failed = result.events().stream().filter(e -> e instanceof Event.CommandFailed)
                .map(e -> (Event.CommandFailed) e).findFirst().orElseThrow();
        assertTrue(failed.message().contains("runs on subscriber1host, but this block runs on master1host"), failed.message());
        assertTrue(result.events().stream().noneMatch(e -> e instanceof Event.CommandIssued), "nothing is sent");
    }

    @Test
    void aSharedPartRunsAnotherByTheNameTheRunbooksUse(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // runbooks/common/outer.rbk says `use common.inner`, as a runbook of runbooks/ would
        Files.createDirectories(dir.resolve("common"));
        Files.writeString(dir.resolve("common/inner.rbk"), """
                runbook inner "Stop an agent"
                  require db.rep == up

                use timesten

                param db: database

                step 1 "Stop it":
                  on db.host: repStop db
                """);
        Files.writeString(dir.resolve("common/outer.rbk"), """
                runbook outer "Stop and start an agent"
                  require db.rep == up

                use timesten
                use common.inner

                param db: database

                step 1 "Stop it":
                  run inner(db = db)

                step 2 "Start it":
                  on db.host: repStart db
                """);
        assertFalse(check(dir.resolve("common/outer.rbk")).hasErrors());
        CheckResult top = check(dir, "top.rbk", """
                runbook top "Restart the standby's agent through two shared parts"
                  require state active == ACTIVE and state standby == STANDBY
                  require role of [active, standby] == master

                use timesten
                use common.outer

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1 "Restart":
                  run outer(db = standby)

                expect standby.rep == up
                """);
        Simulation.Result result = Simulation.run(top, Simulation.Options.defaults());
        assertTrue(result.ok(), () -> result.events().toString());
        assertTrue(result.events().stream().anyMatch(e -> e instanceof Event.StepStarted s && s.label().equals("1/1/1")),
                "the inner part's step runs as step 1/1/1");
    }

    @Test
    void aSharedPartsRequireLinesMustHoldWhereItRuns(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("common"));
        Files.writeString(dir.resolve("common/stop.rbk"), """
                runbook stop "Stop a running agent"
                  require db.rep == up

                use timesten

                param db: database

                step 1 "Stop it":
                  on db.host: repStop db
                """);
        CheckResult top = check(dir, "twice.rbk", """
                runbook twice "Stop the standby's agent, then run a part that needs it running"
                  require state active == ACTIVE and state standby == STANDBY
                  require role of [active, standby] == master

                use timesten
                use common.stop

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1 "Stop it by hand":
                  on standby.host: repStop standby

                step 2 "Stop it through the shared part":
                  run stop(db = standby)
                """);
        Simulation.Result result = Simulation.run(top, Simulation.Options.defaults());
        assertFalse(result.ok());
        Event.CommandFailed failed = result.events().stream().filter(e -> e instanceof Event.CommandFailed)
                .map(e -> (Event.CommandFailed) e).findFirst().orElseThrow();
        assertEquals("2", failed.label());
        assertTrue(failed.message().contains("`stop` requires `db.rep == up`"), failed.message());
        assertTrue(result.events().stream().noneMatch(e -> e instanceof Event.StepStarted s && s.label().equals("2/1")),
                "the shared part does not start");
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedOtherDurations() throws Exception {
        CheckResult a4 = check(A4);
        Simulation.Options seven = new Simulation.Options(Map.of(), null, List.of(), 7);
        List<Event> first = Simulation.run(a4, seven).events();
        List<Event> again = Simulation.run(a4, seven).events();
        List<Event> exact = Simulation.run(a4, Simulation.Options.defaults()).events();
        assertEquals(first, again);
        assertNotEquals(total(first), total(exact));
    }

    private static long total(List<Event> events) {
        return ((Event.RunFinished) events.get(events.size() - 1)).totalMillis();
    }

    @Test
    void aParameterOverridePlacesTheDatabaseOnItsHost() throws Exception {
        Simulation.Options options = new Simulation.Options(Map.of("active", "m9@h9"), null, List.of(), 0);
        Simulation.Result result = Simulation.run(check(A4), options);
        assertTrue(result.ok(), () -> result.events().toString());
        assertTrue(result.events().stream().anyMatch(e -> e instanceof Event.CommandIssued c
                && c.host().equals("h9") && c.command().equals("ttAdmin -repStop m9")));
    }

    @Test
    void anUnknownParameterIsAProblemNotACrash() throws Exception {
        Simulation.Options options = new Simulation.Options(Map.of("activ", "m9@h9"), null, List.of(), 0);
        InitialState.Problem p = assertThrows(InitialState.Problem.class, () -> Simulation.run(check(A4), options));
        assertTrue(p.getMessage().contains("no parameter `activ`"), p.getMessage());
    }

    @Test
    void aHalfDoneProcedureResumesFromAClusterFile(@TempDir Path dir) throws Exception {
        // the cluster right after step 12a: master2 active on the new release, master1 marked failed
        Path cluster = dir.resolve("after-12a.cluster");
        Files.writeString(cluster, String.join("\n",
                "# after step 12a of asp-major-online-nocg",
                "master1.state = FAILED", "master1.receiving = stop", "master1.rep = down",
                "master2.state = ACTIVE", "master2.release = \"22.1\"", "master2.major = \"22.1\"",
                "master2host.release = \"22.1\"", "master2host.major = \"22.1\"",
                "apps.target = master2", ""));
        Simulation.Options options = new Simulation.Options(Map.of(), Source.read(cluster, "after-12a.cluster"), List.of(), 0)
                .fromStep("13");
        Simulation.Result result = Simulation.run(check(A4), options);
        assertTrue(result.ok(), () -> result.events().toString());
        Event.StepStarted first = (Event.StepStarted) result.events().stream()
                .filter(e -> e instanceof Event.StepStarted).findFirst().orElseThrow();
        assertEquals("13", first.label());
    }

    @Test
    void aClusterFileMistakeNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("bad.cluster");
        Files.writeString(cluster, "master1.state = ACTIVE\nmaster1.stat = ACTIVE\n");
        Simulation.Options options = new Simulation.Options(Map.of(), Source.read(cluster, "bad.cluster"), List.of(), 0);
        InitialState.Problem p = assertThrows(InitialState.Problem.class, () -> Simulation.run(check(A4), options));
        assertTrue(p.getMessage().startsWith("bad.cluster:2: database has no field `stat`"), p.getMessage());
    }

    @Test
    void anUnknownStepToStartFromIsAProblem() throws Exception {
        InitialState.Problem p = assertThrows(InitialState.Problem.class,
                () -> Simulation.run(check(A4), Simulation.Options.defaults().fromStep("99")));
        assertTrue(p.getMessage().contains("there is no step 99"), p.getMessage());
    }

    @Test
    void rawCommandsAreRunButReportedUnverified(@TempDir Path dir) throws Exception {
        CheckResult r = check(dir, "raw.rbk", """
                runbook raw "A raw command"

                use timesten

                param db = master1 on "master1host"

                step 1:
                  on db.host: sh "ls /var/tmp/${db.name}"
                """);
        Simulation.Result result = Simulation.run(r, Simulation.Options.defaults());
        assertTrue(result.ok());
        assertTrue(result.events().stream().anyMatch(e -> e instanceof Event.Unverified u && u.what().contains("step 1")));
        assertEquals(1, result.finalState().unverified().size());
    }

    @Test
    void theModelsOwnTransitionsAppearInTheTrace() throws Exception {
        List<Event> events = Simulation.run(check(A4), Simulation.Options.defaults()).events();
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.StateChanged c
                && c.path().equals("master2.state") && c.before().equals("RECOVERING") && c.after().equals("STANDBY")));
    }

    // ------------------------------------------------------------------ the state where a run stops

    /** Two masters, then a step that makes the standby ACTIVE too and stops on its next statement. */
    static String splitThenStop(String stop) {
        return """
                runbook split-then-stop "Activate the standby, then stop"
                  require state active == ACTIVE and state standby == STANDBY

                use timesten

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1 "Activate the standby without deactivating the active":
                  on standby: setActive standby
                """ + "  " + stop + "\n";
    }

    static List<Event.InvariantViolated> violations(Simulation.Result result) {
        List<Event.InvariantViolated> out = new ArrayList<>();
        for (Event e : result.events()) if (e instanceof Event.InvariantViolated v) out.add(v);
        return out;
    }

    /** The event that stopped the run is followed by the violation of the state it stopped in. */
    static void assertStoppedUnsafe(Simulation.Result result, Class<? extends Event> stop, String id, String label) {
        assertFalse(result.ok());
        List<Event> events = result.events();
        int at = -1;
        for (int i = 0; i < events.size(); i++) if (stop.isInstance(events.get(i))) at = i;
        assertTrue(at >= 0, () -> "no " + stop.getSimpleName() + ": " + events);
        List<Event.InvariantViolated> broken = violations(result);
        assertEquals(1, broken.size(), () -> events.toString());
        assertEquals(id, broken.get(0).id());
        assertEquals(label, broken.get(0).label());
        assertTrue(events.indexOf(broken.get(0)) > at, "the stop comes first, then what it left");
    }

    @Test
    void anUnsafeStateLeftByAStepThatStopsOnAPreconditionIsReported(@TempDir Path dir) throws Exception {
        // destroy refuses a database whose agent runs: the step stops with master1 and master2 both ACTIVE
        CheckResult r = check(dir, "split.rbk", splitThenStop("on active.host: destroy active"));
        Simulation.Result result = Simulation.run(r, Simulation.Options.defaults());
        assertStoppedUnsafe(result, Event.PreconditionFailed.class, "I-01", "1 (where the run stopped)");
    }

    @Test
    void anUnsafeStateLeftByAStepThatStopsOnAWaitOrAnExpectIsReported(@TempDir Path dir) throws Exception {
        CheckResult waits = check(dir, "wait.rbk", splitThenStop("wait state active == IDLE timeout 1m every 10s"));
        assertStoppedUnsafe(Simulation.run(waits, Simulation.Options.defaults()), Event.WaitTimedOut.class, "I-01",
                "1 (where the run stopped)");
        CheckResult expects = check(dir, "expect.rbk", splitThenStop("expect state active == IDLE"));
        assertStoppedUnsafe(Simulation.run(expects, Simulation.Options.defaults()), Event.ExpectFailed.class, "I-01",
                "1 (where the run stopped)");
    }

    @Test
    void anUnsafeStateWhereAnInjectedFailureStopsTheRunIsReported() throws Exception {
        // the crash takes the applications' ACTIVE away before step 2, whose first command then fails
        List<Fault> faults = List.of(Fault.parse("crash master1host before step 2"), Fault.parse("fail step 2"));
        Simulation.Result result = Simulation.run(check(A4), Simulation.Options.defaults().withFaults(faults));
        assertStoppedUnsafe(result, Event.CommandFailed.class, "I-03", "2 (where the run stopped)");
    }

    @Test
    void aFaultThatLeavesAnUnsafeStateBeforeAStepThatStopsIsReported() throws Exception {
        // the crash takes the applications' ACTIVE away; step 1 then stops on the crashed host
        Simulation.Result result = Simulation.run(check(A4),
                Simulation.Options.defaults().withFaults(List.of(Fault.parse("crash master1host before step 1"))));
        assertStoppedUnsafe(result, Event.PreconditionFailed.class, "I-03", "1 (where the run stopped)");
    }

    @Test
    void aStopInASubRunbookIsCheckedOnceWithTheSubStepsLabel(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("split.rbk"), splitThenStop("on active.host: destroy active")
                .replace("param active = master1 on \"master1host\"", "param active: database")
                .replace("param standby = master2 on \"master2host\"", "param standby: database"));
        CheckResult r = check(dir, "caller.rbk", """
                runbook caller "Run the split as a sub-runbook"
                  require state active == ACTIVE and state standby == STANDBY

                use timesten
                use split

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 4 "Split":
                  run split(active = active, standby = standby)
                """);
        Simulation.Result result = Simulation.run(r, Simulation.Options.defaults());
        assertStoppedUnsafe(result, Event.PreconditionFailed.class, "I-01", "4/1 (where the run stopped)");
        assertEquals("split.rbk", violations(result).get(0).file().replaceAll(".*/", ""));
    }

    @Test
    void aSafeStopReportsNoViolation() throws Exception {
        Simulation.Result result = Simulation.run(check(A4),
                Simulation.Options.defaults().withFaults(List.of(Fault.parse("timeout step 7"))));
        assertFalse(result.ok());
        assertEquals(List.of(), violations(result));
    }

    // ------------------------------------------------------------------ faults at the steps of a sub-runbook

    static Simulation.Result a2With(String fault) throws Exception {
        return Simulation.run(check(A2), Simulation.Options.defaults().withFaults(List.of(Fault.parse(fault))));
    }

    /** The labels of the events, in order: "start 1-6/3", "finish 1-6/3", "fault crash ...". */
    static List<String> outline(Simulation.Result result) {
        List<String> out = new ArrayList<>();
        for (Event e : result.events()) {
            if (e instanceof Event.StepStarted s) out.add("start " + s.label());
            else if (e instanceof Event.StepFinished f) out.add("finish " + f.label());
            else if (e instanceof Event.FaultInjected f) out.add("fault " + f.fault());
        }
        return out;
    }

    @Test
    void aFaultNamesAStepOfASubRunbookByItsLabelInTheTrace() throws Exception {
        // every label the trace prints for a step is one a fault can name
        List<String> started = new ArrayList<>();
        for (Event e : Simulation.run(check(A2), Simulation.Options.defaults()).events()) {
            if (e instanceof Event.StepStarted s) started.add(s.label());
        }
        assertEquals(started, Engine.faultSteps(check(A2)).stream().map(Engine.StepAt::label).toList());
        assertEquals(List.of("1-6", "1-6/1", "1-6/2", "1-6/3", "1-6/4", "1-6/5", "1-6/6", "7", "8"), started);
        assertEquals("1-6", Engine.faultSteps(check(A2)).get(3).topLevel());

        List<String> before = outline(a2With("crash master1host before step 1-6/3"));
        assertEquals(before.indexOf("start 1-6/3") - 1, before.indexOf("fault crash master1host before step 1-6/3"), before.toString());

        List<String> after = outline(a2With("agent master1 dies after step 1-6/4"));
        assertEquals(after.indexOf("finish 1-6/4") + 1, after.indexOf("fault agent master1 dies after step 1-6/4"), after.toString());

        List<String> cut = outline(a2With("partition master1host master2host before step 1-6/1 heal after step 1-6/2"));
        assertEquals(cut.indexOf("start 1-6/1") - 1, cut.indexOf("fault partition master1host master2host before step 1-6/1 heal after step 1-6/2"));
        assertEquals(cut.indexOf("finish 1-6/2") + 1, cut.indexOf("fault heal: partition master1host master2host before step 1-6/1 heal after step 1-6/2"),
                cut.toString());

        Simulation.Result failed = a2With("fail step 1-6/3");
        Event.CommandFailed c = (Event.CommandFailed) failed.events().stream().filter(e -> e instanceof Event.CommandFailed).findFirst().orElseThrow();
        assertEquals("1-6/3", c.label());
        assertEquals("repStop", c.verb());
        assertTrue(c.message().endsWith("(injected fault)"), c.message());

        Event.WaitTimedOut w = (Event.WaitTimedOut) a2With("timeout step 1-6/2").events().stream()
                .filter(e -> e instanceof Event.WaitTimedOut).findFirst().orElseThrow();
        assertEquals("1-6/2", w.label());
        assertTrue(w.forced());
    }

    /**
     * A fail or timeout fault takes the first command or wait that runs while its step runs, in a
     * sub-runbook of the step too, and never one of a later step.
     */
    @Test
    void aFaultOfAStepReachesIntoTheSubRunbookItRuns() throws Exception {
        Event.CommandFailed c = (Event.CommandFailed) a2With("fail step 1-6").events().stream()
                .filter(e -> e instanceof Event.CommandFailed).findFirst().orElseThrow();
        assertEquals("1-6/1", c.label());
        Event.WaitTimedOut w = (Event.WaitTimedOut) a2With("timeout step 1-6").events().stream()
                .filter(e -> e instanceof Event.WaitTimedOut).findFirst().orElseThrow();
        assertEquals("1-6/2", w.label());
        assertTrue(w.forced());
        // 1-6/3 has no wait: its fault does not leak into the steps after it
        Simulation.Result later = a2With("timeout step 1-6/3");
        assertTrue(later.ok(), () -> later.events().toString());
    }

    @Test
    void aFaultReadsItsStepLabelAsTheTracePrintsIt() {
        Fault f = Fault.parse("FAIL STEP 1-6/3");
        assertEquals("1-6/3", f.step());
        assertEquals("fail step 1-6/3", f.spec());
        Fault p = Fault.parse("partition Master1Host master2host after step 1-6/6 heal after step 7");
        assertEquals("Master1Host", p.target());
        assertEquals("1-6/6", p.step());
        assertEquals("7", p.healStep());
        assertEquals(p, Fault.parse(p.spec()));
        assertEquals("12a", Fault.parse("crash h after step 12A").step());
    }

    @Test
    void shellQuotingKeepsEveryValueOneWord() {
        assertEquals("master2", ShellQuote.word("master2"));
        assertEquals("'it'\\''s'", ShellQuote.word("it's"));
        assertEquals("'a b'", ShellQuote.word("a b"));
        assertEquals("'$(rm -rf /)'", ShellQuote.word("$(rm -rf /)"));
        assertEquals("'x;y'", ShellQuote.word("x;y"));
        assertEquals("''", ShellQuote.word(""));
        assertEquals("'O''Brien'", SqlText.literal("O'Brien"));
    }
}
