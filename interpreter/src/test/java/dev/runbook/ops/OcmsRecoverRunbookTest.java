package dev.runbook.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.sim.SimRun;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** E19, runbooks/ocms-tt-recover-failed-instance.rbk, end to end. */
class OcmsRecoverRunbookTest {

    private static final String FILE = "runbooks/ocms-tt-recover-failed-instance.rbk";

    @Test
    @DisplayName("E19 recovers the failed instance and ends with both nodes replicating under the policy always")
    void simulatesClean() {
        SimRun run = SimRun.file(FILE).assertOk()
                .assertField("ocmsdb2", "repPolicy", "always")
                .assertField("ocmsdb1", "repPolicy", "always")
                .assertField("ocmsdb2", "rep", "up")
                .assertField("ocmsdb1", "rep", "up")
                .assertField("ocmsdb1", "scheme", "classic");
        assertTrue(run.events(Event.Unverified.class).isEmpty(), "every command is a verb the model knows:\n" + run.trace());
    }

    @Test
    @DisplayName("E19 runs each command on its node, with the DSN ocmsdb and ttIsql spelt as on UNIX")
    void commands() {
        String commands = Ops.commands(SimRun.file(FILE));
        for (String expected : List.of(
                "node2.example.com$ ttAdmin -repPolicy manual ocmsdb",
                "node2.example.com$ ttAdmin -repStop ocmsdb",
                "node2.example.com$ env \"LD_LIBRARY_PATH=$TT_HOME/lib:$LD_LIBRARY_PATH\" perl \"$ORACLE_HOME/sdp/replication/bin/recover_replication_sync.pl\"",
                "node1.example.com$ echo DROP REPLICATION 'ocms_rep.repscheme;' | \"$TT_HOME/bin/ttIsql\" -connStr DSN=ocmsdb",
                "node1.example.com$ ttAdmin -repPolicy always ocmsdb")) {
            assertTrue(commands.contains(expected), "missing `" + expected + "` in:\n" + commands);
        }
    }

    @Test
    @DisplayName("E19 still ends well when the surviving node's agent dies after the failed instance is recovered")
    void surviveAgentDeath() {
        // the surviving agent dies just before its own list starts: the list stops it anyway and starts it at the end
        SimRun run = SimRun.of(SimRun.readRepoFile(FILE), dev.runbook.exec.Simulation.Options.defaults()
                .withFaults(List.of(dev.runbook.sim.Fault.parse("agent ocmsdb1 dies before step 2.1"))));
        run.assertOk().assertField("ocmsdb1", "rep", "up");
    }

    @Test
    @DisplayName("E19 stops before re-synchronising when the surviving node is down")
    void survivorDownRefusesRecovery() {
        // a dying agent alone is restarted at once under the policy `always` (004 L720): take the node down
        SimRun run = SimRun.of(SimRun.readRepoFile(FILE), dev.runbook.exec.Simulation.Options.defaults()
                .withFaults(List.of(dev.runbook.sim.Fault.parse("crash node1.example.com before step 1.3"))));
        run.assertRefused("recoverReplication", "must run its replication agent");
    }

    @Test
    @DisplayName("E19 absorbs the surviving agent's death: the policy `always` restarts it")
    void survivorAgentRestartsUnderPolicyAlways() {
        SimRun run = SimRun.of(SimRun.readRepoFile(FILE), dev.runbook.exec.Simulation.Options.defaults()
                .withFaults(List.of(dev.runbook.sim.Fault.parse("agent ocmsdb1 dies before step 1.3"))));
        run.assertOk();
    }
}
