package dev.runbook.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, defect 8: every credential used to be an existing ADMIN user on every database, so a
 * procedure that never created its user simulated ok. Users and their privileges are now facts of
 * each database: they exist where created, copied with the data, or required.
 */
class PerDatabaseUsersTest {

    private static final String HEAD = """
            runbook users "Users per database"
              require state active == ACTIVE and state standby == STANDBY
              require role of [active, standby] == master
            %s
            use timesten

            param active = master1 on "master1host"
            param standby = master2 on "master2host"
            param admin = credential "pat"

            """;

    private static final String REBUILD = """
            step 1 "Stop and destroy the standby":
              on standby.host: repStop standby
              on active: markFailed standby from active
              on standby.host: destroy standby

            step 2 "Duplicate the standby from the active":
              on standby.host:
                duplicate standby from active using admin
                repStart standby
                wait state standby == STANDBY timeout 30m every 10s
            """;

    @Test
    @DisplayName("The reproducer: a duplicate as a user that was never created nor required is refused, naming the user and the source")
    void aDuplicateAsAUserNobodyCreatedIsRefused() {
        Event.PreconditionFailed refused = SimRun.of(HEAD.formatted("") + REBUILD).assertRefused("duplicate", "pat must be a user with ADMIN on master1");
        assertTrue(refused.message().contains("say so in the header"), refused.message());
    }

    @Test
    @DisplayName("The same procedure saying the user holds ADMIN on the active simulates clean; the copy has the user too")
    void aRequiredAdminIsGiven() {
        SimRun.of(HEAD.formatted("  require admin.user in active.admins\n") + REBUILD).assertOk()
                .assertField("master2", "admins", "[pat]");
    }

    @Test
    @DisplayName("A user created on the active exists on the standby only once the standby is duplicated from it after the creation")
    void aUserIsCopiedOnlyByADuplicateAfterItsCreation() {
        SimRun.of(HEAD.formatted("  require admin.user in active.admins\n") + """
                param app = credential "appuser"

                step 1 "Create the application user on the active":
                  on active: createUser app at active
                  expect app.user in active.users and not (app.user in standby.users)
                """ + REBUILD.replace("step 1", "step 2").replace("step 2 \"Duplicate", "step 3 \"Duplicate") + """

                expect app.user in standby.users
                """).assertOk();
    }

    @Test
    @DisplayName("GRANT before CREATE USER is refused on that database")
    void grantBeforeCreateIsRefused() {
        SimRun.of(HEAD.formatted("") + """
                step 1 "Grant ADMIN":
                  on active: grant ADMIN to admin at active
                """).assertRefused("grant", "pat is not a user of master1: create it there first");
    }

    @Test
    @DisplayName("A user created on one database does not exist on another")
    void aUserIsPerDatabase() {
        SimRun.of(HEAD.formatted("") + """
                step 1 "Create and grant on the active, grant on the standby":
                  on active:
                    createUser admin at active
                    grant ADMIN to admin at active
                  on standby: grant ADMIN to admin at standby
                """).assertRefused("grant", "pat is not a user of master2");
    }
}
