package dev.runbook.sim;

import dev.runbook.exec.Simulation;
import dev.runbook.source.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The standard runbooks simulate clean against the model to their documented final state: every precondition holds, no invariant breaks. */
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

    @Test
    @DisplayName("A5 asp-cg-patch-standby-subscriber: the standby and the subscriber on the patch, the standby's cache agent back")
    void a5() {
        SimRun.file("runbooks/asp-cg-patch-standby-subscriber.rbk").assertOk()
                .assertField("master2", "release", "22.1.1.2")
                .assertField("master2", "cache", "up")
                .assertField("subscriber1", "release", "22.1.1.2")
                .assertField("subscriber1", "cache", "down");
    }

    @Test
    @DisplayName("A6 asp-cg-patch-active-role-reversal: roles reversed, the old active on the patch with its cache agent")
    void a6() {
        SimRun.file("runbooks/asp-cg-patch-active-role-reversal.rbk").assertOk()
                .assertField("master2", "state", "ACTIVE")
                .assertField("master1", "state", "STANDBY")
                .assertField("master1", "release", "22.1.1.2")
                .assertField("master1", "cache", "up");
    }

    @Test
    @DisplayName("A7 asp-major-online-readonly-cg: both masters on 22.1 with cacheuser2.readcache loaded and refreshing, static ports")
    void a7() {
        SimRun.file("runbooks/asp-major-online-readonly-cg.rbk").assertOk()
                .assertField("master2", "state", "ACTIVE")
                .assertField("master1", "state", "STANDBY")
                .assertField("master1", "release", "22.1")
                .assertField("master1", "cgReadonlyName", "cacheuser2.readcache")
                .assertField("master2", "cgAutorefresh", "ON")
                .assertField("master2", "cacheAdmin", "cacheuser2")
                .assertField("master2", "port", "20010")
                .assertField("master2", "schemeExcludes", "")
                .assertField("master1", "oracleOrphans", "false");
    }

    @Test
    @DisplayName("A8 asp-major-offline-awt-cg: master1 ACTIVE and master2 STANDBY on 22.1 with both cache groups, Oracle proved up to date")
    void a8() {
        SimRun.file("runbooks/asp-major-offline-awt-cg.rbk").assertOk()
                .assertField("master1", "state", "ACTIVE")
                .assertField("master2", "state", "STANDBY")
                .assertField("master1", "origin", "migrated")
                .assertField("master2", "cgAwtName", "cachegroupname")
                .assertField("subscriber1", "cgAwt", "false")
                .assertField("oracle", "awtFlushedTo", "1000000");
    }

    @Test
    @DisplayName("B7 ja-asp-cg-major-port-prep: static ports on every store, the standby duplicated again with its cache groups")
    void b7() {
        SimRun.file("runbooks/ja-asp-cg-major-port-prep.rbk").assertOk()
                .assertField("master1", "port", "30000")
                .assertField("master2", "port", "30001")
                .assertField("subscriber1", "port", "30002")
                .assertField("master2", "origin", "duplicated")
                .assertField("master2", "cgReadonly", "true");
    }

    @Test
    @DisplayName("B8 ja-asp-cg-major-online: online to 11.2.1 with cache groups, roles reversed")
    void b8() {
        SimRun.file("runbooks/ja-asp-cg-major-online.rbk").assertOk()
                .assertField("master2", "state", "ACTIVE")
                .assertField("master1", "state", "STANDBY")
                .assertField("master1", "release", "11.2.1")
                .assertField("subscriber1", "release", "11.2.1")
                .assertField("master1", "cgReadonly", "true");
    }

    @Test
    @DisplayName("D1 asp-define-scheme defines the DSNs and the pair, and sets it up with its subscriber, ports and compression")
    void d1() {
        SimRun.file("runbooks/asp-define-scheme.rbk").assertOk()
                .assertField("dsn1", "state", "ACTIVE")
                .assertField("dsn2", "state", "STANDBY")
                .assertField("dsn3", "role", "subscriber")
                .assertField("dsn3", "rep", "up")
                .assertField("dsn2", "duplicatedFrom", "dsn1")
                .assertField("dsn3", "duplicatedFrom", "dsn2")
                .assertField("dsn1", "port", "16080")
                .assertField("dsn2", "port", "16083")
                .assertField("dsn3", "port", "16084")
                .assertField("dsn1", "compressTraffic", "true")
                .assertField("dsn2", "compressTraffic", "true")
                .assertField("dsn3", "dsnDefined", "true");
    }

    /** A pair whose DISABLE RETURN and RESUME RETURN policies were set before, for D2's cancel. */
    static final String POLICIES = "dsn1.disableReturn = 5\ndsn1.resumeReturn = 8\ndsn2.disableReturn = 5\ndsn2.resumeReturn = 8\n";

    static SimRun d2(Map<String, String> params, String cluster) {
        return SimRun.of(SimRun.readRepoFile("runbooks/asp-return-service-timeouts.rbk"),
                new Simulation.Options(params, cluster == null ? null : Source.of("cluster", cluster), List.of(), 0));
    }

    @Test
    @DisplayName("D2 asp-return-service-timeouts sets RETURN WAIT TIME 45 and the failure and recovery policies, the applications writing throughout")
    void d2() {
        SimRun run = SimRun.file("runbooks/asp-return-service-timeouts.rbk").assertOk()
                .assertField("dsn1", "returnWaitTime", "45")
                .assertField("dsn2", "returnWaitTime", "45")
                .assertField("dsn1", "disableReturn", "5")
                .assertField("dsn2", "resumeReturn", "8")
                .assertField("dsn1", "durableCommit", "true")
                .assertField("dsn2", "returnWhenStopped", "OFF")
                .assertField("dsn1", "localCommitAction", "noAction")
                .assertField("dsn2", "state", "STANDBY")
                .assertField("dsn2", "duplicatedFrom", "dsn1")
                .assertField("dsn3", "duplicatedFrom", "dsn2")
                .assertField("apps", "paused", "false");
        org.junit.jupiter.api.Assertions.assertEquals(0, run.state().writeOutage, "RETURN RECEIPT never pauses the applications:\n" + run.trace());
    }

    @Test
    @DisplayName("D2 by hand (RETURN WAIT TIME 0) and with the policies cancelled (DISABLE RETURN and RESUME RETURN 0)")
    void d2ByHandAndCancel() {
        d2(Map.of("byHand", "true"), null).assertOk()
                .assertField("dsn1", "returnWaitTime", "0")
                .assertField("dsn2", "returnWaitTime", "0")
                .assertField("dsn1", "disableReturn", "5");
        d2(Map.of("cancel", "true"), POLICIES).assertOk()
                .assertField("dsn1", "returnWaitTime", "45")
                .assertField("dsn1", "disableReturn", "0")
                .assertField("dsn2", "disableReturn", "0")
                .assertField("dsn1", "resumeReturn", "0")
                .assertField("dsn2", "resumeReturn", "0")
                .assertField("dsn1", "returnWhenStopped", "byDefault");
    }

    @Test
    @DisplayName("D2 with RETURN TWOSAFE: the applications pause while the agent is stopped, LOCAL COMMIT ACTION is set; cancelling pauses them through the rebuild")
    void d2Twosafe() {
        SimRun run = d2(Map.of("service", "twosafe"), "apps.autocommit = false\n").assertOk()
                .assertField("dsn1", "localCommitAction", "commit")
                .assertField("dsn2", "localCommitAction", "commit")
                .assertField("apps", "paused", "false");
        org.junit.jupiter.api.Assertions.assertTrue(run.state().writeOutage > 0 && run.state().writeOutage <= 5 * 60_000,
                "paused for the ALTER only: " + run.state().writeOutage);
        SimRun cancelled = d2(Map.of("service", "twosafe", "cancel", "true"), "apps.autocommit = false\n" + POLICIES).assertOk()
                .assertField("dsn1", "disableReturn", "0")
                .assertField("dsn2", "resumeReturn", "0");
        org.junit.jupiter.api.Assertions.assertTrue(cancelled.state().writeOutage > 5 * 60_000,
                "return services stay ON while the standby is rebuilt: " + cancelled.state().writeOutage);
    }

    @Test
    @DisplayName("A1 asp-patch-standby-subscriber simulates clean to its final state")
    void a1() {
        SimRun.file("runbooks/asp-patch-standby-subscriber.rbk").assertOk()
                .assertField("master1", "state", "ACTIVE")
                .assertField("master2", "state", "STANDBY")
                .assertField("master1", "release", "22.1.1.1")
                .assertField("master2", "release", "22.1.1.2")
                .assertField("subscriber1", "release", "22.1.1.2")
                .assertField("subscriber1", "rep", "up")
                .assertField("master2host", "inPlace", "false")
                .assertField("apps", "target", "master1");
    }

    @Test
    @DisplayName("A3 asp-major-port-prep simulates clean to its final state")
    void a3() {
        SimRun.file("runbooks/asp-major-port-prep.rbk").assertOk()
                .assertField("master1", "state", "ACTIVE")
                .assertField("master2", "state", "STANDBY")
                .assertField("master1", "port", "30000")
                .assertField("master2", "port", "30001")
                .assertField("subscriber1", "port", "30002")
                .assertField("master2", "duplicatedFrom", "master1")
                .assertField("subscriber1", "duplicatedFrom", "master1")
                .assertField("subscriber1", "rep", "up")
                .assertField("apps", "target", "master1");
    }

    @Test
    @DisplayName("B1 ja-asp-patch-standby-subscriber simulates clean to its final state")
    void b1() {
        SimRun.file("runbooks/ja-asp-patch-standby-subscriber.rbk").assertOk()
                .assertField("master1", "state", "ACTIVE")
                .assertField("master2", "state", "STANDBY")
                .assertField("master1", "release", "11.2.1.1.0")
                .assertField("master2", "release", "11.2.1.2.0")
                .assertField("subscriber1", "release", "11.2.1.2.0")
                .assertField("master2host", "inPlace", "true")
                .assertField("subscriber1host", "inPlace", "true")
                .assertField("master2", "ramPolicy", "inUse")
                .assertField("subscriber1", "rep", "up");
    }

    @Test
    @DisplayName("B2 ja-asp-patch-active-role-reversal simulates clean to its final state")
    void b2() {
        SimRun.file("runbooks/ja-asp-patch-active-role-reversal.rbk").assertOk()
                .assertField("master2", "state", "ACTIVE")
                .assertField("master1", "state", "STANDBY")
                .assertField("master1", "release", "11.2.1.2.0")
                .assertField("master1host", "inPlace", "true")
                .assertField("master1", "ramPolicy", "inUse")
                .assertField("apps", "target", "master2")
                .assertField("apps", "paused", "false");
    }

    @Test
    @DisplayName("B3 ja-asp-major-port-prep simulates clean to its final state")
    void b3() {
        SimRun.file("runbooks/ja-asp-major-port-prep.rbk").assertOk()
                .assertField("master1", "state", "ACTIVE")
                .assertField("master2", "state", "STANDBY")
                .assertField("master1", "port", "30000")
                .assertField("master2", "port", "30001")
                .assertField("subscriber1", "port", "30002")
                .assertField("master2", "release", "7.0")
                .assertField("master2", "duplicatedFrom", "master1");
    }

    @Test
    @DisplayName("B4 ja-asp-major-online-nocg simulates clean to its final state")
    void b4() {
        SimRun.file("runbooks/ja-asp-major-online-nocg.rbk").assertOk()
                .assertField("master2", "state", "ACTIVE")
                .assertField("master1", "state", "STANDBY")
                .assertField("master2", "upgradedFrom", "7.0")
                .assertField("master2", "admins", "[pat]")
                .assertField("master1", "duplicatedFrom", "master2")
                .assertField("master1", "release", "11.2.1")
                .assertField("subscriber1", "release", "11.2.1")
                .assertField("subscriber1", "duplicatedFrom", "master1")
                .assertField("apps", "target", "master2")
                .assertField("apps", "paused", "false");
    }

    @Test
    @DisplayName("B5 ja-asp-cg-patch-standby-subscriber: the standby and each subscriber upgraded in place, one at a time (invariants checked per sub-step)")
    void b5() {
        SimRun.file("runbooks/ja-asp-cg-patch-standby-subscriber.rbk").assertOk()
                .assertField("master2", "release", "11.2.1.2.0")
                .assertField("master2", "cache", "up")
                .assertField("subscriber1host", "inPlace", "true")
                .assertField("subscriber1", "rep", "up");
    }

    @Test
    @DisplayName("B6 ja-asp-cg-patch-active-role-reversal: roles reversed, the old active's host upgraded in place, its cache agent back")
    void b6() {
        SimRun.file("runbooks/ja-asp-cg-patch-active-role-reversal.rbk").assertOk()
                .assertField("master2", "state", "ACTIVE")
                .assertField("master1", "state", "STANDBY")
                .assertField("master1host", "inPlace", "true")
                .assertField("master1", "cache", "up");
    }
}
