package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.Value;
import dev.runbook.source.Code;
import dev.runbook.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, build point 6: what the procedures need from the language. Step titles interpolate,
 * lists concatenate with {@code +}, {@code all}/{@code any}/{@code count} quantify over a list or
 * every entity of a kind, and a verb's effect can be conditional.
 */
class LanguageFeaturesTest {

    private static final String HEAD = """
            runbook features "Language features"

            use timesten

            param standby = master2 on "master2host"
            param subscribers = [subscriber1 on "subscriber1host", subscriber2 on "subscriber2host"]

            """;

    private static CheckResult check(String rest) {
        return new Checker(new Library(List.of())).check(Source.of("features.rbk", HEAD + rest));
    }

    private static Simulation.Result simulate(CheckResult checked) throws Exception {
        assertFalse(checked.hasErrors(), () -> checked.diagnostics().toString());
        return Simulation.run(checked, Simulation.Options.defaults());
    }

    private static Simulation.Result simulate(String rest) throws Exception {
        return simulate(check(rest));
    }

    @Test
    void aStepTitleInterpolatesTheParameters() throws Exception {
        Simulation.Result result = simulate("""
                step 3 "Stop ${standby.name} on ${standby.host.name}":
                  on standby.host: repStop standby
                """);
        Event.StepStarted started = result.events().stream().filter(e -> e instanceof Event.StepStarted)
                .map(e -> (Event.StepStarted) e).findFirst().orElseThrow();
        assertEquals("Stop master2 on master2host", started.title());
    }

    @Test
    void aNameInATitleIsChecked() {
        CheckResult checked = check("""
                step 3 "Stop ${stanby.name}":
                  on standby.host: repStop standby
                """);
        assertTrue(checked.diagnostics().stream().anyMatch(d -> d.code() == Code.UNKNOWN_NAME), () -> checked.diagnostics().toString());
    }

    @Test
    void twoListsJoinInOrder() throws Exception {
        Simulation.Result result = simulate("""
                step 1 "Stop the standby and the subscribers":
                  for db in [standby] + subscribers:
                    on db.host: repStop db
                """);
        assertTrue(result.ok(), () -> result.events().toString());
        assertEquals(List.of("ttAdmin -repStop master2", "ttAdmin -repStop subscriber1", "ttAdmin -repStop subscriber2"),
                result.events().stream().filter(e -> e instanceof Event.CommandIssued).map(e -> ((Event.CommandIssued) e).command())
                        .toList());
    }

    @Test
    void onlyListsJoin() {
        CheckResult checked = check("""
                step 1 "Stop":
                  for db in standby + subscribers:
                    on db.host: repStop db
                """);
        assertTrue(checked.diagnostics().stream().anyMatch(d -> d.code() == Code.TYPE_MISMATCH && d.message().contains("joins lists")),
                () -> checked.diagnostics().toString());
    }

    private static final String STOP_SUBSCRIBERS = """
            step 1 "Stop the subscribers":
              for db in subscribers:
                on db.host: repStop db
            """;

    @Test
    void quantifiersOverAListHoldWhereTheyShould() throws Exception {
        Simulation.Result result = simulate(STOP_SUBSCRIBERS + """
                step 2 "Check":
                  expect all d in subscribers: d.rep == down
                  expect not (all d in [standby] + subscribers: d.rep == down)
                  expect any d in [standby] + subscribers: d.rep == up
                  expect not (any d in subscribers: d.rep == up)
                  expect (count d in [standby] + subscribers: d.rep == down) == 2
                """);
        assertTrue(result.ok(), () -> result.events().toString());
    }

    @Test
    void aQuantifierThatDoesNotHoldFailsTheExpect() throws Exception {
        Simulation.Result result = simulate(STOP_SUBSCRIBERS + """
                step 2 "Check":
                  expect (count d in subscribers: d.rep == down) == 1
                """);
        assertFalse(result.ok());
        assertTrue(result.events().stream().anyMatch(e -> e instanceof Event.ExpectFailed), () -> result.events().toString());
    }

    @Test
    void aQuantifierGoesOverEveryEntityOfAKind() throws Exception {
        Simulation.Result result = simulate(STOP_SUBSCRIBERS + """
                step 2 "Check":
                  expect (count d in databases: d.rep == down) == 2
                  expect any d in database: d.name == "master2"
                  expect all h in hosts: h.up
                """);
        assertTrue(result.ok(), () -> result.events().toString());
    }

    @Test
    void aQuantifierGoesOverAListOrAKind() {
        CheckResult checked = check("""
                expect all d in standby: d.rep == up
                """);
        assertTrue(checked.diagnostics().stream().anyMatch(d -> d.code() == Code.TYPE_MISMATCH && d.message().contains("goes over")),
                () -> checked.diagnostics().toString());
    }

    @Test
    void aConditionalEffectAppliesOnlyWhereItsConditionHolds(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("marks.rbk"), """
                module marks "Conditional effects"

                use timesten

                verb markIfStandby (db: database):
                  doc "Stop the agent, in the model only if the database is the standby."
                  runs "ttAdmin -repStop ${db.name}"
                  on db.host
                  effect db.rep = down if db.state == STANDBY
                  effect db.role = subscriber if db.state == STANDBY and db.rep == up
                """);
        String runbook = """
                runbook marks "Conditional effects"
                  require state standby == %s and standby.rep == up

                use marks

                param standby = master2 on "master2host"

                step 1 "Mark":
                  on standby.host: markIfStandby standby
                """;
        for (String state : List.of("STANDBY", "IDLE")) {
            Path file = dir.resolve("marks-" + state + ".rbk");
            Files.writeString(file, runbook.formatted(state));
            CheckResult checked = new Checker(new Library(List.of())).check(Source.read(file, file.getFileName().toString()));
            Simulation.Result result = simulate(checked);
            Value.Ref master2 = new Value.Ref("database", "master2");
            boolean standby = state.equals("STANDBY");
            assertEquals(standby ? "down" : "up", Value.show(result.finalState().get(master2, "rep")));
            // read on the state before: the second effect saw rep == up although the first set it down
            assertEquals(standby ? "subscriber" : "none", Value.show(result.finalState().get(master2, "role")), state);
        }
    }
}
