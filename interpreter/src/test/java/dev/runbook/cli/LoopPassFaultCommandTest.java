package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `--fault ... for VALUE` on the command line: the named pass fails, and a pass that never comes is said, not hidden. */
class LoopPassFaultCommandTest {

    @Test
    void theNamedPassOfTheSubscriberLoopFails() {
        MainTest.Result r = AssumptionsAndNamesTest.run("simulate", "asp-major-online-nocg", "-p",
                "subscribers=subscriber1@subscriber1host,subscriber2@subscriber2host", "--fault", "fail step 17-22 for subscriber2");
        assertEquals(Main.FINDINGS, r.code(), r.all());
        assertTrue(r.out().contains("subscriber2host$ ttAdmin -repStop subscriber2\n"), r.out());
        assertTrue(r.out().contains("the command failed on subscriber2host (injected fault)"), r.out());
        assertTrue(r.out().contains("subscriber1.release: 18.1 -> 22.1"), "the first pass ran whole:\n" + r.out());
    }

    @Test
    void aPassTheLoopNeverMakesIsNotedNotHidden() {
        MainTest.Result r = AssumptionsAndNamesTest.run("simulate", "asp-major-online-nocg", "--fault", "fail step 17-22 for subscriber9");
        assertTrue(r.out().contains("note: the fault `fail step 17-22 for subscriber9` never fired: no loop of step 17-22 made a pass "
                + "for subscriber9, or that pass sent no command"), r.out());
    }
}
