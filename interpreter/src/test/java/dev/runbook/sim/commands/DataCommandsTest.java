package dev.runbook.sim.commands;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Copies of the data: C-14 duplicate, C-17 migrateOut, C-18 migrateIn, C-19 backup, C-20 restore,
 * C-21 destroy.
 */
class DataCommandsTest {

    @Test
    @DisplayName("C-14 ttRepAdmin -duplicate refuses while the source's replication agent is stopped")
    void duplicateRefused() {
        Pair.run("", """
                step 1:
                  on standby.host: repStop standby
                  for sub in subscribers:
                    on sub.host:
                      repStop sub
                      destroy sub
                      duplicate sub from standby using admin
                """).assertRefused("duplicate", "the source's replication agent must run");
    }

    @Test
    @DisplayName("C-14 ttRepAdmin -duplicate refuses a user without ADMIN on the source")
    void duplicateRefusedWithoutAdmin() {
        Pair.run("""
                admin.user in standby.users
                """, """
                step 1:
                  for sub in subscribers:
                    on sub.host:
                      repStop sub
                      destroy sub
                      duplicate sub from standby using admin
                """).assertRefused("duplicate", "pat must be a user with ADMIN on master2");
    }

    @Test
    @DisplayName("C-14 ttRepAdmin -duplicate copies the source: data, scheme, release, and -setMasterRepStart")
    void duplicateApplied() {
        Pair.run("""
                receiving of subscribers == stop
                admin.user in standby.admins
                """, """
                step 1:
                  for sub in subscribers:
                    on sub.host:
                      repStop sub
                      destroy sub
                      duplicate sub from standby using admin
                """).assertStepsRan()
                .assertField("subscriber1", "exists", "true")
                .assertField("subscriber1", "origin", "duplicated")
                .assertField("subscriber1", "duplicatedFrom", "master2")
                .assertField("subscriber1", "scheme", "pair")
                .assertField("subscriber1", "rep", "down")
                .assertField("subscriber1", "receiving", "start")
                .assertField("subscriber1", "major", "18.1")
                .assertField("subscriber1", "admins", "[pat]");
    }

    @Test
    @DisplayName("C-14 ttRepAdmin -duplicate -keepCG refuses a cache administration user that does not exist")
    void duplicateKeepCgRefused() {
        Pair.run("""
                admin.user in standby.admins
                """, """
                param cacheuser = credential "cacheuser"

                step 1:
                  for sub in subscribers:
                    on sub.host:
                      repStop sub
                      destroy sub
                      duplicateKeepCG sub from standby using admin cacheAdmin cacheuser
                """).assertRefused("duplicateKeepCG", "-keepCG needs a cache administration user");
    }

    @Test
    @DisplayName("C-14 ttRepAdmin -duplicate -keepCG sets the cache administration user of the copy")
    void duplicateKeepCgApplied() {
        Pair.run("admin.user in standby.admins and cacheuser.user in standby.users and cacheuser.user in oracle.cacheUsers", """
                param cacheuser = credential "cacheuser"

                step 1:
                  for sub in subscribers:
                    on sub.host:
                      repStop sub
                      destroy sub
                      duplicateKeepCG sub from standby using admin cacheAdmin cacheuser
                """).assertStepsRan().assertField("subscriber1", "cacheAdmin", "cacheuser");
    }

    @Test
    @DisplayName("C-17 ttMigrate -c refuses a database that does not exist")
    void migrateOutRefused() {
        Pair.run("""
                not solo.exists
                """, """
                step 1:
                  on solo.host: migrateOut solo to "solo.bak"
                """).assertRefused("migrateOut", "there is no database to save");
    }

    @Test
    @DisplayName("C-17 ttMigrate -c writes a file with the database's data, release, bit level and scheme")
    void migrateOutApplied() {
        Pair.run("", """
                step 1:
                  on standby.host: migrateOut standby to "master2.bak"
                """).assertStepsRan()
                .assertField("master2", "migrateFile", "master2.bak")
                .assertField("master2", "savedMajor", "18.1")
                .assertField("master2", "savedScheme", "pair")
                .assertField("master2", "savedPlatform", "linux-x86_64");
    }

    @Test
    @DisplayName("C-18 ttMigrate -r refuses a file made on another platform")
    void migrateInRefusedPlatform() {
        Pair.run("""
                not standby.exists and standby.rep == down and standby.migrateFile == "master2.bak"
                standby.savedPlatform == "aix-ppc64" and standby.savedPermInUse == 256
                """, """
                step 1:
                  on standby.host: migrateIn standby from "master2.bak"
                """).assertRefused("migrateIn", "a ttMigrate file does not cross platforms: it comes from aix-ppc64");
    }

    @Test
    @DisplayName("C-18 ttMigrate -r refuses a file that is not there")
    void migrateInRefusedFile() {
        Pair.run("", """
                step 1:
                  on standby.host:
                    repStop standby
                    migrateOut standby to "master2.bak"
                    destroy standby
                    migrateIn standby from "other.bak"
                """)
                .assertRefused("migrateIn", "no ttMigrate file of this database by that name");
    }

    @Test
    @DisplayName("C-18 ttMigrate -r with AutoCreate=0 refuses a database that does not exist (D-5)")
    void migrateInRefusedAutoCreate() {
        Pair.run("", """
                step 1:
                  on standby.host:
                    repStop standby
                    migrateOut standby to "master2.bak"
                    destroy standby
                    setAutoCreate standby to false
                    migrateIn standby from "master2.bak"
                """).assertRefused("migrateIn", "AutoCreate=0");
    }

    @Test
    @DisplayName("C-18 ttMigrate -r restores the data into the new major release, upgraded from the old one")
    void migrateInApplied() {
        Pair.run("", """
                step 1:
                  on standby.host:
                    repStop standby
                    migrateOut standby to "master2.bak"
                    destroy standby
                    install release
                    migrateIn standby from "master2.bak" checkpoint 20
                """).assertStepsRan()
                .assertField("master2", "exists", "true")
                .assertField("master2", "major", "22.1")
                .assertField("master2", "upgradedFrom", "18.1")
                .assertField("master2", "origin", "migrated")
                .assertField("master2", "scheme", "pair")
                // no replication state until its agent starts (the physics gives it its role then)
                .assertField("master2", "state", "none")
                .assertField("master2", "ttrepSchemaVersion", "22.1");
    }

    @Test
    @DisplayName("C-18 ttMigrate -r -convertTypesToOra restores with Oracle data types")
    void migrateInOracleTypesApplied() {
        Pair.run("", """
                step 1:
                  on standby.host:
                    repStop standby
                    migrateOut standby to "master2.bak"
                    destroy standby
                    migrateInOracleTypes standby from "master2.bak"
                """).assertStepsRan().assertField("master2", "dataTypes", "OracleTypes");
    }

    @Test
    @DisplayName("C-19 ttBackup refuses a database that does not exist")
    void backupRefused() {
        Pair.run("""
                not solo.exists
                """, """
                step 1:
                  on solo.host: backup solo to "solo"
                """).assertRefused("backup", "there is no database to back up");
    }

    @Test
    @DisplayName("C-19 ttBackup writes a backup file with the database's data, release, bits and PermSize")
    void backupApplied() {
        Pair.run("", """
                step 1:
                  on solo.host: backup solo to "salesdata" dir "/tmp/dump"
                """).assertStepsRan()
                .assertField("solo", "backupFile", "salesdata")
                .assertField("solo", "backupDir", "/tmp/dump")
                .assertField("solo", "backupHost", "solohost")
                .assertField("solo", "backupPermSize", "1024");
    }

    @Test
    @DisplayName("C-20 ttRestore refuses a backup of another major release")
    void restoreRefused() {
        Pair.run("""
                solo.major == "18.1" and not copy.exists
                """, """
                param copy = copy on "solohost"

                step 1:
                  on solo.host:
                    backup solo to "salesdata" dir "/tmp/dump"
                    install release
                    restore copy from solo file "salesdata"
                """).assertRefused("restore", "ttRestore needs the backup's major release (18.1)");
    }

    @Test
    @DisplayName("C-20 ttRestore creates the database from the backup, with the backup's PermSize")
    void restoreApplied() {
        Pair.run("""
                solo.major == "18.1" and solo.permSize == 400 and not copy.exists
                """, """
                param copy = copy on "solohost"

                step 1:
                  on solo.host:
                    backup solo to "salesdata" dir "/tmp/dump"
                    restore copy from solo file "salesdata"
                """).assertStepsRan()
                .assertField("copy", "exists", "true")
                .assertField("copy", "origin", "restored")
                .assertField("copy", "permSize", "400")
                .assertField("copy", "applied", "1000000");
    }

    @Test
    @DisplayName("C-21 ttDestroy refuses while the replication agent runs (D-12)")
    void destroyRefused() {
        Pair.run("", """
                step 1:
                  on standby.host: destroy standby
                """).assertRefused("destroy", "the replication agent still runs");
    }

    @Test
    @DisplayName("C-21 ttDestroy runs in the database's own release: not after the host's instance became another major")
    void destroyRefusedAfterInstall() {
        Pair.run("", """
                step 1:
                  on active: markFailed standby from active
                  on standby.host:
                    repStop standby
                    install "22.1"
                    destroy standby
                """).assertRefused("destroy", "master2host now runs 22.1, master2 is 18.1");
    }

    @Test
    @DisplayName("C-21 ttDestroy refuses while applications are connected")
    void destroyRefusedApplications() {
        Pair.run("""
                active.rep == down
                """, """
                step 1:
                  on active.host: destroy active
                """).assertRefused("destroy", "applications are connected to master1");
    }

    @Test
    @DisplayName("C-21 ttDestroy removes the database")
    void destroyApplied() {
        Pair.run("", """
                step 1:
                  on active: markFailed standby from active
                  on standby.host:
                    repStop standby
                    destroy standby
                """).assertStepsRan()
                .assertField("master2", "exists", "false")
                .assertField("master2", "state", "none")
                .assertField("master2", "scheme", "none");
    }

    @Test
    @DisplayName("C-17 ttMigrate -c refuses while the TimesTen daemon is down")
    void migrateOutRefusedDaemonDown() {
        Pair.run("""
                standby.host.daemon == down
                """, """
                step 1:
                  on standby.host: migrateOut standby to "master2.bak"
                """).assertRefused("migrateOut", "daemon of master2host is not running");
    }

    @Test
    @DisplayName("C-19 ttBackup refuses while the TimesTen daemon is down")
    void backupRefusedDaemonDown() {
        Pair.run("""
                standby.host.daemon == down
                """, """
                step 1:
                  on standby.host: backup standby to "master2.bak"
                """).assertRefused("backup", "daemon of master2host is not running");
    }

    @Test
    @DisplayName("C-20 ttRestore refuses while the TimesTen daemon is down")
    void restoreRefusedDaemonDown() {
        Pair.run("""
                not solo.exists and solo.host.daemon == down
                """, """
                step 1:
                  on solo.host: restore solo from solo file "solo.bak"
                """).assertRefused("restore", "daemon of solohost is not running");
    }

    @Test
    @DisplayName("C-14 duplicate refuses while the destination's TimesTen daemon is down")
    void duplicateRefusedDaemonDown() {
        Pair.run("""
                not solo.exists and solo.host.daemon == down and solo.host.major == "18.1"
                admin.user in standby.admins
                """, """
                step 1:
                  on solo.host: duplicate solo from standby using admin
                """).assertRefused("duplicate", "daemon of solohost is not running");
    }

    @Test
    @DisplayName("C-14 a duplicate has no replication state of its own: a standby marked FAILED before it existed catches up (issue 7, defect 11)")
    void duplicateResetsTheState() {
        Pair.run("""
                not standby.exists
                admin.user in active.admins
                """, """
                step 1:
                  on active: markFailed standby from active
                  on standby.host:
                    duplicate standby from active using admin
                    repStart standby
                    wait state standby == STANDBY timeout 30m every 10s
                """).assertStepsRan().assertField("master2", "state", "STANDBY");
    }

    @Test
    @DisplayName("C-14 duplicateKeepCG refuses a RECOVERING source")
    void duplicateKeepCgRefusedRecovering() {
        dev.runbook.sim.SimRun.of("""
                runbook t "duplicateKeepCG from a RECOVERING standby"
                  require state active == ACTIVE and state standby == RECOVERING
                  require role of [active, standby] == master
                  require not copy.exists and copy.host.major == "18.1" and major of [active, standby] == "18.1"
                  require admin.user in standby.admins and admin.user in oracle.cacheUsers

                use timesten
                use cache

                param active = master1 on "master1host"
                param standby = master2 on "master2host"
                param copy = copy on "copyhost"
                param admin = credential "pat"

                step 1:
                  on copy.host: duplicateKeepCG copy from standby using admin cacheAdmin admin
                """).assertRefused("duplicateKeepCG", "still RECOVERING");
    }
}
