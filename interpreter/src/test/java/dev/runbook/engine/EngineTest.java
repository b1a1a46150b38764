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
import dev.runbook.sim.InitialState;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));
    static final Path A4 = ROOT.resolve("runbooks/asp-major-online-nocg.rbk");

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

    @Test
    void shellQuotingKeepsEveryValueOneWord() {
        assertEquals("master2", ShellQuote.word("master2"));
        assertEquals("'it'\\''s'", ShellQuote.word("it's"));
        assertEquals("'a b'", ShellQuote.word("a b"));
        assertEquals("'$(rm -rf /)'", ShellQuote.word("$(rm -rf /)"));
        assertEquals("'x;y'", ShellQuote.word("x;y"));
        assertEquals("''", ShellQuote.word(""));
        assertEquals("'O''Brien'", ShellQuote.sqlLiteral("O'Brien"));
    }
}
