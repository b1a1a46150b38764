package dev.runbook.sim.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.engine.Event;
import dev.runbook.sim.SimRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Installation, configuration, files and applications: C-42 install, installPatch and
 * installInPlace, C-43 the DSN, C-44 files, C-45 the TimesTen Server, C-46 applications, C-47 sleep.
 */
class InstallCommandsTest {

    @Test
    @DisplayName("C-42 installing the release a host already runs is refused")
    void installRefused() {
        Pair.run("", """
                step 1:
                  on standby.host: install "18.1"
                """).assertRefused("install", "master2host runs 18.1 already");
    }

    @Test
    @DisplayName("C-42 a new installation and instance of a major release, with its daemon running")
    void installApplied() {
        Pair.run("""
                standby.host.daemon == down
                """, """
                step 1:
                  on standby.host:
                    repStop standby
                    install release
                """).assertStepsRan()
                .assertField("master2host", "release", "22.1")
                .assertField("master2host", "major", "22.1")
                .assertField("master2host", "daemon", "up")
                .assertField("master2host", "inPlace", "false")
                .assertField("master2", "major", "18.1");
    }

    @Test
    @DisplayName("C-42 an instance is 32-bit or 64-bit")
    void installBitsRefused() {
        Pair.run("", """
                step 1:
                  on standby.host: installBits release bits 16
                """).assertRefused("installBits", "32-bit or 64-bit");
    }

    @Test
    @DisplayName("C-42 a new 32-bit installation and instance")
    void installBitsApplied() {
        Pair.run("", """
                step 1:
                  on standby.host:
                    repStop standby
                    installBits "18.1" bits 32
                """).assertStepsRan().assertField("master2host", "bits", "32").assertField("master2host", "major", "18.1");
    }

    @Test
    @DisplayName("C-42 a patch in a new installation keeps the major release")
    void installPatchApplied() {
        Pair.run("", """
                step 1:
                  on standby.host:
                    repStop standby
                    installPatch "18.1.5"
                    repStart standby
                """).assertStepsRan()
                .assertField("master2host", "release", "18.1.5")
                .assertField("master2host", "major", "18.1")
                .assertField("master2", "release", "18.1.5");
    }

    @Test
    @DisplayName("C-42 an in-place patch install is refused when the host runs that release")
    void installInPlaceRefused() {
        Pair.run("""
                solo.host.release == "18.1.3"
                """, """
                step 1:
                  on solo.host: installInPlace "18.1.3"
                """).assertRefused("installInPlace", "solohost runs 18.1.3 already");
    }

    @Test
    @DisplayName("C-42 an in-place patch install replaces the instance's release")
    void installInPlaceApplied() {
        Pair.run("""
                solo.major == "18.1" and solo.rep == down and solo.ramPolicy == manual
                """, """
                step 1:
                  on solo.host:
                    ramUnload solo
                    installInPlace "18.1.4"
                """).assertStepsRan().assertField("solohost", "release", "18.1.4").assertField("solohost", "inPlace", "true");
    }

    @Test
    @DisplayName("C-43 a DSN attribute cannot change for a DSN that is not defined")
    void dsnRefused() {
        Pair.run("""
                not solo.dsnDefined
                """, """
                step 1:
                  setPermSize solo to 100
                """).assertRefused("setPermSize", "the DSN solo is not defined on solohost");
    }

    @Test
    @DisplayName("C-43 defining a DSN and changing its attributes")
    void dsnApplied() {
        Pair.run("""
                not solo.dsnDefined and not solo.exists
                """, """
                step 1:
                  defineDsn solo permSize 400 charset "TIMESTEN8"
                  setPermSize solo to 100
                  setTempSize solo to 64
                  setCharset solo to "AL32UTF8"
                  setTemporary solo to true
                  setAutoCreate solo to false
                step 2:
                  removeDsn solo
                """).assertStepsRan()
                .assertField("solo", "dsnDefined", "false")
                .assertField("solo", "dsnPermSize", "100")
                .assertField("solo", "tempSize", "64")
                .assertField("solo", "dsnCharset", "AL32UTF8")
                .assertField("solo", "temporary", "true")
                .assertField("solo", "autoCreate", "false");
    }

    @Test
    @DisplayName("C-44 removing a backup file that was never made is refused")
    void filesRefused() {
        Pair.run("", """
                step 1:
                  removeBackup solo
                """).assertRefused("removeBackup", "solo has no ttBackup file");
    }

    @Test
    @DisplayName("C-44 a backup copied to another host, restored there, then the files removed")
    void filesApplied() {
        Pair.run("""
                not view.exists
                """, """
                param view = salesview on "viewhost"

                step 1:
                  on solo.host:
                    backup solo to "salesbackup" dir "/tmp"
                    migrateOut solo to "solo.bak"
                  copyBackup solo to view.host
                  on view.host: restore view from solo file "salesbackup"
                step 2:
                  removeBackup solo
                  on solo.host: removeMigrateFile solo
                """).assertStepsRan()
                .assertField("salesview", "exists", "true")
                .assertField("solo", "backupHost", "viewhost")
                .assertField("solo", "backupFile", "")
                .assertField("solo", "migrateFile", "");
    }

    @Test
    @DisplayName("C-45 the TimesTen Server does not start without a configured port")
    void serverRefused() {
        Pair.run("", """
                step 1:
                  on standby.host: startServer
                """).assertRefused("startServer", "configure the server's port first");
    }

    @Test
    @DisplayName("C-45 configuring the server's port, starting and stopping it")
    void serverApplied() {
        Pair.run("", """
                step 1:
                  on standby.host:
                    setServerPort 17003
                    startServer
                step 2:
                  on active.host:
                    setServerPort 17005
                    startServer
                    stopServer
                """).assertStepsRan()
                .assertField("master2host", "serverPort", "17003")
                .assertField("master2host", "serverRunning", "true")
                .assertField("master1host", "serverRunning", "false");
    }

    @Test
    @DisplayName("C-46 pausing applications that do not write to the database is refused")
    void applicationsRefused() {
        Pair.run("", """
                step 1:
                  pauseApplications standby
                """).assertRefused("pauseApplications", "the applications do not write to this database");
    }

    @Test
    @DisplayName("C-46 applications paused, disconnected, connected to another database")
    void applicationsApplied() {
        Pair.run("""
                solo.major == "18.1"
                """, """
                step 1:
                  pauseApplications active
                  disconnectApplications active
                step 2:
                  connectApplications solo
                """).assertStepsRan()
                .assertField("apps", "target", "solo")
                .assertField("apps", "connected", "true")
                .assertField("apps", "paused", "true");
    }

    @Test
    @DisplayName("C-47 sleep lets 10 s of virtual time pass (no precondition to refuse)")
    void sleepApplied() {
        SimRun run = Pair.run("", """
                step 1:
                  on solo.host: sleep 10
                """).assertStepsRan();
        Event.StepFinished finished = run.events(Event.StepFinished.class).get(0);
        assertEquals(10_000, finished.millis());
    }
}
