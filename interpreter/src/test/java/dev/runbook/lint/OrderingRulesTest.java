package dev.runbook.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.sim.SimRun;
import dev.runbook.source.Source;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The two rules the mutation test relies on, case by case: destructive-without-confirm (a confirm
 * in the step before the verb, or in an earlier step after the last destructive verb) and
 * deactivate-before-rep-stop (C-12: the agent stopped before, and not started again).
 */
class OrderingRulesTest {

    static final String HEAD = """
            runbook o "Ordering"
              require state active == ACTIVE and state standby == STANDBY
              require rep of [active, standby] == up

            use timesten

            param active = master1 on "master1host"
            param standby = master2 on "master2host"

            """;

    /** The lines a rule flags, the header being 9 lines long: the first step is line 10. */
    static List<Integer> lines(String rule, String steps) {
        Linter linter = new Linter(SimRun.checker(), new Linter.Options(Set.of(), false));
        List<Finding> all = linter.lint(Source.of("o.rbk", HEAD + steps));
        return all.stream().filter(f -> f.rule().equals(rule)).map(f -> f.span().line()).toList();
    }

    static final String CONFIRM = "destructive-without-confirm";
    static final String C12 = "deactivate-before-rep-stop";

    @Test
    void aConfirmEarlierInTheStepCoversEveryDestructiveVerbAfterIt() {
        assertEquals(List.of(), lines(CONFIRM, """
                step 1 "Destroy both":
                  confirm "Sure?"
                  on standby.host: destroy standby
                  on active.host: destroy active
                """));
        // after the verb, too late
        assertEquals(List.of(11), lines(CONFIRM, """
                step 1 "Destroy":
                  on standby.host: destroy standby
                  confirm "Sure?"
                """));
    }

    @Test
    void aConfirmInAnEarlierStepCoversTheNextDestructiveStepOnly() {
        assertEquals(List.of(17), lines(CONFIRM, """
                step 1 "Ask":
                  confirm "Destroy the standby in step 2?"

                step 2 "Destroy the standby":
                  on standby.host: destroy standby

                step 3 "Destroy the active":
                  on active.host: destroy active
                """));
        // a confirm after the last destructive verb, in that step, covers the next step
        assertEquals(List.of(11), lines(CONFIRM, """
                step 1 "Destroy the standby, then ask about the active":
                  on standby.host: destroy standby
                  confirm "Destroy the active in step 2?"

                step 2 "Destroy the active":
                  on active.host: destroy active
                """));
    }

    @Test
    void deactivateNeedsTheAgentStoppedBeforeAndNotStartedAgain() {
        assertEquals(List.of(), lines(C12, """
                step 1 "Stop":
                  on active.host: repStop active

                step 2 "Deactivate":
                  on active: deactivate active
                """));
        assertEquals(List.of(15), lines(C12, """
                step 1 "Stop, start":
                  on active.host: repStop active
                  on active.host: repStart active

                step 2 "Deactivate":
                  on active: deactivate active
                """));
        // the built-in and raw SQL count as deactivations; another database's stop does not help
        assertEquals(List.of(14, 15), lines(C12, """
                step 1 "Stop the standby":
                  on standby.host: repStop standby

                step 2 "Deactivate":
                  on active: call ttRepDeactivate()
                  sql active "call ttRepDeactivate"
                """));
    }
}
