package dev.runbook.sim;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The standard runbooks A4 and A2 simulate clean against the model: every precondition holds, no invariant breaks. */
class StandardRunbooksSimulateTest {

    @Test
    @DisplayName("A4 asp-major-online-nocg simulates clean to its final state")
    void a4() {
        SimRun.file("runbooks/asp-major-online-nocg.rbk").assertOk()
                .assertField("master2", "state", "ACTIVE")
                .assertField("master1", "state", "STANDBY")
                .assertField("master1", "upgradedFrom", "18.1")
                .assertField("subscriber1", "release", "22.1");
    }

    @Test
    @DisplayName("A2 asp-patch-active-role-reversal simulates clean to its final state")
    void a2() {
        SimRun.file("runbooks/asp-patch-active-role-reversal.rbk").assertOk()
                .assertField("master2", "state", "ACTIVE")
                .assertField("master1", "state", "STANDBY");
    }
}
