package dev.runbook.sim.invariants;

import static dev.runbook.sim.invariants.InvariantsTest.kept;
import static dev.runbook.sim.invariants.InvariantsTest.says;
import static dev.runbook.sim.invariants.InvariantsTest.violated;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The return service's rules (docs/model.md §4, additions from 003 L102-343), each with runbooks
 * that break it and that keep it, in src/test/resources/sim/invariants/ (with InvariantsTest's helpers).
 */
class ReturnServiceInvariantsTest {

    @Test
    @DisplayName("I-37 the applications wait at each commit: RETURN TWOSAFE with the active's agent stopped, RETURN RECEIPT with the standby's")
    void i37() {
        says(violated("i37-violated.rbk", "I-37", "2"), "master1", "twosafe", "10 s");
        says(violated("i37-unanswered.rbk", "I-37", "1"), "master1", "receipt");
        kept("i37-kept.rbk", "I-37");
        kept("i37-kept-twosafe.rbk", "I-37").assertField("master1", "returnWaitTime", "45");
    }

    @Test
    @DisplayName("I-38 RETURN TWOSAFE with autocommit on, or with PassThrough 1; BY REQUEST with autocommit off keeps it")
    void i38() {
        says(violated("i38-violated.rbk", "I-38", "1"), "master1", "twosafe", "autocommit");
        says(violated("i38-passthrough.rbk", "I-38", "1"), "master1", "PassThrough=1");
        kept("i38-kept.rbk", "I-38").assertField("apps", "autocommit", "false");
    }
}
