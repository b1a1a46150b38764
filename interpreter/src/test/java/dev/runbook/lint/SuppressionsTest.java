package dev.runbook.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.sim.SimRun;
import dev.runbook.source.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code # lint: disable=ID -- reason}: on a step, on a statement; without a reason, or suppressing nothing, a finding itself. */
class SuppressionsTest {

    static final String HEAD = """
            runbook s "Suppressions"
              require rep of [active, standby] == up

            use timesten

            param active = master1 on "master1host"
            param standby = master2 on "master2host"

            step 1 "Stop the standby's replication agent":
              on standby.host: repStop standby

            """;

    static List<String> rules(String steps) {
        Linter linter = new Linter(SimRun.checker(), new Linter.Options(java.util.Set.of(), false));
        return linter.lint(Source.of("s.rbk", HEAD + steps)).stream().map(f -> f.rule() + "@" + f.span().line()).toList();
    }

    @Test
    void withoutSuppressionTheFindingIsReported() {
        assertEquals(List.of("destructive-without-confirm@13"), rules("step 2 \"Destroy the standby\":\n  on standby.host: destroy standby\n"));
    }

    @Test
    void aSuppressionBeforeAStepCoversTheStep() {
        assertEquals(List.of(), rules("# lint: disable=destructive-without-confirm -- the active holds the data\nstep 2 \"Destroy\":\n  on standby.host:\n    destroy standby\n"));
    }

    @Test
    void aSuppressionAtTheEndOfAStatementsLineCoversThatStatementOnly() {
        assertEquals(List.of("destructive-without-confirm@14"), rules("""
                step 2 "Destroy it twice":
                  on standby.host: destroy standby  # lint: disable=destructive-without-confirm -- the active holds it
                  on standby.host: destroy standby
                """));
    }

    @Test
    void aSuppressionWithoutAReasonIsAFinding() {
        assertEquals(List.of("suppression-without-reason@12"), rules("# lint: disable=destructive-without-confirm\nstep 2 \"Destroy\":\n  on standby.host: destroy standby\n"));
        assertEquals(List.of("suppression-without-reason@12"), rules("# lint: disable=destructive-without-confirm --   \nstep 2 \"Destroy\":\n  on standby.host: destroy standby\n"));
    }

    @Test
    void aSuppressionThatSuppressesNothingIsAFinding() {
        assertEquals(List.of("unused-suppression@12"), rules("# lint: disable=repeated-start -- why not\nstep 2 \"Destroy\":\n  confirm \"Sure?\"\n  on standby.host: destroy standby\n"));
        // one id of two suppresses something, the other nothing
        assertEquals(List.of("unused-suppression@12"), rules("# lint: disable=destructive-without-confirm,repeated-start -- the active holds it\nstep 2 \"Destroy\":\n  on standby.host: destroy standby\n"));
    }

    @Test
    void aSuppressionOfAnotherStepDoesNotCoverThisOne() {
        assertEquals(List.of("unused-suppression@12", "destructive-without-confirm@17"),
                rules("# lint: disable=destructive-without-confirm -- nothing to destroy here\nstep 2 \"Wait\":\n  on active.host: repStop active\n\nstep 3 \"Destroy\":\n  on standby.host: destroy standby\n"));
    }
}
