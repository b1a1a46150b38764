package dev.runbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.sim.SimRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The commands of stdlib/cache.rbk: ttStatus, the cache administration user, cache groups, users, utilities. */
class CacheCommandsTest {

    private static final String CACHED = """
            active.cacheAdmin == "cacheuser" and active.cache == up
            active.cgReadonly and active.cgReadonlyName == "cacheuser.readcache" and active.oracleObjects
            """;

    // ------------------------------------------------------------------ C-22

    @Test
    @DisplayName("C-22 ttStatus reads a stopped replication agent and cache agent as not running")
    void ttStatusStopped() {
        SimRun run = Ops.run("active.rep == down and active.cache == down", """
                step 1:
                  expect repAgentRunning active
                """);
        assertEquals(1, run.events(Event.ExpectFailed.class).size(), run.trace());
        Ops.run("active.rep == down and active.cache == down and active.host.daemon == down", """
                step 1:
                  expect not repAgentRunning active and not cacheAgentRunning active and not daemonRunning active.host
                """).assertOk();
    }

    @Test
    @DisplayName("C-22 ttStatus reads the agents and the daemon that run")
    void ttStatusRunning() {
        SimRun run = Ops.run("active.rep == up and active.cache == up and active.cacheAdmin == \"cacheuser\"", """
                step 1:
                  expect repAgentRunning active and cacheAgentRunning active and daemonRunning active.host
                """).assertOk();
        assertTrue(Ops.commands(run).isEmpty(), "a query in an expect sends nothing in a simulation");
    }

    // ------------------------------------------------------------------ C-24

    @Test
    @DisplayName("C-24 ttCacheUidPwdSet refuses while the cache agent runs")
    void cacheUidPwdSetRefused() {
        Ops.run("active.cache == up and active.cacheAdmin == \"olduser\"", """
                step 1:
                  on active: setCacheAdmin active using cacheuser
                """).assertRefused("setCacheAdmin", "stop the cache agent first");
    }

    @Test
    @DisplayName("C-24 ttCacheUidPwdSet refuses a user without CACHE_MANAGER")
    void cacheUidPwdSetRefusedPrivilege() {
        Ops.run("cacheuser.user in active.users", """
                step 1:
                  on active: setCacheAdmin active using cacheuser
                """).assertRefused("setCacheAdmin", "needs CACHE_MANAGER in master1");
    }

    @Test
    @DisplayName("C-24 ttCacheUidPwdSet sets the cache administration user, the password masked in the trace")
    void cacheUidPwdSetApplied() {
        SimRun run = Ops.run("cacheuser.user in active.users and cacheuser.user in active.cacheManagers and cacheuser.user in oracle.cacheUsers", """
                step 1:
                  on active: setCacheAdmin active using cacheuser
                """).assertOk().assertField("master1", "cacheAdmin", "cacheuser").assertField("cacheuser", "cgUser", "true");
        String commands = Ops.commands(run);
        assertTrue(commands.contains("ttCacheUidPwdSet(") && commands.contains("cacheuser") && commands.contains("********"), commands);
    }

    @Test
    @DisplayName("C-24 ttCacheUidPwdSet refuses a user that does not exist in the Oracle database")
    void cacheUidPwdSetRefusedWithoutOracleUser() {
        Ops.run("cacheuser.user in active.users and cacheuser.user in active.cacheManagers", """
                step 1:
                  on active: setCacheAdmin active using cacheuser
                """).assertRefused("setCacheAdmin", "is not a cache administration user in the Oracle database");
    }

    @Test
    @DisplayName("C-24 the Oracle-side cache administration user is created by the Oracle DBA")
    void oracleCacheUserApplied() {
        Ops.run("cacheuser.user in active.users and cacheuser.user in active.cacheManagers", """
                step 1:
                  createOracleCacheUser cacheuser
                step 2:
                  on active: setCacheAdmin active using cacheuser
                """).assertOk().assertField("master1", "cacheAdmin", "cacheuser");
    }

    // ------------------------------------------------------------------ C-26, C-27, C-28

    @Test
    @DisplayName("C-26 -insecure-backwards-compat needs the daemon running")
    void insecureRefused() {
        Ops.run("active.host.daemon == down", """
                step 1:
                  allowPre70Peers at active.host
                """).assertRefused("allowPre70Peers", "daemon of master1host is not running");
    }

    @Test
    @DisplayName("C-26 -insecure-backwards-compat allows releases before 7.0")
    void insecureApplied() {
        Ops.run("", """
                step 1:
                  allowPre70Peers at active.host
                """).assertOk().assertField("master1host", "insecureBackwardsCompat", "true");
    }

    @Test
    @DisplayName("C-27 ttDurableCommit is a known built-in that changes no state")
    void durableCommit() {
        SimRun run = Ops.run("", """
                step 1:
                  on active: call ttDurableCommit()
                """).assertOk();
        assertTrue(run.events(Event.Unverified.class).isEmpty(), run.trace());
        assertTrue(run.events(Event.StateChanged.class).isEmpty(), run.trace());
    }

    @Test
    @DisplayName("C-28 ttRepSyncSet, ttRepSyncGet and ttRepXactStatus are known built-ins that change no state")
    void repSync() {
        SimRun run = Ops.run("", """
                step 1:
                  on active:
                    call ttRepSyncSet(1, 45, 1)
                    call ttRepSyncGet()
                    call ttRepXactStatus()
                """).assertOk();
        assertTrue(run.events(Event.Unverified.class).isEmpty(), run.trace());
        assertTrue(Ops.commands(run).contains("call ttRepSyncSet(1, 45, 1)"), Ops.commands(run));
    }

    // ------------------------------------------------------------------ C-32

    @Test
    @DisplayName("C-32 ALTER REPLICATION refuses while the replication agent runs")
    void alterReplicationRefused() {
        Ops.run("active.scheme == classic and active.rep == up", """
                step 1:
                  alterReplicationPort active scheme "repscheme" store active port 20000
                """).assertRefused("alterReplicationPort", "stop it first");
    }

    @Test
    @DisplayName("C-32 ALTER REPLICATION refuses a database without a classic scheme")
    void alterReplicationRefusedPair() {
        Ops.run("active.scheme == pair and active.rep == down", """
                step 1:
                  alterReplicationPort active scheme "repscheme" store active port 20000
                """).assertRefused("alterReplicationPort", "no classic replication scheme");
    }

    @Test
    @DisplayName("C-32 ALTER REPLICATION gives a store a static port")
    void alterReplicationApplied() {
        SimRun run = Ops.run("active.scheme == classic and active.rep == down", """
                step 1:
                  alterReplicationPort active scheme "repscheme" store active port 20000
                """).assertOk().assertField("master1", "port", "20000");
        assertTrue(Ops.commands(run).contains(
                "ttIsql -connStr DSN=master1 -e 'ALTER REPLICATION repscheme ALTER STORE master1 ON \"master1host\" SET PORT 20000; quit;'"),
                Ops.commands(run));
    }

    // ------------------------------------------------------------------ C-33

    @Test
    @DisplayName("C-33 CREATE READONLY CACHE GROUP refuses without a cache administration user")
    void createCacheGroupRefused() {
        Ops.run("", """
                step 1:
                  createReadonlyCacheGroup active named "cacheuser.readcache" from "oratt.readtbl" columns "keyval NUMBER NOT NULL PRIMARY KEY"
                """).assertRefused("createReadonlyCacheGroup", "set the cache administration user first");
    }

    @Test
    @DisplayName("C-33, C-43 no cache group is created in 11.2.1 while the DSN's CacheGridEnable is on; disableCacheGrid turns it off; 18.1 and an unknown major are not refused")
    void cacheGridEnable() {
        String group = """
                  createReadonlyCacheGroup active named "cacheuser.readcache" from "oratt.readtbl" columns "keyval NUMBER NOT NULL PRIMARY KEY"
                """;
        String cached = "active.cacheAdmin == \"cacheuser\" and active.cache == up";
        Ops.run(cached + " and active.host.major == \"11.2.1\"", "step 1:\n" + group)
                .assertRefused("createReadonlyCacheGroup", "set CacheGridEnable=0 in its DSN first (disableCacheGrid, 001 L385)");
        SimRun off = Ops.run(cached + " and active.host.major == \"11.2.1\"", """
                step 1:
                  on active.host: disableCacheGrid active
                step 2:
                """ + group).assertField("master1", "dsnCacheGrid", "false").assertField("master1", "cgReadonly", "true");
        assertTrue(Ops.commands(off).contains("set CacheGridEnable=0 in the DSN master1"), Ops.commands(off));
        // the group is created (a run that ends with it PAUSED is not ok: I-26), not refused
        Ops.run(cached + " and active.host.major == \"18.1\"", "step 1:\n" + group).assertField("master1", "cgReadonly", "true");
        Ops.run(cached, "step 1:\n" + group).assertField("master1", "cgReadonly", "true");
    }

    @Test
    @DisplayName("C-33 CREATE READONLY CACHE GROUP creates a group with AUTOREFRESH PAUSED and its Oracle objects")
    void createCacheGroupApplied() {
        SimRun run = Ops.run("active.cacheAdmin == \"cacheuser\" and active.cache == up", """
                step 1:
                  createReadonlyCacheGroup active named "cacheuser2.readcache" from "oratt.readtbl" columns "keyval NUMBER NOT NULL PRIMARY KEY, str VARCHAR(32)"
                  expect active.cgAutorefresh == PAUSED and not active.cgReadonlyLoaded
                step 2:
                  setAutorefresh active named "cacheuser2.readcache" to ON
                """).assertOk()
                .assertField("master1", "cgReadonly", "true")
                .assertField("master1", "cgReadonlyName", "cacheuser2.readcache")
                .assertField("master1", "cgInterval", "10")
                .assertField("master1", "oracleObjects", "true");
        assertTrue(Ops.commands(run).contains("ttIsql -connStr DSN=master1 -e 'CREATE READONLY CACHE GROUP cacheuser2.readcache AUTOREFRESH INTERVAL 10 SECONDS "
                + "FROM oratt.readtbl (keyval NUMBER NOT NULL PRIMARY KEY, str VARCHAR(32)); quit;'"),
                Ops.commands(run));
    }

    // ------------------------------------------------------------------ C-34

    @Test
    @DisplayName("C-34 LOAD CACHE GROUP refuses a read-only group whose autorefresh is not PAUSED")
    void loadRefused() {
        Ops.run(CACHED + "active.cgAutorefresh == ON", """
                step 1:
                  loadCacheGroup active named "cacheuser.readcache" commitEvery 200
                """).assertRefused("loadCacheGroup", "set AUTOREFRESH STATE PAUSED");
    }

    @Test
    @DisplayName("C-34 LOAD CACHE GROUP refuses without the cache agent")
    void loadRefusedAgent() {
        Ops.run("active.cacheAdmin == \"cacheuser\" and active.cgReadonly and active.cgReadonlyName == \"g\" and active.cgAutorefresh == PAUSED", """
                step 1:
                  loadCacheGroup active named "g"
                """).assertRefused("loadCacheGroup", "start the cache agent first");
    }

    @Test
    @DisplayName("C-34 LOAD CACHE GROUP loads the group and keeps its autorefresh state")
    void loadApplied() {
        Ops.run(CACHED + "active.cgAutorefresh == PAUSED", """
                step 1:
                  loadCacheGroup active named "cacheuser.readcache" commitEvery 200
                """).assertOk().assertField("master1", "cgReadonlyLoaded", "true").assertField("master1", "cgAutorefresh", "ON");
    }

    // ------------------------------------------------------------------ C-35

    @Test
    @DisplayName("C-35 ALTER CACHE GROUP SET AUTOREFRESH STATE refuses a group the database does not have")
    void autorefreshRefused() {
        Ops.run(CACHED, """
                step 1:
                  setAutorefresh active named "cacheuser2.readcache" to PAUSED
                """).assertRefused("setAutorefresh", "is not a read-only cache group of master1");
    }

    @Test
    @DisplayName("C-35 ALTER CACHE GROUP SET AUTOREFRESH STATE sets the state")
    void autorefreshApplied() {
        SimRun run = Ops.run(CACHED, """
                step 1:
                  setAutorefresh active named "cacheuser.readcache" to PAUSED
                  expect active.cgAutorefresh == PAUSED
                step 2:
                  setAutorefresh active named "cacheuser.readcache" to ON
                """).assertOk().assertField("master1", "cgAutorefresh", "ON");
        assertTrue(Ops.commands(run).contains("-e 'ALTER CACHE GROUP cacheuser.readcache SET AUTOREFRESH STATE PAUSED; quit;'"), Ops.commands(run));
    }

    // ------------------------------------------------------------------ C-36

    @Test
    @DisplayName("C-36 DROP CACHE GROUP refuses a group the database does not have")
    void dropRefused() {
        Ops.run(CACHED, """
                step 1:
                  dropCacheGroup active named "cacheuser.other"
                """).assertRefused("dropCacheGroup", "has no cache group cacheuser.other");
    }

    @Test
    @DisplayName("C-36 DROP CACHE GROUP removes the group; with the cache agent stopped its Oracle objects remain")
    void dropApplied() {
        // with the cache agent stopped the group's Oracle objects stay behind, and only cacheCleanUp.sql drops them (I-16)
        SimRun orphans = Ops.run(CACHED, """
                step 1:
                  cacheStop active
                  dropCacheGroup active named "cacheuser.readcache"
                  cacheStart active
                """).assertStepsRan()
                .assertField("master1", "cgReadonly", "false")
                .assertField("master1", "oracleObjects", "true")
                .assertField("master1", "oracleOrphans", "true");
        assertTrue(orphans.assertViolated("I-16", "end", null).message().contains("cacheCleanUp.sql"));
        Ops.run(CACHED, """
                step 1:
                  dropCacheGroup active named "cacheuser.readcache"
                """).assertOk().assertField("master1", "oracleObjects", "false");
    }

    // ------------------------------------------------------------------ C-21 (-force)

    @Test
    @DisplayName("C-21 ttDestroy -force refuses while the cache agent runs")
    void destroyForceRefused() {
        Ops.run(CACHED + "active.rep == down", """
                step 1:
                  destroyWithCacheGroups active
                """).assertRefused("destroyWithCacheGroups", "the cache agent still runs");
    }

    @Test
    @DisplayName("C-21 ttDestroy -force runs in the database's own release, before the new one is installed")
    void destroyForceRefusedOtherMajor() {
        Ops.run(CACHED.replace("active.cache == up", "active.cache == down") + "active.rep == down and active.major == \"18.1\" and active.host.major == \"22.1\"", """
                step 1:
                  destroyWithCacheGroups active
                """).assertRefused("destroyWithCacheGroups", "ttDestroy runs in the database's own release");
    }

    @Test
    @DisplayName("C-21 ttDestroy -force destroys a database with cache groups and leaves their Oracle objects")
    void destroyForceApplied() {
        Ops.run(CACHED.replace("active.cache == up", "active.cache == down") + "active.rep == down", """
                step 1:
                  destroyWithCacheGroups active
                  expect not active.exists and not active.cgReadonly and active.oracleObjects
                step 2:
                  cacheCleanUp active path "/data_store_path/master1" using cacheuser service "ORCL"
                """).assertOk().assertField("master1", "exists", "false");
    }

    // ------------------------------------------------------------------ C-38

    @Test
    @DisplayName("C-38 GRANT of the cache privileges refuses a user that does not exist")
    void grantCacheRefused() {
        Ops.run("", """
                step 1:
                  grantCachePrivileges cacheuser at active
                """).assertRefused("grantCachePrivileges", "cacheuser is not a user of master1: create it there first");
    }

    @Test
    @DisplayName("C-38 GRANT CREATE SESSION, CACHE_MANAGER, CREATE ANY TABLE, DROP ANY TABLE makes a cache administration user")
    void grantCacheApplied() {
        Ops.run("cacheuser.user in active.users", """
                step 1:
                  grantCachePrivileges cacheuser at active
                """).assertOk().assertField("master1", "cacheManagers", "[cacheuser]").assertField("cacheuser", "cgUser", "true");
    }

    @Test
    @DisplayName("C-38 REVOKE ADMIN FROM PUBLIC refuses when PUBLIC does not hold ADMIN")
    void revokePublicRefused() {
        Ops.run("", """
                step 1:
                  revokeAdminFromPublic active
                """).assertRefused("revokeAdminFromPublic", "ADMIN is not granted to PUBLIC in master1");
    }

    @Test
    @DisplayName("C-38 GRANT ADMIN TO PUBLIC, then REVOKE, leaves PUBLIC without ADMIN")
    void grantPublicApplied() {
        Ops.run("", """
                step 1:
                  grantAdminToPublic active
                  expect active.publicAdmin
                step 2:
                  revokeAdminFromPublic active
                """).assertOk().assertField("master1", "publicAdmin", "false");
    }

    @Test
    @DisplayName("C-38 REVOKE ADMIN refuses a user without ADMIN")
    void revokeAdminRefused() {
        Ops.run("cacheuser.user in active.cacheManagers", """
                step 1:
                  revokeAdmin cacheuser at active
                """).assertRefused("revokeAdmin", "cacheuser does not hold ADMIN in master1");
    }

    @Test
    @DisplayName("C-38 REVOKE ADMIN leaves the user the cache privileges it was granted")
    void revokeAdminApplied() {
        Ops.run("cacheuser.user in active.admins and cacheuser.user in active.cacheManagers", """
                step 1:
                  revokeAdmin cacheuser at active
                """).assertOk().assertField("master1", "admins", "[]").assertField("master1", "cacheManagers", "[cacheuser]");
    }

    @Test
    @DisplayName("C-38 REVOKE ADMIN ... keeps CACHE_MANAGER refuses a user that holds the cache privileges only through ADMIN")
    void revokeAdminKeepsNothingItWasNotGranted() {
        Ops.run("cacheuser.user in active.admins", """
                step 1:
                  revokeAdmin cacheuser at active
                """).assertRefused("revokeAdmin", "only through ADMIN");
    }

    // ------------------------------------------------------------------ C-39, C-40

    @Test
    @DisplayName("C-39 SELECT perm_in_use_size FROM sys.monitor reads the permanent partition in use")
    void permInUse() {
        Ops.run("active.permInUse == 300", """
                step 1:
                  expect permInUse active == 300 and permInUse active < active.permSize
                """).assertOk();
        SimRun low = Ops.run("active.permInUse == 300", """
                step 1:
                  expect permInUse active == 256
                """);
        assertEquals(1, low.events(Event.ExpectFailed.class).size(), low.trace());
    }

    @Test
    @DisplayName("C-40 cachegroups and repschemes list what a database has")
    void listings() {
        Ops.run(CACHED + "active.scheme == pair", """
                step 1:
                  expect hasCacheGroups active and hasRepScheme active
                """).assertOk();
        Ops.run("active.scheme == none", """
                step 1:
                  expect not hasCacheGroups active and not hasRepScheme active
                """).assertOk();
    }

    // ------------------------------------------------------------------ C-41

    @Test
    @DisplayName("C-41 cacheCleanUp.sql refuses while the database still uses its autorefresh objects")
    void cleanUpRefused() {
        Ops.run(CACHED, """
                step 1:
                  cacheCleanUp active path "/data_store_path/master1" using cacheuser service "ORCL"
                """).assertRefused("cacheCleanUp", "still has the autorefresh cache group cacheuser.readcache");
    }

    @Test
    @DisplayName("C-41 cacheCleanUp.sql drops the Oracle objects of a destroyed database")
    void cleanUpApplied() {
        SimRun run = Ops.run("not active.exists and active.oracleObjects and active.rep == down", """
                step 1:
                  cacheCleanUp active path "/data_store_path/master1" using cacheuser service "ORCL"
                """).assertOk().assertField("master1", "oracleObjects", "false");
        assertTrue(Ops.commands(run).contains("sqlplus -S cacheuser@ORCL \"@$TIMESTEN_HOME/install/oraclescripts/cacheCleanUp.sql\" "
                + "master1host /data_store_path/master1"), Ops.commands(run));
    }
}
