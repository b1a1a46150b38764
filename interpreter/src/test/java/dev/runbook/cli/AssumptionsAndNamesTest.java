package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, defects 3, 4 (the -p side), 8 and 9: names are checked against their grammars when
 * bound, a password on the command line is refused unseen, the starting state's assumptions are
 * listed in every header, and a require the defaults miss is made true or explained.
 */
class AssumptionsAndNamesTest {

    static final String A4 = SimulatePlanCommandTest.A4;
    static final Path RESOURCES = TraceGoldenTest.ROOT.resolve("interpreter/src/test/resources/assume");

    @TempDir
    Path dir;

    static MainTest.Result run(String... args) {
        MainTest.Result r = MainTest.runIn(new java.util.ArrayList<>(), args);
        assertFalse(r.all().contains("Exception") || r.all().contains("at dev.runbook"), "a stack trace reached the user:\n" + r.all());
        return r;
    }

    static String resource(String name) {
        return RESOURCES.resolve(name).toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(MainTest.Result r) {
        assertFalse(r.out().isBlank(), "a JSON format printed nothing on stdout:\n" + r.err());
        return (Map<String, Object>) MiniJson.parse(r.out());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(Map<String, Object> doc) {
        Object error = doc.get("error");
        assertNotNull(error, "no error in " + doc);
        return (Map<String, Object>) error;
    }

    // ------------------------------------------------------------------ defect 3: names

    @Test
    void aHostWithShellSyntaxIsRefused() {
        MainTest.Result r = run("plan", A4, "-p", "standby=m2@h$(id)");
        assertEquals(Main.USAGE, r.code(), r.all());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("runbook: -p standby: the host \"h$(id)\" is not allowed: it holds the character \"$\"; "
                + "allowed: a host name (RFC 1123"), r.err());

        MainTest.Result json = run("plan", "--format", "json", A4, "-p", "standby=m2@h$(id)");
        assertEquals(Main.USAGE, json.code(), json.all());
        Map<String, Object> doc = json(json);
        assertEquals("runbook.plan/v1", doc.get("schema"));
        assertEquals(false, doc.get("ok"));
        assertTrue(((String) error(doc).get("message")).contains("\"h$(id)\""), json.out());
    }

    @Test
    void badDatabaseNamesAndHostsAreRefused() {
        for (String bad : List.of("m2;x@h2", "2m@h2", "m2@-h2", "m2@h2.", "m2@300.1.1.1", "m2@h\nx", "m2@" + "a".repeat(64))) {
            MainTest.Result r = run("simulate", A4, "-p", "standby=" + bad);
            assertEquals(Main.USAGE, r.code(), bad + ": " + r.all());
            assertTrue(r.err().startsWith("runbook: -p standby: "), r.err());
            assertFalse(r.err().contains("\nx"), "a newline of the value reached the message unescaped: " + r.err());
        }
        for (String good : List.of("m2@h2", "m2@node2.example.com", "m2@10.0.0.2", "m2@fe80::1", "m_2@H-2")) {
            MainTest.Result r = run("simulate", A4, "-p", "standby=" + good);
            assertEquals(Main.OK, r.code(), good + ": " + r.all());
        }
    }

    @Test
    void anEmptyOrMalformedReleaseIsRefused() {
        for (String bad : List.of("", "22.1;reboot", "22..1", "v22")) {
            MainTest.Result r = run("simulate", A4, "-p", "release=" + bad);
            assertEquals(Main.USAGE, r.code(), bad + ": " + r.all());
            assertTrue(r.err().startsWith("runbook: -p release: the release \""), r.err());
            assertTrue(r.err().contains("allowed: a release: numbers separated by dots"), r.err());
        }
        MainTest.Result json = run("simulate", "--format", "json", A4, "-p", "release=");
        assertEquals(Main.USAGE, json.code(), json.all());
        assertTrue(((String) error(json(json)).get("message")).contains("it is empty"), json.out());
    }

    @Test
    void aSubscriberListTakesDatabasesOnly() {
        MainTest.Result r = run("simulate", A4, "-p", "subscribers=sub1");
        assertEquals(Main.USAGE, r.code(), r.all());
        assertTrue(r.err().contains("\"sub1\" is not a database"), r.err());
    }

    @Test
    void clusterFileValuesFollowTheSameGrammars() throws IOException {
        Path cluster = dir.resolve("cluster.txt");
        Files.writeString(cluster, "# a release with shell syntax\nmaster2host.release = \"22.1$(id)\"\n", StandardCharsets.UTF_8);
        MainTest.Result r = run("simulate", A4, "--cluster", cluster.toString());
        assertEquals(Main.USAGE, r.code(), r.all());
        assertTrue(r.err().contains("cluster.txt:2: master2host.release = \"22.1$(id)\" is not allowed"), r.err());

        Files.writeString(cluster, "apps.target = master9\n", StandardCharsets.UTF_8);
        MainTest.Result target = run("simulate", "--format", "json", A4, "--cluster", cluster.toString());
        assertEquals(Main.USAGE, target.code(), target.all());
        assertTrue(((String) error(json(target)).get("message")).contains("no database \"master9\""), target.out());
    }

    @Test
    void aHostileDefaultIsRefusedBeforeARunStarts() {
        // check reads a default's names (E209); a run would refuse it too when binding it (InitialState)
        String file = resource("hostile-default.rbk");
        for (String command : List.of("check", "simulate", "plan", "explore")) {
            MainTest.Result r = run(command, file);
            assertEquals(Main.FINDINGS, r.code(), command + ": " + r.all());
            assertTrue(r.out().contains(Inputs.display(file) + ":7:28: error[E209]: \"h$(id)\" is not a host name"), command + ": " + r.out());
            assertFalse(r.out().contains("ttAdmin"), command + " ran something:\n" + r.out());
        }
    }

    @Test
    void everyUsageErrorOfAJsonFormatIsAJsonDocument() {
        for (String command : List.of("simulate", "plan", "explore")) {
            MainTest.Result r = run(command, "--format", "json", "no-such-runbook");
            assertEquals(Main.USAGE, r.code(), r.all());
            Map<String, Object> doc = json(r);
            assertEquals(false, doc.get("ok"), r.out());
            assertTrue(((String) error(doc).get("message")).startsWith("cannot read no-such-runbook"), r.out());
            MainTest.Result noEquals = run(command, "--format", "json", A4, "-p", "release");
            assertEquals(Main.USAGE, noEquals.code(), noEquals.all());
            assertTrue(((String) error(json(noEquals)).get("message")).startsWith("-p release: write NAME=VALUE"), noEquals.out());
        }
    }

    // ------------------------------------------------------------------ defect 4, the -p side: no password on the command line

    @Test
    void aPasswordInAParameterIsRefusedAndNeverShown() {
        for (String command : List.of("simulate", "plan", "explore")) {
            for (String format : List.of("text", "json")) {
                MainTest.Result r = run(command, "--format", format, A4, "-p", "admin=pat/patpwd");
                assertEquals(Main.USAGE, r.code(), command + " " + format + ": " + r.all());
                assertFalse(r.all().contains("patpwd"), command + " " + format + " echoed the password:\n" + r.all());
                assertTrue(r.err().contains("RUNBOOK_SECRET_ADMIN"), r.err());
                assertTrue(r.err().contains("--secrets"), r.err());
                if (format.equals("json")) assertTrue(((String) error(json(r)).get("hint")).contains("RUNBOOK_SECRET_ADMIN"), r.out());
                else assertEquals("", r.out());
            }
        }
        MainTest.Result dsnStyle = run("simulate", A4, "-p", "admin=UID=pat;PWD=hunter2");
        assertEquals(Main.USAGE, dsnStyle.code(), dsnStyle.all());
        assertFalse(dsnStyle.all().contains("hunter2"), dsnStyle.all());
        MainTest.Result user = run("plan", A4, "-p", "admin=pat");
        assertEquals(Main.OK, user.code(), user.all());
    }

    // ------------------------------------------------------------------ defect 8: assumptions are visible

    @Test
    void theTraceHeaderListsWhatWasAssumed() {
        MainTest.Result r = run("simulate", resource("no-require.rbk"));
        String out = r.out();
        assertTrue(out.contains("\nassumed (nothing given says so; a --cluster FILE line ID.FIELD = VALUE sets one):\n"), out);
        assertTrue(out.contains("\n  the starting point of an active standby pair: master1 ACTIVE, master2 STANDBY, the applications writing "
                + "to master1 (parameters active, standby; docs/model.md §6):\n    apps: target=master1\n"
                + "    master1: rep=up state=ACTIVE role=master scheme=pair\n"
                + "    master2: rep=up state=STANDBY role=master scheme=pair\n"), out);
        assertTrue(out.contains("\n  not known: no require line, --cluster line or default gives it:\n"), out);
        assertTrue(out.contains("\n    master1host: release=unset major=unset\n"), out);
        // the starting point is a real pair: stopping the standby and leaving it down is now found (I-27)
        assertEquals(Main.FINDINGS, r.code(), out);
        assertTrue(out.endsWith("I-27 violated: no replicated database is left IDLE, FAILED or without its replication agent\n"), out);
        assertTrue(out.indexOf("assumed (") < out.indexOf("\nstep 1 "), out);

        MainTest.Result plan = run("plan", resource("no-require.rbk"));
        assertTrue(plan.out().contains("    master1: rep=up state=ACTIVE role=master scheme=pair\n"), plan.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonDocumentsListWhatWasAssumed() {
        for (String command : List.of("simulate", "plan", "explore")) {
            MainTest.Result r = run(command, "--format", "json", resource("no-require.rbk"));
            List<Object> assumptions = (List<Object>) json(r).get("assumptions");
            assertNotNull(assumptions, command + ": " + r.out());
            Map<String, Object> state = null;
            for (Object o : assumptions) if (((Map<String, Object>) o).get("path").equals("master1.state")) state = (Map<String, Object>) o;
            assertNotNull(state, command + ": " + assumptions);
            assertEquals("ACTIVE", state.get("value"));
            assertTrue(((String) state.get("why")).startsWith("the starting point of an active standby pair"), state.toString());
        }
    }

    @Test
    void anOnlineRunbookNamesItsTargetAndAPairStartsWithTheApplicationsOnTheActive() throws IOException {
        // online without a target is an error at check (E406): nothing is assumed for it
        MainTest.Result r = run("simulate", resource("online-no-target.rbk"));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("error[E406]"), r.out());
        // the same pair, not online: its documented starting point has the applications on the active, shown
        Path rbk = dir.resolve("pair-no-target.rbk");
        Files.writeString(rbk, Files.readString(Path.of(resource("online-no-target.rbk"))).replace("  online outage 5m\n", ""),
                StandardCharsets.UTF_8);
        MainTest.Result pair = run("simulate", rbk.toString());
        assertTrue(pair.out().contains(", the applications writing to master1 (parameters active, standby; docs/model.md §6):\n"
                + "    apps: target=master1\n"), pair.out());
    }

    @Test
    void whatARequireGivesIsNotAnAssumption() {
        MainTest.Result r = run("simulate", "asp-major-online-nocg");
        assertEquals(Main.OK, r.code(), r.all());
        String header = r.out().substring(0, r.out().indexOf("\nstep 1 "));
        // the standard runbook is run by its id so that the file is shown as <builtin>/runbooks/...
        assertFalse(header.contains("state=ACTIVE"), header);
        assertFalse(header.contains("target="), header);
        assertTrue(header.contains("\n  chosen to satisfy `require active.port > 0` (<builtin>/runbooks/asp-major-online-nocg.rbk:12:11):\n"), header);
        assertTrue(header.contains("    master1: port=30000\n"), header);
        // defect 8: no credential is assumed an ADMIN user everywhere; the require line gives pat ADMIN on both masters
        // (only subscriber1, which the require does not name, is assumed to have no ADMIN user)
        assertFalse(header.contains("\n    pat:"), header);
        assertEquals(1, header.split(" admins=\\[\\]", -1).length - 1, header);
    }

    // ------------------------------------------------------------------ defect 9: a require the defaults miss

    @Test
    void aRequireTheDefaultsMissIsMadeTrueAndShown() {
        MainTest.Result r = run("simulate", resource("require-not-default.rbk"));
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("\n  chosen to satisfy `require standby.cacheAdmin != \"\"` ("
                + Inputs.display(resource("require-not-default.rbk")) + ":3:11):\n    master2: cacheAdmin=cacheadmin\n"), r.out());
        MainTest.Result plan = run("plan", "--format", "json", resource("require-not-default.rbk"));
        assertEquals(Main.OK, plan.code(), plan.all());
    }

    @Test
    void aRequireThatCannotBeMadeTrueSaysWhatIsMissing() {
        String file = resource("require-unsatisfiable.rbk");
        MainTest.Result r = run("simulate", file);
        assertEquals(Main.USAGE, r.code(), r.all());
        assertEquals("runbook: the starting state does not satisfy `require from != release` (" + Inputs.display(file) + ":3:11) "
                + "(parameter from is \"22.1\", parameter release is \"22.1\")\n"
                + "  hint: give the facts the condition needs: -p from=VALUE, or -p release=VALUE\n", r.err());
        for (String command : List.of("simulate", "plan", "explore")) {
            MainTest.Result json = run(command, "--format", "json", file);
            assertEquals(Main.USAGE, json.code(), json.all());
            assertTrue(((String) error(json(json)).get("message")).startsWith("the starting state does not satisfy"), json.out());
        }
        assertEquals(Main.OK, run("simulate", file, "-p", "from=18.1").code());
    }

    @Test
    void aMissingFactNamesTheClusterLineThatGivesIt() throws IOException {
        Path rbk = dir.resolve("needs-a-file.rbk");
        Files.writeString(rbk, """
                runbook needs-a-file "A require on two fields"
                  source "test" section "defect 9"
                  require standby.migrateFile == active.migrateFile and standby.migrateFile != ""

                use timesten

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1 "Start the standby's agent":
                  on standby.host: repStart standby
                """, StandardCharsets.UTF_8);
        MainTest.Result r = run("simulate", rbk.toString());
        assertEquals(Main.USAGE, r.code(), r.all());
        assertTrue(r.err().contains("`standby.migrateFile == active.migrateFile` is false (master2.migrateFile is \"migratefile\", "
                + "master1.migrateFile is \"\")"), r.err());
        assertTrue(r.err().contains("  hint: give the facts the condition needs: a --cluster FILE with the lines `master2.migrateFile = VALUE`, "
                + "`master1.migrateFile = VALUE`"), r.err());
    }
}
