package dev.runbook.sim.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.sim.SimRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Roles and replication states: C-09 setActive, C-10 state and ttRepStateGet, C-11 markFailed and
 * ttRepStateSave, C-12 deactivate, C-13 caughtUp, C-15 setReceiver, C-16 resetReceiver.
 */
class RoleCommandsTest {

    @Test
    @DisplayName("C-09 ttRepStateSet('ACTIVE') refuses a database that is neither IDLE nor STANDBY")
    void setActiveRefused() {
        Pair.run("""
                state solo == RECOVERING
                """, """
                step 1:
                  on solo: setActive solo
                """).assertRefused("setActive", "only an IDLE or STANDBY database can become ACTIVE");
    }

    @Test
    @DisplayName("C-09 ttRepStateSet('ACTIVE') makes the caught-up standby ACTIVE after the active is deactivated")
    void setActiveApplied() {
        Pair.run("", """
                step 1:
                  pauseApplications active
                  wait caughtUp standby from active timeout 10m every 5s
                  on active.host: repStop active
                  on active: deactivate active
                  on standby: setActive standby
                  resumeApplications standby
                """).assertStepsRan().assertField("master2", "state", "ACTIVE").assertField("master1", "state", "IDLE");
    }

    @Test
    @DisplayName("C-10 ttRepStateGet reads the replication state and changes nothing (a query: nothing to refuse)")
    void stateQuery() {
        SimRun run = Pair.run("", """
                step 1:
                  expect state standby == STANDBY and state active == ACTIVE
                  on standby: call ttRepStateGet()
                """).assertStepsRan();
        assertTrue(run.events(Event.StateChanged.class).isEmpty(), "ttRepStateGet changes nothing:\n" + run.trace());
        assertTrue(run.events(Event.Unverified.class).isEmpty(), "ttRepStateGet is a declared built-in:\n" + run.trace());
    }

    @Test
    @DisplayName("C-10 a state expectation that does not hold stops the run")
    void stateQueryFails() {
        SimRun run = Pair.run("", """
                step 1:
                  expect state standby == ACTIVE
                """);
        assertEquals(1, run.events(Event.ExpectFailed.class).size(), run.trace());
    }

    @Test
    @DisplayName("C-11 ttRepStateSave refuses to run on a database that is not ACTIVE")
    void markFailedRefused() {
        Pair.run("", """
                step 1:
                  on standby: markFailed active from standby
                """).assertRefused("markFailed", "runs on the ACTIVE database");
    }

    @Test
    @DisplayName("C-11 ttRepStateSave('FAILED') marks the peer FAILED and the active drops its log for it")
    void markFailedApplied() {
        Pair.run("", """
                step 1:
                  on active: markFailed standby from active
                """).assertStepsRan().assertField("master2", "state", "FAILED").assertField("master2", "receiving", "failed");
    }

    @Test
    @DisplayName("C-11 call ttRepStateSave refuses a state other than FAILED")
    void ttRepStateSaveRefused() {
        Pair.run("", """
                step 1:
                  on active: call ttRepStateSave('IDLE', standby, standby.host)
                """).assertRefused("ttRepStateSave", "only save the FAILED state");
    }

    @Test
    @DisplayName("C-11 call ttRepStateSave('FAILED', peer, host) has the effect of markFailed")
    void ttRepStateSaveApplied() {
        Pair.run("", """
                step 1:
                  on active: call ttRepStateSave('FAILED', standby, standby.host)
                """).assertStepsRan().assertField("master2", "state", "FAILED").assertField("master2", "receiving", "failed");
    }

    @Test
    @DisplayName("C-12 ttRepDeactivate refuses a database that is not ACTIVE")
    void deactivateRefused() {
        Pair.run("", """
                step 1:
                  on standby: deactivate standby
                """).assertRefused("deactivate", "only the ACTIVE database can be deactivated");
    }

    @Test
    @DisplayName("C-12 ttRepDeactivate puts the ACTIVE database in the IDLE state")
    void deactivateApplied() {
        Pair.run("", """
                step 1:
                  pauseApplications active
                  on active.host: repStop active
                  on active: deactivate active
                """).assertStepsRan().assertField("master1", "state", "IDLE");
    }

    @Test
    @DisplayName("C-01, C-02, C-09, C-12 as built-ins act on the database of the enclosing `on`")
    void builtinsActOnTheConnectedDatabase() {
        Pair.run("", """
                step 1:
                  pauseApplications active
                  wait caughtUp standby from active timeout 10m every 5s
                  on active:
                    call ttRepStop()
                    call ttRepDeactivate()
                  on standby: call ttRepStateSet('ACTIVE')
                  on active: call ttRepStart()
                """).assertStepsRan()
                .assertField("master1", "rep", "up").assertField("master1", "state", "STANDBY")
                .assertField("master2", "state", "ACTIVE");
    }

    @Test
    @DisplayName("C-09, C-11, C-12 as built-ins refuse what the verbs refuse, on the connected database")
    void builtinsRefuse() {
        Pair.run("", """
                step 1:
                  on standby: call ttRepDeactivate()
                """).assertRefused("ttRepDeactivate", "only the ACTIVE database can be deactivated");
        Pair.run("", """
                step 1:
                  on active: call ttRepStateSet('ACTIVE')
                """).assertRefused("ttRepStateSet", "only an IDLE or STANDBY database can become ACTIVE");
        Pair.run("", """
                step 1:
                  on standby: call ttRepStateSave('FAILED', active, active.host)
                """).assertRefused("ttRepStateSave", "runs on the ACTIVE database");
    }

    @Test
    @DisplayName("C-13 ttRepSubscriberWait does not return 00 while the standby's agent is stopped (a query: nothing to refuse)")
    void caughtUpNotWhileStopped() {
        SimRun run = Pair.run("", """
                step 1:
                  on standby.host: repStop standby
                  wait caughtUp standby from active timeout 1m every 10s
                """);
        assertEquals(1, run.events(Event.WaitTimedOut.class).size(), run.trace());
    }

    @Test
    @DisplayName("C-13 ttRepSubscriberWait returns 00 once the paused applications' last transactions reached the standby")
    void caughtUpApplied() {
        SimRun run = Pair.run("", """
                step 1:
                  pauseApplications active
                  wait caughtUp standby from active timeout 10m every 5s
                """).assertStepsRan();
        assertEquals(run.field("master1", "applied"), run.field("master2", "applied"));
    }

    @Test
    @DisplayName("C-15 ttRepAdmin -receiver -state refuses a receiver that is not in the scheme")
    void setReceiverRefused() {
        Pair.run("", """
                step 1:
                  on active.host: setReceiver solo from active to pause
                """).assertRefused("setReceiver", "solo is not a peer");
    }

    @Test
    @DisplayName("C-15 ttRepAdmin -receiver -state pause sets the state on the sender for the receiver")
    void setReceiverApplied() {
        Pair.run("", """
                step 1:
                  on active.host: setReceiver standby from active to pause
                """).assertStepsRan().assertField("master2", "receiving", "pause");
    }

    @Test
    @DisplayName("C-16 ttRepAdmin -receiver -reset refuses on a database that does not exist")
    void resetReceiverRefused() {
        Pair.run("""
                not active.exists
                """, """
                step 1:
                  on active.host: resetReceiver standby from active
                """).assertRefused("resetReceiver", "master1 does not exist");
    }

    @Test
    @DisplayName("C-16 ttRepAdmin -receiver -reset runs; the model keeps no per-peer bookmark, so nothing changes")
    void resetReceiverApplied() {
        SimRun run = Pair.run("", """
                step 1:
                  on active.host: resetReceiver standby from active
                """).assertStepsRan();
        assertTrue(run.events(Event.StateChanged.class).isEmpty(), run.trace());
        assertEquals(1, run.events(Event.CommandIssued.class).stream().filter(c -> "resetReceiver".equals(c.verb())).count());
    }

    @Test
    @DisplayName("C-46 resumeApplications refuses a read-only subscriber")
    void resumeRefusedSubscriber() {
        Pair.run("""
                solo.role == subscriber
                """, """
                step 1:
                  pauseApplications active
                  resumeApplications solo
                """).assertRefused("resumeApplications", "read-only subscriber");
    }

    @Test
    @DisplayName("C-46 applications resume on a classic master or a standalone database, which take their writes (issue 7, defect 11)")
    void resumeOnClassicMaster() {
        var run = Pair.run("""
                solo.scheme == classic and solo.role == master
                """, """
                step 1:
                  pauseApplications active
                  resumeApplications solo
                  sleep 10
                """).assertStepsRan().assertField("apps", "target", "solo");
        org.junit.jupiter.api.Assertions.assertTrue(Double.parseDouble(run.field("solo", "applied")) > 1000000,
                "the classic master takes the writes:\n" + run.trace());
    }

    @Test
    @DisplayName("C-12 ttRepDeactivate refuses a database that does not exist")
    void deactivateRefusedMissing() {
        Pair.run("""
                not solo.exists
                """, """
                step 1:
                  on solo: deactivate solo
                """).assertRefused("deactivate", "does not exist");
    }
}
