package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.SimRun;
import dev.runbook.source.Code;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reproducers of issue 7's defects 1 and 2, run as a user runs them. */
class CommandQuotingRegressionTest {

    private static final String HEAD = """
            runbook t "quoting"
              require state db == ACTIVE
            use timesten
            use cache

            param db = master1 on "master1host"
            """;

    @Test
    void aHostileUserNameIsRefusedBeforeAnythingRuns() throws Exception {
        // defect 1, as reported: the SQL sat inside '...' of a runs template, and the value's own quotes ended it
        String text = HEAD + """
                param u = credential "a b;rm -rf x"

                step 1:
                  on db.host: createUser u at db
                """;
        CheckResult checked = SimRun.checker().check(dev.runbook.source.Source.of(SimRun.NAME, text));
        assertTrue(checked.diagnostics().stream().anyMatch(d -> d.code() == Code.BAD_NAME && d.message().contains("a b;rm -rf x")),
                checked.diagnostics().toString());
        // and were check skipped, binding it stops the run before anything is sent
        InitialState.Problem refused = assertThrows(InitialState.Problem.class, () -> Simulation.run(checked, Simulation.Options.defaults()));
        assertTrue(refused.getMessage().contains("parameter `u`"), refused.getMessage());
    }

    @Test
    void aHostileNameThatNoGrammarCheckedStillCannotReachTheShell() {
        // the same value in a plain string, which nothing validates when it is bound: the SQL refuses it
        SimRun run = SimRun.of(HEAD + """
                param who = "a b;rm -rf x"

                step 1:
                  sql db "CREATE USER ${who} IDENTIFIED BY \\"pw\\""
                """);
        assertFalse(run.ok(), run.trace());
        assertTrue(run.events(Event.CommandIssued.class).isEmpty(), run.trace());
        List<Event.CommandFailed> failed = run.events(Event.CommandFailed.class);
        assertEquals(1, failed.size(), run.trace());
        assertTrue(failed.get(0).message().contains("`a b;rm -rf x` (the value of `${who}`) is not a plain SQL name"),
                failed.get(0).message());
    }

    @Test
    void aNameInRawSqlIsANameNotAString() {
        // defect 2: every interpolation in raw sql became a string literal
        SimRun run = SimRun.of(HEAD + """
                param group = "cacheuser.readcache"
                param note = "it's done"

                step 1:
                  sql db "DROP CACHE GROUP ${group}"
                  sql db "INSERT INTO notes VALUES ('${note}')"
                """);
        List<String> sent = run.events(Event.CommandIssued.class).stream().map(Event.CommandIssued::command).toList();
        assertEquals(List.of("ttIsql -connStr DSN=master1 -e 'DROP CACHE GROUP cacheuser.readcache; quit;'",
                "ttIsql -connStr DSN=master1 -e 'INSERT INTO notes VALUES ('\\''it'\\'''\\''s done'\\''); quit;'"), sent);
    }

    @Test
    void aCreatedUsersPasswordIsAQuotedIdentifierAndMasked() {
        SimRun run = SimRun.of(HEAD + """
                param u = credential "appuser"

                step 1:
                  on db.host: createUser u at db
                """);
        List<String> sent = run.events(Event.CommandIssued.class).stream().map(Event.CommandIssued::command).toList();
        assertEquals(List.of("ttIsql -connStr DSN=master1 -e 'CREATE USER appuser IDENTIFIED BY \"********\"; "
                + "GRANT CREATE SESSION TO appuser; quit;'"), sent);
    }
}
