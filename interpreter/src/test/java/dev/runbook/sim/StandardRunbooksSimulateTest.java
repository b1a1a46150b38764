package dev.runbook.sim;

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
}
