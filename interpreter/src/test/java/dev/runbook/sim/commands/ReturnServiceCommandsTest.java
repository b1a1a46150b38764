package dev.runbook.sim.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.engine.QueryReader;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.SimRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The return service and the STORE attributes of an active standby pair (003 L102-343): C-30
 * alterStore, alterStoreSwitch and alterLocalCommitAction, C-28 the query returnWait
 * (ttRepSyncGet), C-46 setApplicationCommits, C-43 defineReplicatedDsn.
 */
class ReturnServiceCommandsTest {

    static boolean sent(SimRun run, String text) {
        return run.events(Event.CommandIssued.class).stream().anyMatch(c -> c.command().contains(text));
    }

    @Test
    @DisplayName("C-30 ALTER ACTIVE STANDBY PAIR ALTER STORE refuses while the active's replication agent runs (003 L319, L327)")
    void alterStoreRefusedWhileTheAgentRuns() {
        Pair.run("returnService of [active, standby] == receipt", """
                step 1:
                  on active: alterStore active set returnWaitTime to 45 at active
                """).assertRefused("alterStore", "the replication agent of master1 runs: stop it first");
    }

    @Test
    @DisplayName("C-30 ALTER STORE runs on the ACTIVE, not on the standby")
    void alterStoreRefusedOnTheStandby() {
        Pair.run("standby.rep == down", """
                step 1:
                  on standby: alterStore standby set returnWaitTime to 45 at standby
                """).assertRefused("alterStore", "alter the pair on the ACTIVE database");
    }

    @Test
    @DisplayName("C-30 a read-only subscriber takes TIMEOUT but no return service attribute")
    void aSubscriberTakesOnlyTimeout() {
        Pair.run("", """
                step 1:
                  on active.host: repStop active
                  for sub in subscribers:
                    on active: alterStore sub set returnWaitTime to 45 at active
                """).assertRefused("alterStore", "a read-only subscriber takes only PORT and TIMEOUT");
        SimRun run = Pair.run("", """
                step 1:
                  on active.host: repStop active
                  for sub in subscribers:
                    on active: alterStore sub set storeTimeout to 30 at active
                """).assertStepsRan().assertField("subscriber1", "storeTimeout", "30");
        assertTrue(sent(run, "ALTER ACTIVE STANDBY PAIR ALTER STORE subscriber1 ON \"subscriber1host\" SET TIMEOUT 30"), run.trace());
        Pair.run("", """
                step 1:
                  on active.host: repStop active
                  for sub in subscribers:
                    on active: alterStoreSwitch sub set compressTraffic to true at active
                """).assertRefused("alterStoreSwitch", "subscriber1 is not a master of the pair");
    }

    @Test
    @DisplayName("C-30 ALTER STORE SET RETURN WAIT TIME, DISABLE RETURN ALL, RESUME RETURN, FAILTHRESHOLD: the statements and the store's fields")
    void alterStoreApplied() {
        SimRun run = Pair.run("returnService of [active, standby] == receipt", """
                step 1:
                  on active.host: repStop active
                  on active:
                    alterStore active set returnWaitTime to 45 at active
                    alterStore standby set disableReturn to 5 at active
                    alterStore standby set resumeReturn to 8 at active
                    alterStore active set failThreshold to 100 at active
                  on active.host: repStart active
                """).assertOk()
                .assertField("master1", "returnWaitTime", "45")
                .assertField("master2", "returnWaitTime", "10")
                .assertField("master2", "disableReturn", "5")
                .assertField("master2", "resumeReturn", "8")
                .assertField("master1", "failThreshold", "100");
        for (String statement : List.of(
                "ALTER ACTIVE STANDBY PAIR ALTER STORE master1 ON \"master1host\" SET RETURN WAIT TIME 45",
                "ALTER ACTIVE STANDBY PAIR ALTER STORE master2 ON \"master2host\" SET DISABLE RETURN ALL 5",
                "ALTER ACTIVE STANDBY PAIR ALTER STORE master2 ON \"master2host\" SET RESUME RETURN 8",
                "ALTER ACTIVE STANDBY PAIR ALTER STORE master1 ON \"master1host\" SET FAILTHRESHOLD 100")) {
            assertTrue(sent(run, statement), statement + "\n" + run.trace());
        }
    }

    @Test
    @DisplayName("C-30 ALTER STORE SET DURABLE COMMIT, COMPRESS TRAFFIC, RETURN SERVICES ... WHEN REPLICATION STOPPED: ON and OFF")
    void alterStoreSwitchApplied() {
        SimRun run = Pair.run("returnService of [active, standby] == twosafe and not apps.autocommit", """
                step 1:
                  pauseApplications active
                  on active.host: repStop active
                  on active:
                    alterStoreSwitch active set durableCommit to true at active
                    alterStoreSwitch standby set compressTraffic to true at active
                    alterStoreSwitch active set returnServicesWhenStopped to false at active
                    alterStoreSwitch standby set returnServicesWhenStopped to true at active
                  on active.host: repStart active
                  resumeApplications active
                """).assertOk()
                .assertField("master1", "durableCommit", "true")
                .assertField("master2", "compressTraffic", "true")
                .assertField("master1", "returnWhenStopped", "OFF")
                .assertField("master2", "returnWhenStopped", "ON");
        for (String statement : List.of(
                "ALTER STORE master1 ON \"master1host\" SET DURABLE COMMIT ON;",
                "ALTER STORE master2 ON \"master2host\" SET COMPRESS TRAFFIC ON;",
                "ALTER STORE master1 ON \"master1host\" SET RETURN SERVICES OFF WHEN REPLICATION STOPPED;",
                "ALTER STORE master2 ON \"master2host\" SET RETURN SERVICES ON WHEN REPLICATION STOPPED;")) {
            assertTrue(sent(run, statement), statement + "\n" + run.trace());
        }
    }

    @Test
    @DisplayName("C-30 LOCAL COMMIT ACTION acts on return twosafe transactions only (003 L337): refused with RETURN RECEIPT, set with RETURN TWOSAFE")
    void localCommitAction() {
        Pair.run("returnService of [active, standby] == receipt", """
                step 1:
                  on active.host: repStop active
                  on active: alterLocalCommitAction active to commit at active
                """).assertRefused("alterLocalCommitAction", "LOCAL COMMIT ACTION acts on return twosafe transactions");
        SimRun run = Pair.run("returnService of [active, standby] == twosafeByRequest and not apps.autocommit", """
                step 1:
                  pauseApplications active
                  on active.host: repStop active
                  on active:
                    alterLocalCommitAction active to commit at active
                    alterLocalCommitAction standby to noAction at active
                """).assertStepsRan().assertField("master1", "localCommitAction", "commit").assertField("master2", "localCommitAction", "noAction");
        assertTrue(sent(run, "ALTER STORE master1 ON \"master1host\" SET LOCAL COMMIT ACTION COMMIT;"), run.trace());
        assertTrue(sent(run, "ALTER STORE master2 ON \"master2host\" SET LOCAL COMMIT ACTION NO ACTION;"), run.trace());
    }

    @Test
    @DisplayName("C-28 returnWait: the timeout ttRepSyncGet prints, read from the document's own output, and the store's RETURN WAIT TIME in the model")
    void returnWait() throws QueryReader.Unreadable {
        var query = SimRun.check("""
                module q "The queries"

                use timesten
                """).vocabulary().queries().get("returnWait");
        assertEquals("45", dev.runbook.sim.Value.show(QueryReader.read(query, "Command> CALL ttRepSyncGet();\n< 01, 45, 1>\n1 row found.\n")));
        assertThrows(QueryReader.Unreadable.class, () -> QueryReader.read(query, "< STANDBY >\n1 row found.\n"));
        SimRun run = Pair.run("", """
                step 1:
                  expect returnWait active == 10
                  on active.host: repStop active
                  on active: alterStore active set returnWaitTime to 45 at active
                  on active.host: repStart active
                  expect returnWait active == 45 and returnWait standby == 10
                """).assertOk();
        SimRun unchanged = Pair.run("", """
                step 1:
                  expect returnWait active == 45
                """);
        assertTrue(!unchanged.ok() && unchanged.events(Event.ExpectFailed.class).size() == 1, unchanged.trace());
    }

    @Test
    @DisplayName("C-46 the applications' autocommit and PassThrough; C-43 a DSN whose DataStore file has its name (003 L39)")
    void applicationsAndDsn() {
        SimRun run = Pair.run("not solo.exists and not solo.dsnDefined", """
                step 1:
                  setApplicationCommits autocommit false passThrough 2
                  on solo.host: defineReplicatedDsn solo dir "/data" permSize 2048
                """).assertOk()
                .assertField("apps", "autocommit", "false")
                .assertField("apps", "passThrough", "2")
                .assertField("solo", "dsnDefined", "true")
                .assertField("solo", "dsnPermSize", "2048");
        assertTrue(run.trace().contains("DataStore=/data/solo"), run.trace());
        String negative = Pair.runbook("", """
                param passThrough = 0

                step 1:
                  setApplicationCommits autocommit false passThrough passThrough
                """);
        SimRun.of(negative, new Simulation.Options(Map.of("passThrough", "-1"), null, List.of(), 0))
                .assertRefused("setApplicationCommits", "PassThrough is 0 or more");
    }
}
