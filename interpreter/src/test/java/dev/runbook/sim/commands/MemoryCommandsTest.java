package dev.runbook.sim.commands;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Loading and unloading: C-05 ramLoad, C-06 ramUnload and ramUnloadTemporary, C-08 setRamPolicy. */
class MemoryCommandsTest {

    @Test
    @DisplayName("C-05 ttAdmin -ramLoad refuses a permanent database that does not exist")
    void ramLoadRefused() {
        Pair.run("""
                not solo.exists
                """, """
                step 1:
                  on solo.host: ramLoad solo
                """).assertRefused("ramLoad", "only a temporary database");
    }

    @Test
    @DisplayName("C-05 ttAdmin -ramLoad brings a temporary database into existence, empty, and loads it")
    void ramLoadApplied() {
        Pair.run("""
                not solo.exists and solo.temporary and not solo.loaded and solo.applied == 0
                """, """
                step 1:
                  on solo.host: ramLoad solo
                """).assertStepsRan()
                .assertField("solo", "exists", "true")
                .assertField("solo", "loaded", "true")
                .assertField("solo", "applied", "0");
    }

    @Test
    @DisplayName("C-06 ttAdmin -ramUnload refuses while the RAM policy is inUse (D-13)")
    void ramUnloadRefused() {
        Pair.run("""
                solo.rep == down
                """, """
                step 1:
                  on solo.host: ramUnload solo
                """).assertRefused("ramUnload", "set it to manual first");
    }

    @Test
    @DisplayName("C-06 ttAdmin -ramUnload refuses while applications are connected")
    void ramUnloadRefusedApplications() {
        Pair.run("""
                active.ramPolicy == manual
                """, """
                step 1:
                  pauseApplications active
                  on active.host: repStop active
                  on active.host: ramUnload active
                """).assertRefused("ramUnload", "applications are connected to master1");
    }

    @Test
    @DisplayName("C-06 ttAdmin -ramUnload unloads a database with its agents down and no application")
    void ramUnloadApplied() {
        Pair.run("""
                solo.rep == down and solo.ramPolicy == manual
                """, """
                step 1:
                  on solo.host: ramUnload solo
                """).assertStepsRan().assertField("solo", "loaded", "false").assertField("solo", "exists", "true");
    }

    @Test
    @DisplayName("C-06 ttAdmin -ramUnload of a temporary database is refused by ramUnload, which would keep it")
    void ramUnloadRefusesTemporary() {
        Pair.run("""
                solo.rep == down and solo.ramPolicy == manual and solo.temporary
                """, """
                step 1:
                  on solo.host: ramUnload solo
                """).assertRefused("ramUnload", "use ramUnloadTemporary");
    }

    @Test
    @DisplayName("C-06 ttAdmin -ramUnload destroys a temporary database (ramUnloadTemporary)")
    void ramUnloadTemporaryApplied() {
        Pair.run("""
                solo.rep == down and solo.ramPolicy == manual and solo.temporary and solo.applied == 0
                """, """
                step 1:
                  on solo.host: ramUnloadTemporary solo
                """).assertStepsRan().assertField("solo", "exists", "false").assertField("solo", "loaded", "false");
    }

    @Test
    @DisplayName("C-08 the RAM policy cannot change for a DSN that is not defined")
    void setRamPolicyRefused() {
        Pair.run("""
                not solo.dsnDefined
                """, """
                step 1:
                  on solo.host: setRamPolicy solo to manual
                """).assertRefused("setRamPolicy", "not defined on solohost");
    }

    @Test
    @DisplayName("C-08 ttAdmin -ramPolicy sets the RAM policy")
    void setRamPolicyApplied() {
        Pair.run("", """
                step 1:
                  on solo.host: setRamPolicy solo to manual
                """).assertStepsRan().assertField("solo", "ramPolicy", "manual");
    }
}
