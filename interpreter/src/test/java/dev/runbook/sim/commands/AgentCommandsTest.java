package dev.runbook.sim.commands;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The agents of a database: C-01 repStart, C-02 repStop, C-03 cacheStart, C-04 cacheStop, C-07 setRepPolicy. */
class AgentCommandsTest {

    @Test
    @DisplayName("C-01 ttAdmin -repStart refuses a database without a replication scheme")
    void repStartRefused() {
        Pair.run("""
                standby.rep == down and standby.scheme == none
                """, """
                step 1:
                  on standby.host: repStart standby
                """).assertRefused("repStart", "has no replication scheme");
    }

    @Test
    @DisplayName("C-01 ttAdmin -repStart refuses a database of another major release than its instance")
    void repStartRefusedOtherMajor() {
        Pair.run("""
                standby.rep == down and standby.host.major == "22.1"
                """, """
                step 1:
                  on standby.host: repStart standby
                """).assertRefused("repStart", "another major release");
    }

    @Test
    @DisplayName("C-01 ttAdmin -repStart starts the agent, loads the database in the host's release, and the standby catches up")
    void repStartApplied() {
        Pair.run("""
                standby.rep == down and standby.loaded == false and standby.host.release == "18.1.4"
                """, """
                step 1:
                  on standby.host:
                    repStart standby
                    wait state standby == STANDBY timeout 10m every 5s
                """).assertStepsRan()
                .assertField("master2", "rep", "up")
                .assertField("master2", "loaded", "true")
                .assertField("master2", "release", "18.1.4");
    }

    @Test
    @DisplayName("C-02 ttAdmin -repStop refuses under the replication policy always")
    void repStopRefused() {
        Pair.run("""
                standby.repPolicy == always
                """, """
                step 1:
                  on standby.host: repStop standby
                """).assertRefused("repStop", "set it to manual first");
    }

    @Test
    @DisplayName("C-02 ttAdmin -repStop stops the agent; the state stays")
    void repStopApplied() {
        Pair.run("", """
                step 1:
                  on standby.host: repStop standby
                """).assertStepsRan().assertField("master2", "rep", "down").assertField("master2", "state", "STANDBY");
    }

    @Test
    @DisplayName("C-03 ttAdmin -cacheStart refuses without a cache administration user")
    void cacheStartRefused() {
        Pair.run("", """
                step 1:
                  on standby.host: cacheStart standby
                """).assertRefused("cacheStart", "cache administration user");
    }

    @Test
    @DisplayName("C-03 ttAdmin -cacheStart starts the cache agent")
    void cacheStartApplied() {
        Pair.run("""
                standby.cacheAdmin == "cacheuser"
                """, """
                step 1:
                  on standby.host: cacheStart standby
                """).assertStepsRan().assertField("master2", "cache", "up");
    }

    @Test
    @DisplayName("C-04 ttAdmin -cacheStop refuses a database that does not exist")
    void cacheStopRefused() {
        Pair.run("""
                not solo.exists
                """, """
                step 1:
                  on solo.host: cacheStop solo
                """).assertRefused("cacheStop", "does not exist");
    }

    @Test
    @DisplayName("C-04 ttAdmin -cacheStop stops the cache agent")
    void cacheStopApplied() {
        Pair.run("""
                standby.cache == up
                """, """
                step 1:
                  on standby.host: cacheStop standby
                """).assertStepsRan().assertField("master2", "cache", "down");
    }

    @Test
    @DisplayName("C-07 ttAdmin -repPolicy refuses while the TimesTen daemon is down")
    void setRepPolicyRefused() {
        Pair.run("""
                standby.host.daemon == down
                """, """
                step 1:
                  on standby.host: setRepPolicy standby to always
                """).assertRefused("setRepPolicy", "daemon of master2host is not running");
    }

    @Test
    @DisplayName("C-07 ttAdmin -repPolicy sets the replication policy")
    void setRepPolicyApplied() {
        Pair.run("", """
                step 1:
                  on standby.host: setRepPolicy standby to always
                """).assertStepsRan().assertField("master2", "repPolicy", "always");
    }

    @Test
    @DisplayName("C-01 ttAdmin -repStart refuses an agent that runs already (issue 7, defect 10)")
    void repStartRefusedRunning() {
        Pair.run("", """
                step 1:
                  on standby.host: repStart standby
                """).assertRefused("repStart", "runs already: stop it (repStop)");
    }

    @Test
    @DisplayName("C-01 under the policy always TimesTen started the agent itself: repStart confirms it (004 L651)")
    void repStartUnderPolicyAlways() {
        Pair.run("""
                standby.repPolicy == always
                """, """
                step 1:
                  on standby.host: repStart standby
                """).assertStepsRan();
    }

    @Test
    @DisplayName("C-01 the ttRepStart built-in refuses an agent that runs already")
    void ttRepStartRefusedRunning() {
        Pair.run("", """
                step 1:
                  on standby: call ttRepStart()
                """).assertRefused("ttRepStart", "runs already");
    }

    @Test
    @DisplayName("C-02 ttAdmin -repStop refuses an agent that is already stopped (TT12027, 004 L626)")
    void repStopRefusedStopped() {
        Pair.run("""
                standby.rep == down
                """, """
                step 1:
                  on standby.host: repStop standby
                """).assertRefused("repStop", "already stopped (TT12027");
    }

    @Test
    @DisplayName("C-02 the ttRepStop built-in refuses an agent that is already stopped")
    void ttRepStopRefusedStopped() {
        Pair.run("""
                standby.rep == down
                """, """
                step 1:
                  on standby: call ttRepStop()
                """).assertRefused("ttRepStop", "already stopped");
    }

    @Test
    @DisplayName("C-03 ttAdmin -cacheStart refuses a cache agent that runs already, and a stopped daemon")
    void cacheStartRefusedRunning() {
        Pair.run("""
                standby.cacheAdmin == "cacheuser" and standby.cache == up
                """, """
                step 1:
                  on standby.host: cacheStart standby
                """).assertRefused("cacheStart", "cache agent of master2 runs already");
        Pair.run("""
                standby.cacheAdmin == "cacheuser" and standby.host.daemon == down
                """, """
                step 1:
                  on standby.host: cacheStart standby
                """).assertRefused("cacheStart", "daemon of master2host is not running");
    }

    @Test
    @DisplayName("C-04 ttAdmin -cacheStop refuses a cache agent that is not running (a subscriber has none, 000 L170)")
    void cacheStopRefusedStopped() {
        Pair.run("", """
                step 1:
                  on standby.host: cacheStop standby
                """).assertRefused("cacheStop", "cache agent of master2 is not running");
    }
}
