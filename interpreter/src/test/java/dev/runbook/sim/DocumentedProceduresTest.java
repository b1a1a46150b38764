package dev.runbook.sim;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Documented procedures written from procedures.md and the seeds (src/test/resources/sim/procedures/):
 * each correct one simulates clean, and a reproducer of a wrong one fails where it goes wrong
 * (issue 7, defects 10 and 11).
 */
class DocumentedProceduresTest {

    @Test
    @DisplayName("A1: the patch upgrade of the standby and the subscribers simulates clean")
    void a1Clean() {
        SimRun.resource("procedures/a1-patch-standby-subscriber.rbk").assertOk();
    }

    @Test
    @DisplayName("A1 without its repStop lines fails at the install: the agent still runs in the old instance")
    void a1WithoutRepStop() {
        SimRun.assertResourceViolates("procedures/a1-without-repstop.rbk", "I-35", "2");
    }

    @Test
    @DisplayName("D1: create the pair, set ACTIVE, start its agent and duplicate the standby in one step, start the standby: clean")
    void d1PairSetUpClean() {
        SimRun.resource("procedures/d1-pair-setup.rbk").assertOk()
                .assertField("master2", "state", "STANDBY")
                .assertField("master2", "origin", "duplicated");
    }

    @Test
    @DisplayName("C2: the online upgrade of a bidirectional classic scheme simulates clean, the applications always writing")
    void c2ClassicBidirectionalClean() {
        SimRun run = SimRun.resource("procedures/c2-classic-bidirectional-upgrade.rbk").assertOk()
                .assertField("upgrade", "release", "22.1")
                .assertField("upgrade", "state", "none");
        org.junit.jupiter.api.Assertions.assertEquals(0, run.state().writeOutage, "a classic master takes the writes:\n" + run.trace());
    }

    @Test
    @DisplayName("I-27: the hand-over exemption needs a role reversal; deactivating the active and leaving it is flagged")
    void i27HandOverOnlyWithAReversal() {
        SimRun run = SimRun.of("""
                runbook leave-idle "Deactivate the active and leave the pair without one"
                  require state active == ACTIVE and state standby == STANDBY
                  require role of [active, standby] == master

                use timesten

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1 "Stop the active's agent and deactivate it":
                  on active.host: repStop active
                  on active: deactivate active
                """);
        run.assertViolated("I-27", "end", null);
        org.junit.jupiter.api.Assertions.assertTrue(run.violation().orElseThrow().message().contains("master1"), run.trace());
    }

    @Test
    @DisplayName("I-27: the role reversal's hand-over (common/role-reversal.rbk on its own) is still exempt")
    void i27HandOverOfTheRoleReversal() {
        SimRun.of("""
                runbook reverse "Reverse the roles and stop there"
                  online outage 5m
                  require state active == ACTIVE and state standby == STANDBY
                  require role of [active, standby] == master
                  require apps.target == active and not apps.paused

                use timesten
                use common.role-reversal

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1 "Reverse the roles":
                  run role-reversal(active = active, standby = standby)
                """).assertOk();
    }
}
