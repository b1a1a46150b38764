package dev.runbook.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.sim.SimRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The commands of stdlib/ocms.rbk: ttIsql, the replication scripts, OPMN, the Edge Proxy, SIP applications. */
class OcmsCommandsTest {

    /** Both OCMS databases replicating with OCMS_REP.REPSCHEME, as E16 and E17 leave them. */
    private static final String REPLICATING = """
            node1db.scheme == classic and node2db.scheme == classic and node1db.ocmsTables and node2db.ocmsTables
            node1db.ocmsSeeded and node2db.ocmsSeeded
            """;

    // ------------------------------------------------------------------ C-23, C-43

    @Test
    @DisplayName("C-23 ttIsql -f refuses to connect while the master needs to catch up")
    void ttIsqlRefused() {
        Ops.run("node1db.ocmsCatchup", """
                step 1:
                  runSqlScript node1db file "/tmp/fix.sql"
                """).assertRefused("runSqlScript", "Master Catchup Required");
    }

    @Test
    @DisplayName("C-23 ttIsql -f runs a script in the database, by its DSN")
    void ttIsqlApplied() {
        SimRun run = Ops.run("", """
                step 1:
                  runSqlScript node1db file "/tmp/fix.sql"
                  expect connects node1db
                """).assertOk();
        assertTrue(Ops.commands(run).contains("node1.example.com$ \"$TT_HOME/bin/ttIsql\" -connStr DSN=ocmsdb -f /tmp/fix.sql"), Ops.commands(run));
    }

    @Test
    @DisplayName("C-43 ForceConnect=1 lets ttIsql connect despite Master Catchup Required")
    void forceConnect() {
        Ops.run("node1db.ocmsCatchup", """
                step 1:
                  expect not connects node1db
                  setForceConnect node1db to true
                  runSqlScript node1db file "/tmp/fix.sql"
                  expect connects node1db
                step 2:
                  setForceConnect node1db to false
                """).assertOk().assertField("ocmsdb1", "ocmsForceConnect", "false");
    }

    // ------------------------------------------------------------------ C-25

    @Test
    @DisplayName("C-25 ttDaemonAdmin -start starts the main daemon outside OPMN")
    void startDaemon() {
        SimRun run = Ops.run("", """
                step 1:
                  stopTimesTenProcess at node2
                  expect not daemonRunning node2
                  startDaemon at node2
                """).assertOk().assertField("node2.example.com", "daemon", "up").assertField("node2.example.com", "opmnTimesten", "false");
        assertTrue(Ops.commands(run).contains("node2.example.com$ \"$TT_HOME/bin/ttDaemonAdmin\" -start"), Ops.commands(run));
    }

    // ------------------------------------------------------------------ C-32

    @Test
    @DisplayName("C-32 drop replication ocms_rep.repscheme refuses while the agent runs")
    void dropSchemeRefused() {
        Ops.run(REPLICATING, """
                step 1:
                  dropReplicationScheme node1db
                """).assertRefused("dropReplicationScheme", "stop the replication agent first");
    }

    @Test
    @DisplayName("C-32 drop replication ocms_rep.repscheme removes the scheme")
    void dropSchemeApplied() {
        Ops.run(REPLICATING + "node1db.rep == down", """
                step 1:
                  dropReplicationScheme node1db
                  expect node1db.scheme == none
                step 2:
                  createReplicationScheme node1db
                  repStart node1db
                """).assertOk().assertField("ocmsdb1", "scheme", "classic");
    }

    // ------------------------------------------------------------------ C-48, C-49, C-53

    @Test
    @DisplayName("C-48 opmnctl config topology update refuses an address outside the multicast range")
    void multicastRefused() {
        Ops.run("", """
                step 1:
                  opmnDiscoverMulticast "23.0.0.20" port 6200 at node1
                """).assertRefused("opmnDiscoverMulticast", "is not a multicast address");
        Ops.run("", """
                step 1:
                  opmnDiscoverMulticast "224.0.0.20" port 6200 at node1
                """).assertRefused("opmnDiscoverMulticast", "is not a multicast address");
    }

    @Test
    @DisplayName("C-48 opmnctl config topology update writes the multicast topology, not yet loaded")
    void multicastApplied() {
        SimRun run = Ops.run("", """
                step 1:
                  opmnDiscoverMulticast "225.0.0.20" port 6200 at node1
                  expect node1.opmnDiscover == "*225.0.0.20:6200" and node1.opmnLoaded == ""
                step 2:
                  opmnReload at node1
                """).assertOk().assertField("node1.example.com", "opmnLoaded", "*225.0.0.20:6200");
        assertTrue(Ops.commands(run).contains("opmnctl\" config topology update 'discover=*225.0.0.20:6200'"), Ops.commands(run));
    }

    @Test
    @DisplayName("C-49 opmnctl reload refuses when OPMN is not running")
    void reloadRefused() {
        Ops.run("not node1.opmnRunning", """
                step 1:
                  opmnReload at node1
                """).assertRefused("opmnReload", "OPMN is not running on node1.example.com");
    }

    @Test
    @DisplayName("C-49 opmnctl reload loads the topology of opmn.xml")
    void reloadApplied() {
        Ops.run("node1.opmnDiscover == \"node1.example.com:6200\"", """
                step 1:
                  opmnReload at node1
                """).assertOk().assertField("node1.example.com", "opmnLoaded", "node1.example.com:6200");
    }

    @Test
    @DisplayName("C-53 restoring the <topology> element refuses when it is not commented out")
    void topologyRefused() {
        Ops.run("node1.opmnDiscover == \"*225.0.0.20:6200\"", """
                step 1:
                  opmnRestoreTopology at node1
                """).assertRefused("opmnRestoreTopology", "is not commented out");
    }

    @Test
    @DisplayName("C-53 opmn.xml edits: a discovery server, and the topology commented out and back")
    void topologyApplied() {
        Ops.run("", """
                step 1:
                  opmnDiscoverServer node1 at node2
                  opmnCommentTopology at node2
                  expect node2.opmnDiscover == ""
                  opmnRestoreTopology at node2
                  opmnReload at node2
                """).assertOk().assertField("node2.example.com", "opmnDiscover", "node1.example.com:6200");
    }

    // ------------------------------------------------------------------ C-50, C-51

    @Test
    @DisplayName("C-50 opmnctl stopall refuses when OPMN is not running")
    void stopAllRefused() {
        Ops.run("not node1.opmnRunning", """
                step 1:
                  opmnStopAll at node1
                """).assertRefused("opmnStopAll", "OPMN is not running on node1.example.com");
    }

    @Test
    @DisplayName("C-50 opmnctl stopall stops the processes, startall starts them and reads opmn.xml")
    void startStopAll() {
        Ops.run("node1.opmnDiscover == \"*225.0.0.20:6200\" and node1.opmnLoaded == \"*225.0.0.20:6200\"", """
                step 1:
                  opmnStopAll at node1
                  expect node1.ocms == stopped and node1.daemon == down and node1.opmnRunning
                step 2:
                  opmnStartAll at node1
                """).assertOk()
                .assertField("node1.example.com", "ocms", "running")
                .assertField("node1.example.com", "daemon", "up")
                .assertField("node1.example.com", "opmnTimesten", "true");
    }

    @Test
    @DisplayName("C-51 opmnctl shutdown refuses when OPMN is not running")
    void shutdownRefused() {
        Ops.run("not node1.opmnRunning", """
                step 1:
                  opmnShutdown at node1
                """).assertRefused("opmnShutdown", "OPMN is not running on node1.example.com");
    }

    @Test
    @DisplayName("C-51 opmnctl shutdown stops OPMN and every process")
    void shutdown() {
        Ops.run("", """
                step 1:
                  opmnShutdown at node1
                  expect not node1.opmnRunning and node1.ocms == stopped and node1.daemon == down
                step 2:
                  opmnStartAll at node1
                """).assertOk().assertField("node1.example.com", "opmnRunning", "true");
    }

    // ------------------------------------------------------------------ C-52

    @Test
    @DisplayName("C-52 opmnctl startproc refuses when OPMN is not running")
    void startProcRefused() {
        Ops.run("not node2.opmnRunning", """
                step 1:
                  startOcms at node2
                """).assertRefused("startOcms", "OPMN is not running on node2.example.com");
    }

    @Test
    @DisplayName("C-52 opmnctl stopproc and startproc stop and start OCMS and TimesTen")
    void procs() {
        SimRun run = Ops.run("", """
                step 1:
                  stopOcms at node2
                  stopTimesTenProcess at node2
                  expect node2.ocms == stopped and node2.daemon == down and not node2.opmnTimesten
                step 2:
                  startTimesTenProcess at node2
                  startOcms at node2
                """).assertOk().assertField("node2.example.com", "ocms", "running").assertField("node2.example.com", "opmnTimesten", "true");
        assertTrue(Ops.commands(run).contains("node2.example.com$ \"$ORACLE_HOME/opmn/bin/opmnctl\" stopproc ias-component=TIMESTEN"), Ops.commands(run));
    }

    @Test
    @DisplayName("C-52 opmnctl stopproc process-type=EdgeProxy refuses on a node without an Edge Proxy")
    void edgeProxyRefused() {
        Ops.run("", """
                step 1:
                  stopEdgeProxy at node1
                """).assertRefused("stopEdgeProxy", "is not an Edge Proxy node");
    }

    // ------------------------------------------------------------------ C-54

    @Test
    @DisplayName("C-54 edgeproxy.xml edits refuse a node without an Edge Proxy")
    void natRefused() {
        Ops.run("", """
                step 1:
                  setNatTraversal false at node1
                """).assertRefused("setNatTraversal", "is not an Edge Proxy node");
    }

    @Test
    @DisplayName("C-54 nat-traverse takes effect when the Edge Proxy starts again")
    void natApplied() {
        Ops.run("edge.ocmsEdgeNode and edge.ocmsEdgeProxyUp", """
                step 1:
                  stopEdgeProxy at edge
                  setNatTraversal false at edge
                  setOc4jPing 1 misses 2 at edge
                  expect edge.ocmsNatTraverseActive
                  startEdgeProxy at edge
                """).assertOk()
                .assertField("edge.example.com", "ocmsNatTraverseActive", "false")
                .assertField("edge.example.com", "ocmsPingInterval", "1")
                .assertField("edge.example.com", "ocmsPingMisses", "2");
    }

    // ------------------------------------------------------------------ C-55

    @Test
    @DisplayName("C-55 the MBean browser needs OPMN running")
    void mbeanRefused() {
        Ops.run("not node1.opmnRunning", """
                step 1:
                  setSipRecordRoute "SIP:10.0.0.1:5060" at node1
                """).assertRefused("setSipRecordRoute", "runs under OPMN");
    }

    @Test
    @DisplayName("C-55 SIP container and Edge Proxy MBean attributes are set")
    void mbeanApplied() {
        Ops.run("edge.ocmsEdgeNode and node1.ocms == stopped", """
                step 1:
                  setSipEdgeProxy "SIP:10.0.0.9:5060;lr" at node1
                  setSipRecordRoute "SIP:10.0.0.1:5060" at node1
                  setSipDistributableRecordRoute "SIP:10.0.0.1:5060" at node1
                  setEdgeProxyRecordRoute "10.0.0.9" at edge
                """).assertOk()
                .assertField("node1.example.com", "sipEdgeProxy", "SIP:10.0.0.9:5060;lr")
                .assertField("node1.example.com", "sipDistributableRecordRoute", "SIP:10.0.0.1:5060")
                .assertField("edge.example.com", "ocmsEdgeRecordRoute", "10.0.0.9");
    }

    // ------------------------------------------------------------------ C-56, C-57

    @Test
    @DisplayName("C-56 a converged SIP and HTTP application cannot be marked distributable")
    void distributableRefused() {
        Ops.run("node1.sipAppConverged", """
                step 1:
                  markSipDistributable at node1
                """).assertRefused("markSipDistributable", "converged SIP and HTTP application");
    }

    @Test
    @DisplayName("C-56 sip.xml, web.xml and orion-application.xml make the application highly available")
    void distributableApplied() {
        Ops.run("", """
                step 1:
                  markSipDistributable at node1
                  markWebDistributable at node1
                  setAppCluster true at node1
                  setSessionReplication "file:///jgroups-tcp.xml" at node1
                """).assertOk()
                .assertField("node1.example.com", "sipXmlDistributable", "true")
                .assertField("node1.example.com", "sipWebDistributable", "true")
                .assertField("node1.example.com", "sipClusterEnabled", "true")
                .assertField("node1.example.com", "sipAllowColocation", "false")
                .assertField("node1.example.com", "sipSessionConfig", "file:///jgroups-tcp.xml");
    }

    @Test
    @DisplayName("C-57 undeploy refuses an application that is not deployed; deploy refuses an unpacked one")
    void deployRefused() {
        Ops.run("not node1.sipAppDeployed", """
                step 1:
                  undeployApp at node1
                """).assertRefused("undeployApp", "not deployed on node1.example.com");
        Ops.run("node1.sipAppUnpacked", """
                step 1:
                  deployApp "2.0" at node1
                """).assertRefused("deployApp", "package the application again first");
    }

    @Test
    @DisplayName("C-57 undeploy, unpack, pack and deploy a new version")
    void deployApplied() {
        Ops.run("node1.sipAppDeployed and node1.sipAppVersion == \"1.0\"", """
                step 1:
                  undeployApp at node1
                  unpackApp at node1
                  packApp at node1
                  deployApp "1.1" at node1
                """).assertOk().assertField("node1.example.com", "sipAppDeployed", "true").assertField("node1.example.com", "sipAppVersion", "1.1");
    }

    // ------------------------------------------------------------------ C-58

    @Test
    @DisplayName("C-58 the cluster status shows a node alive only when its SIP container runs in a cluster")
    void clusterStatus() {
        Ops.run("node1.opmnLoaded == \"*225.0.0.20:6200\" and node1.opmnDiscover == \"*225.0.0.20:6200\"", """
                step 1:
                  expect clusterAlive node1
                  stopOcms at node1
                  expect not clusterAlive node1
                  startOcms at node1
                """).assertOk();
    }

    // ------------------------------------------------------------------ C-59

    @Test
    @DisplayName("C-59 seed_clusters_test_sync.sql refuses before the replication tables exist")
    void seedRefused() {
        Ops.run("", """
                step 1:
                  editSeedFile node1 with node2 at node1
                  seedClusters node1db
                """).assertRefused("seedClusters", "create the replication tables first");
    }

    @Test
    @DisplayName("C-59 the OCMS SQL scripts drop, create and seed the replication tables")
    void seedApplied() {
        SimRun run = Ops.run("", """
                step 1:
                  dropOcmsTables node1db
                  createOcmsTables node1db
                  editSeedFile node1 with node2 at node1
                  seedClusters node1db
                """).assertOk()
                .assertField("ocmsdb1", "ocmsTables", "true")
                .assertField("ocmsdb1", "ocmsSeeded", "true")
                .assertField("ocmsdb1", "ocmsClusterHosts", "[node1.example.com, node2.example.com]");
        assertTrue(Ops.commands(run).contains("\"$TT_HOME/bin/ttIsql\" -connStr DSN=ocmsdb -f \"$ORACLE_HOME/sdp/replication/sql/replication.timesten.sql\""),
                Ops.commands(run));
    }

    // ------------------------------------------------------------------ C-60

    @Test
    @DisplayName("C-60 create_replication_sync.pl refuses before the replication tables are seeded")
    void createSchemeRefused() {
        Ops.run("node1db.ocmsTables", """
                step 1:
                  createReplicationScheme node1db
                """).assertRefused("createReplicationScheme", "create and seed the replication tables first");
    }

    @Test
    @DisplayName("C-60 create_replication_sync.pl stops the agent and creates OCMS_REP.REPSCHEME")
    void createSchemeApplied() {
        SimRun run = Ops.run("node1db.ocmsTables and node1db.ocmsSeeded and node1db.scheme == none and node1db.ocmsCatchup", """
                step 1:
                  createReplicationScheme node1db
                  expect node1db.rep == down
                  repStart node1db
                """).assertOk()
                .assertField("ocmsdb1", "scheme", "classic")
                .assertField("ocmsdb1", "ocmsCatchup", "false");
        assertTrue(Ops.commands(run).contains("env \"LD_LIBRARY_PATH=$TT_HOME/lib:$LD_LIBRARY_PATH\" perl"), Ops.commands(run));
    }

    // ------------------------------------------------------------------ C-61

    @Test
    @DisplayName("C-61 duplicate_db_replication.pl refuses when the first node's agent is down")
    void duplicateRefused() {
        Ops.run(REPLICATING + "node1db.rep == down and not node2db.exists", """
                step 1:
                  duplicateFromPeer node2db from node1db using admin
                """).assertRefused("duplicateFromPeer", "Unable to connect to the replication agent");
    }

    @Test
    @DisplayName("C-61 duplicate_db_replication.pl refuses a user without ADMIN")
    void duplicateRefusedUser() {
        Ops.run(REPLICATING + "not node2db.exists and admin.user in node1db.users", """
                step 1:
                  duplicateFromPeer node2db from node1db using admin
                """).assertRefused("duplicateFromPeer", "pat must be a TimesTen user with ADMIN");
    }

    @Test
    @DisplayName("C-61 duplicate_db_replication.pl copies ocmsdb from the first node, scheme and tables included")
    void duplicateApplied() {
        Ops.run(REPLICATING + "not node2db.exists and node1db.applied == 5000 and node2db.rep == down and admin.user in node1db.admins", """
                step 1:
                  duplicateFromPeer node2db from node1db using admin
                  expect node2db.repPolicy == manual
                  repStart node2db
                """).assertOk()
                .assertField("ocmsdb2", "exists", "true")
                .assertField("ocmsdb2", "applied", "5000")
                .assertField("ocmsdb2", "scheme", "classic")
                .assertField("ocmsdb2", "ocmsSeeded", "true")
                .assertField("ocmsdb2", "admins", "[pat]");
    }

    // ------------------------------------------------------------------ C-62

    @Test
    @DisplayName("C-62 recover_replication_sync.pl refuses while the replication policy is always")
    void recoverRefused() {
        Ops.run(REPLICATING + "node2db.repPolicy == always and node2db.rep == down and node2db.host.daemon == down", """
                step 1:
                  recoverReplication node2db from node1db
                """).assertRefused("recoverReplication", "set the replication policy to manual first");
    }

    @Test
    @DisplayName("C-62 recover_replication_sync.pl re-synchronises the failed instance from the surviving one")
    void recoverApplied() {
        SimRun run = Ops.run(REPLICATING + "node2db.rep == down and node2db.applied == 10 and node1db.applied == 5000", """
                step 1:
                  recoverReplication node2db from node1db
                  repStart node2db
                """).assertOk().assertField("ocmsdb2", "applied", "5000").assertField("ocmsdb2", "exists", "true");
        assertEquals(1, run.events(Event.StepFinished.class).size());
    }

    // ------------------------------------------------------------------ C-63

    @Test
    @DisplayName("C-63 LD_LIBRARY_PATH gets $TT_HOME/lib in the profile")
    void ldLibraryPath() {
        SimRun run = Ops.run("", """
                step 1:
                  addTtLibToPath at node1
                """).assertOk().assertField("node1.example.com", "ocmsTtLibPath", "true");
        assertTrue(Ops.commands(run).contains("export LD_LIBRARY_PATH=$LD_LIBRARY_PATH:$TT_HOME/lib"), Ops.commands(run));
    }
}
