package dev.runbook.sim.commands;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.sim.SimRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The replication scheme and the users: C-29 createPair, C-30 addSubscriber and alterStorePort,
 * C-31 dropPair, C-37 createUser, C-38 grant.
 */
class SchemeCommandsTest {

    @Test
    @DisplayName("C-29 CREATE ACTIVE STANDBY PAIR refuses a database that has a scheme")
    void createPairRefused() {
        Pair.run("""
                active.rep == down
                """, """
                step 1:
                  on active.host: createPair active standby standby
                """).assertRefused("createPair", "has a replication scheme already: drop it first");
    }

    @Test
    @DisplayName("C-29 CREATE ACTIVE STANDBY PAIR stores the pair in the database, IDLE, with the names as identifiers")
    void createPairApplied() {
        SimRun run = Pair.run("""
                not solo.exists
                """, """
                param first = first on "host1"
                param second = second on "host2"

                step 1:
                  on first.host:
                    repStop first
                    dropPair first
                    createPair first standby second
                """).assertStepsRan()
                .assertField("first", "scheme", "pair")
                .assertField("first", "state", "IDLE")
                .assertField("first", "role", "master")
                .assertField("second", "role", "master");
        assertTrue(run.events(Event.CommandIssued.class).stream().anyMatch(c -> c.command().contains(
                "CREATE ACTIVE STANDBY PAIR first ON \"host1\", second ON \"host2\"")), run.trace());
    }

    @Test
    @DisplayName("C-30 ALTER ACTIVE STANDBY PAIR ALTER STORE refuses while an agent of the pair runs")
    void alterStorePortRefused() {
        Pair.run("""
                active.rep == down
                """, """
                step 1:
                  on active.host: alterStorePort standby port 30001 at active
                """).assertRefused("alterStorePort", "the replication agent of master2 runs");
    }

    @Test
    @DisplayName("C-30 ALTER ACTIVE STANDBY PAIR ALTER STORE SET PORT gives the store a static port")
    void alterStorePortApplied() {
        Pair.run("", """
                step 1:
                  on active.host: repStop active
                  on standby.host: repStop standby
                  on active.host:
                    alterStorePort active port 30000 at active
                    alterStorePort standby port 30001 at active
                """).assertStepsRan().assertField("master1", "port", "30000").assertField("master2", "port", "30001");
    }

    @Test
    @DisplayName("C-30 ALTER ACTIVE STANDBY PAIR ADD SUBSCRIBER refuses while the agent runs")
    void addSubscriberRefused() {
        Pair.run("", """
                step 1:
                  on active.host: addSubscriber solo to active
                """).assertRefused("addSubscriber", "the replication agent of master1 runs");
    }

    @Test
    @DisplayName("C-30 ALTER ACTIVE STANDBY PAIR ADD SUBSCRIBER makes the database a subscriber")
    void addSubscriberApplied() {
        Pair.run("""
                active.rep == down
                """, """
                step 1:
                  on active.host: addSubscriber solo to active
                """).assertStepsRan().assertField("solo", "role", "subscriber");
    }

    @Test
    @DisplayName("C-31 DROP ACTIVE STANDBY PAIR refuses while the agent runs")
    void dropPairRefused() {
        Pair.run("", """
                step 1:
                  on active: dropPair active
                """).assertRefused("dropPair", "stop the replication agent first");
    }

    @Test
    @DisplayName("C-31 DROP ACTIVE STANDBY PAIR removes the scheme and the state")
    void dropPairApplied() {
        Pair.run("""
                standby.rep == down
                """, """
                step 1:
                  on standby: dropPair standby
                """).assertStepsRan().assertField("master2", "scheme", "none").assertField("master2", "state", "none");
    }

    @Test
    @DisplayName("C-37 CREATE USER refuses in a database that does not exist")
    void createUserRefused() {
        Pair.run("""
                not solo.exists
                """, """
                param orcluser = credential "orcluser"

                step 1:
                  on solo.host: createUser orcluser at solo
                """).assertRefused("createUser", "the database does not exist");
    }

    @Test
    @DisplayName("C-37 CREATE USER creates a user who can connect")
    void createUserApplied() {
        Pair.run("", """
                param orcluser = credential "orcluser"

                step 1:
                  on solo.host: createUser orcluser at solo
                """).assertStepsRan().assertField("solo", "users", "[orcluser]").assertField("solo", "admins", "[]")
                .assertField("master1", "users", "[]");
    }

    @Test
    @DisplayName("C-37 CREATE USER of a user the database has already fails (issue 7, defect 8: users are per database)")
    void createUserTwiceRefused() {
        Pair.run("orcluser.user in solo.users", """
                param orcluser = credential "orcluser"

                step 1:
                  on solo.host: createUser orcluser at solo
                """).assertRefused("createUser", "orcluser exists already in solo");
    }

    @Test
    @DisplayName("C-38 GRANT refuses a user who was never created")
    void grantRefused() {
        Pair.run("", """
                param scott = credential "scott"

                step 1:
                  on solo.host: grant ADMIN to scott at solo
                """).assertRefused("grant", "scott is not a user of solo: create it there first");
    }

    @Test
    @DisplayName("C-38 GRANT ADMIN gives the user ADMIN")
    void grantApplied() {
        Pair.run("", """
                param scott = credential "scott"

                step 1:
                  on solo.host:
                    createUser scott at solo
                    grant ADMIN to scott at solo
                """).assertStepsRan().assertField("solo", "admins", "[scott]").assertField("master1", "admins", "[]");
    }
}
