package dev.runbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.sim.Invariant;
import dev.runbook.sim.Invariants;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** I-22 to I-31 (docs/model.md §5): for each, a small runbook that breaks it and one that keeps it. */
class OperationsInvariantsTest {

    private static SimRun run(String name) {
        return Ops.resource("invariants/" + name + ".rbk");
    }

    private static void assertMessage(Event.InvariantViolated v, String... parts) {
        for (String part : parts) assertTrue(v.message().contains(part), "`" + v.message() + "` must say `" + part + "`");
    }

    // ------------------------------------------------------------------ I-22

    @Test
    @DisplayName("I-22 a replication policy set to manual for a stop and never set back is flagged at the end")
    void i22Violated() {
        Event.InvariantViolated v = run("i22-violated").assertViolated("I-22", "end", null);
        assertMessage(v, "ocmsdb2 (ocmsdb) on node2.example.com", "still manual at the end");
    }

    @Test
    @DisplayName("I-22 manual before the stop, always again at the end, keeps it")
    void i22Kept() {
        run("i22-kept").assertOk();
    }

    @Test
    @DisplayName("I-22 an agent down under the policy always is no stop")
    void i22AgentDownUnderAlways() {
        Invariant i22 = byId("I-22");
        ModelState before = new ModelState();
        ModelState.Instance host = before.add("host", "node1");
        ModelState.Instance db = before.add("database", "ocmsdb1");
        before.set(db.ref(), "host", host.ref());
        before.set(db.ref(), "exists", Value.of(true));
        before.set(db.ref(), "repPolicy", new Value.Sym("always"));
        before.set(db.ref(), "rep", new Value.Sym("up"));
        ModelState after = before.copy();
        after.set(db.ref(), "rep", new Value.Sym("down"));
        Optional<String> broken = i22.check(before, after, new Invariant.RunFacts(false, -1, false));
        assertTrue(broken.isPresent());
        assertTrue(broken.get().contains("TimesTen restarts it at once"), broken.get());
        // with the daemon down, no agent runs and nothing restarts it: not a violation
        after.set(host.ref(), "daemon", new Value.Sym("down"));
        assertFalse(byId("I-22").check(before, after, new Invariant.RunFacts(false, -1, false)).isPresent());
    }

    private static Invariant byId(String id) {
        return Invariants.all().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ I-23

    @Test
    @DisplayName("I-23 OCMS peers running as different users are flagged after the duplicate")
    void i23Violated() {
        Event.InvariantViolated v = run("i23-violated").assertViolated("I-23", "6", "15:1");
        assertMessage(v, "runs as ocmsuser", "as oracle");
    }

    @Test
    @DisplayName("I-23 OCMS peers running as the same user keep it")
    void i23Kept() {
        run("i23-kept").assertOk().assertField("ocmsdb2", "exists", "true");
    }

    // ------------------------------------------------------------------ I-24

    @Test
    @DisplayName("I-24 is not checked: the model has one TimesTen Server per host")
    void i24NotModelled() {
        assertTrue(Invariants.all().stream().noneMatch(i -> i.id().equals("I-24")));
    }

    // ------------------------------------------------------------------ I-25

    @Test
    @DisplayName("I-25 a node seeded with cluster rows that do not name it is flagged")
    void i25Violated() {
        Event.InvariantViolated v = run("i25-violated").assertViolated("I-25", "1", "11:1");
        assertMessage(v, "ocmsdb3 (ocmsdb) on node3.example.com", "[node1.example.com, node2.example.com]");
    }

    @Test
    @DisplayName("I-25 cluster rows that name the node keep it")
    void i25Kept() {
        run("i25-kept").assertOk();
    }

    // ------------------------------------------------------------------ I-26

    @Test
    @DisplayName("I-26 a cache agent stopped for good on a database with cache groups is flagged at the end")
    void i26Violated() {
        Event.InvariantViolated v = run("i26-violated").assertViolated("I-26", "end", null);
        assertMessage(v, "master2 on master2host", "cacheuser.readcache", "ttAdmin -cacheStart");
    }

    @Test
    @DisplayName("I-26 a read-only cache group left with AUTOREFRESH PAUSED is flagged at the end")
    void i26AutorefreshPaused() {
        SimRun run = Ops.run("active.cacheAdmin == \"cacheuser\" and active.cgReadonly and active.cgReadonlyName == \"g\"", """
                step 27:
                  setAutorefresh active named "g" to PAUSED
                """);
        assertMessage(run.assertViolated("I-26", "end", null), "ends with AUTOREFRESH PAUSED");
    }

    @Test
    @DisplayName("I-26 a cache agent started again keeps it")
    void i26Kept() {
        run("i26-kept").assertOk();
    }

    // ------------------------------------------------------------------ I-27

    @Test
    @DisplayName("I-27 a standby left without its replication agent is flagged at the end")
    void i27Violated() {
        Event.InvariantViolated v = run("i27-violated").assertViolated("I-27", "end", null);
        assertMessage(v, "master2 on master2host", "replication agent stopped");
    }

    @Test
    @DisplayName("I-27 the role reversal hands the old active over IDLE with its agent stopped, and keeps it")
    void i27RoleReversal() {
        SimRun.of(SimRun.readRepoFile("runbooks/common/role-reversal.rbk"), new dev.runbook.exec.Simulation.Options(
                java.util.Map.of("active", "master1@master1host", "standby", "master2@master2host"), null, java.util.List.of(), 0))
                .assertOk().assertField("master1", "state", "IDLE");
    }

    @Test
    @DisplayName("I-27 a standby whose agent is restarted keeps it")
    void i27Kept() {
        run("i27-kept").assertOk();
    }

    // ------------------------------------------------------------------ I-28

    @Test
    @DisplayName("I-28 ADMIN left granted to PUBLIC is flagged at the end")
    void i28Violated() {
        Event.InvariantViolated v = run("i28-violated").assertViolated("I-28", "end", null);
        assertMessage(v, "ADMIN is still granted to PUBLIC in master1");
    }

    @Test
    @DisplayName("I-28 ADMIN left with the cache administration user is flagged at the end")
    void i28ViolatedCacheUser() {
        Event.InvariantViolated v = run("i28-violated-cacheuser").assertViolated("I-28", "end", null);
        assertMessage(v, "cacheuser still holds ADMIN");
    }

    @Test
    @DisplayName("I-28 ADMIN revoked from PUBLIC and the cache user keeps it")
    void i28Kept() {
        run("i28-kept").assertOk().assertField("master1", "cacheManagers", "[cacheuser]").assertField("master1", "admins", "[]");
    }

    // ------------------------------------------------------------------ I-29

    @Test
    @DisplayName("I-29 ForceConnect=1 left in the DSN is flagged at the end")
    void i29Violated() {
        Event.InvariantViolated v = run("i29-violated").assertViolated("I-29", "end", null);
        assertMessage(v, "ocmsdb1 (ocmsdb) on node1.example.com", "ForceConnect=1");
    }

    @Test
    @DisplayName("I-29 ForceConnect set back to 0 keeps it")
    void i29Kept() {
        run("i29-kept").assertOk().assertField("ocmsdb1", "ocmsCatchup", "false");
    }

    // ------------------------------------------------------------------ I-30

    @Test
    @DisplayName("I-30 a SIP container configured while the cluster runs is flagged at that step")
    void i30Violated() {
        Event.InvariantViolated v = run("i30-violated").assertViolated("I-30", "1", "8:1");
        assertMessage(v, "node1.example.com", "stop the cluster first");
    }

    @Test
    @DisplayName("I-30 two multicast ports make two clusters, flagged at the end")
    void i30ViolatedClusters() {
        Event.InvariantViolated v = run("i30-violated-clusters").assertViolated("I-30", "end", null);
        assertMessage(v, "node1.example.com uses *225.0.0.20:6200", "node2.example.com uses *225.0.0.20:6201");
    }

    @Test
    @DisplayName("I-30 one multicast address reloaded everywhere, SIP containers configured with the cluster stopped, keeps it")
    void i30Kept() {
        run("i30-kept").assertOk();
    }

    @Test
    @DisplayName("I-30 a topology edited but not reloaded is flagged at the end")
    void i30NotReloaded() {
        SimRun run = Ops.run("", """
                step 1:
                  opmnDiscoverMulticast "225.0.0.20" port 6200 at node1
                """);
        assertMessage(run.assertViolated("I-30", "end", null), "run opmnctl reload on it");
    }

    // ------------------------------------------------------------------ I-31

    @Test
    @DisplayName("I-31 a clustered converged application is flagged at that step")
    void i31Violated() {
        Event.InvariantViolated v = run("i31-violated").assertViolated("I-31", "3", "9:1");
        assertMessage(v, "node1.example.com", "converged");
    }

    @Test
    @DisplayName("I-31 an application upgraded on one node only is flagged at the end")
    void i31ViolatedAsymmetric() {
        Event.InvariantViolated v = run("i31-violated-asymmetric").assertViolated("I-31", "end", null);
        assertMessage(v, "version 1.1 and 1.0");
    }

    @Test
    @DisplayName("I-31 an application upgraded on every node keeps it")
    void i31Kept() {
        SimRun run = run("i31-kept").assertOk();
        assertEquals("1.1", run.field("node2.example.com", "sipAppVersion"));
    }
}
