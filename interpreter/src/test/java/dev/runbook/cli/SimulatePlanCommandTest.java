package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.StandardRunbooks;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runbook simulate} and {@code runbook plan}, in-process: exit codes, messages, quoting, secrets. */
class SimulatePlanCommandTest {

    static final Path ROOT = TraceGoldenTest.ROOT;
    static final String A4 = ROOT.resolve("runbooks/asp-major-online-nocg.rbk").toString();
    static final String ANNOUNCE = ROOT.resolve("interpreter/src/test/resources/plan/announce.rbk").toString();

    /** Two masters ACTIVE after step 2: I-01. */
    static final String SPLIT_BRAIN = """
            runbook split-brain "Activate the standby without deactivating the active"
              source "test" section "I-01"
              require state active == ACTIVE and state standby == STANDBY

            use timesten

            param active = master1 on "master1host"
            param standby = master2 on "master2host"

            step 1 "Stop the active's agent":
              on active.host: repStop active

            step 2 "Make the standby active":
              on standby: setActive standby
            """;

    private final List<MainTest.Result> results = new ArrayList<>();

    @TempDir
    Path dir;

    MainTest.Result run(String... args) {
        return MainTest.runIn(results, args);
    }

    @AfterEach
    void noStackTraces() {
        for (MainTest.Result r : results) {
            assertFalse(r.all().contains("Exception"), "a stack trace or exception name reached the user:\n" + r.all());
            assertFalse(r.all().contains("at dev.runbook"), "a stack trace reached the user:\n" + r.all());
        }
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void thePlanKeepsTheOrderOfAStepThatRunsASharedPartMidStep() throws IOException {
        Files.createDirectories(dir.resolve("common"));
        write("common/inner.rbk", """
                runbook inner "Restart an agent"
                  require db.rep == up

                use timesten

                param db: database

                step 1 "Restart it":
                  on db.host:
                    repStop db
                    repStart db
                """);
        Path mid = write("mid.rbk", """
                runbook mid "A shared part run between two commands of a step"
                  require state active == ACTIVE and state standby == STANDBY
                  require role of [active, standby] == master

                use timesten
                use common.inner

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1 "Stop the active, restart the standby, start the active":
                  on active.host: repStop active
                  run inner(db = standby)
                  on active.host: repStart active
                """);
        MainTest.Result r = run("plan", mid.toString());
        String out = r.out();
        int stop = out.indexOf("ttAdmin -repStop master1");
        int inner = out.indexOf("ttAdmin -repStop master2");
        int start = out.indexOf("ttAdmin -repStart master1");
        assertTrue(stop >= 0 && stop < inner && inner < start, "the plan lists the commands in the order a run sends them:\n" + out);
        assertTrue(out.contains("step 1  (continued)"), out);
    }

    // ------------------------------------------------------------------ simulate: exit codes

    @Test
    void aCleanRunExitsZero() {
        MainTest.Result r = run("simulate", A4);
        assertEquals(Main.OK, r.code(), r.all());
        assertEquals("", r.err());
        assertTrue(r.out().contains("\nstep 7  Restart the standby and let it catch up "), r.out());
        assertTrue(r.out().contains("  master2host$ ttAdmin -repStart master2\n"), r.out());
        assertTrue(r.out().contains("  master2.rep: down -> up\n"), r.out());
        assertTrue(r.out().contains("  waited 23m30s for state standby == STANDBY\n"), r.out());
        assertTrue(r.out().contains("  operator: Pause every application"), r.out());
    }

    @Test
    void aStandardRunbookByItsId() {
        MainTest.Result r = run("simulate", "asp-major-online-nocg");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("simulated from <builtin>/runbooks/asp-major-online-nocg.rbk"), r.out());
        MainTest.Result plan = run("plan", "asp-patch-active-role-reversal");
        assertEquals(Main.OK, plan.code(), plan.all());
    }

    @Test
    void aViolationExitsOneWithTheRuleAndTheChangedLines() throws IOException {
        Path bad = write("split-brain.rbk", SPLIT_BRAIN);
        MainTest.Result r = run("simulate", bad.toString());
        assertEquals(Main.FINDINGS, r.code(), r.all());
        assertTrue(r.out().contains("\nstep 2 (" + bad + ":13:1): I-01 violated: never two ACTIVE masters\n"), r.out());
        assertTrue(r.out().contains("\n  - database master2: state=STANDBY\n  + database master2: state=ACTIVE\n"), r.out());
        assertTrue(r.out().endsWith("FAILED at step 2 (" + bad + ":13:1): I-01 violated: never two ACTIVE masters\n"), r.out());
        assertFalse(r.out().contains("replay:"), "no faults, nothing to replay: " + r.out());

        MainTest.Result plan = run("plan", bad.toString());
        assertEquals(Main.FINDINGS, plan.code(), plan.all());
        assertTrue(plan.out().contains("master2host$ ttIsql -connStr DSN=master2 -e "), plan.out());
        assertTrue(plan.out().contains("I-01 violated"), plan.out());
    }

    @Test
    void checkErrorsAreShownAndNothingIsSimulated() throws IOException {
        Path bad = write("bad.rbk", MainTest.BAD);
        MainTest.Result r = run("simulate", bad.toString());
        assertEquals(Main.FINDINGS, r.code(), r.all());
        assertTrue(r.out().contains(":10:6: error[E100]: unknown name `standbyy`"), r.out());
        assertTrue(r.out().endsWith("1 error, 1 warning: nothing was simulated\n"), r.out());

        MainTest.Result json = run("simulate", "--format", "json", bad.toString());
        assertEquals(Main.FINDINGS, json.code(), json.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(json.out());
        assertEquals(Boolean.FALSE, doc.get("ok"));
        assertEquals(List.of(), doc.get("events"));
        assertEquals(2, ((List<?>) doc.get("diagnostics")).size());

        MainTest.Result plan = run("plan", bad.toString());
        assertEquals(Main.FINDINGS, plan.code(), plan.all());
        assertTrue(plan.out().endsWith("1 error, 1 warning: no plan\n"), plan.out());
    }

    @Test
    void aBadParameterExitsTwo() {
        MainTest.Result unknown = run("simulate", A4, "-p", "nope=1");
        assertEquals(Main.USAGE, unknown.code(), unknown.all());
        assertTrue(unknown.err().startsWith("runbook: the runbook has no parameter `nope` (-p nope=...)\n"
                + "  hint: its parameters are active, standby, subscribers, admin, from, release, backup\n"), unknown.err());
        assertEquals("", unknown.out());

        MainTest.Result noEquals = run("simulate", A4, "-p", "release");
        assertEquals(Main.USAGE, noEquals.code(), noEquals.all());
        assertTrue(noEquals.err().startsWith("runbook: -p release: write NAME=VALUE\n"), noEquals.err());

        MainTest.Result database = run("plan", A4, "-p", "standby=master2");
        assertEquals(Main.USAGE, database.code(), database.all());
        assertTrue(database.err().contains("write a database as NAME@HOST"), database.err());

        MainTest.Result twice = run("plan", A4, "-p", "release=22.1", "-p", "release=23.1");
        assertEquals(Main.USAGE, twice.code(), twice.all());
        assertTrue(twice.err().contains("-p release is given twice"), twice.err());
    }

    @Test
    void aParameterChangesTheRun() {
        MainTest.Result r = run("simulate", A4, "-p", "standby=m2@h2", "-p", "subscribers=s1@h3,s2@h4");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("  h2$ ttAdmin -repStop m2\n"), r.out());
        assertTrue(r.out().contains("  h4$ ttAdmin -repStart s2\n"), r.out());
    }

    @Test
    void aBadFaultExitsTwo() {
        MainTest.Result syntax = run("simulate", A4, "--fault", "explode master1host");
        assertEquals(Main.USAGE, syntax.code(), syntax.all());
        assertTrue(syntax.err().startsWith("runbook: --fault 'explode master1host': `explode master1host` is not a fault: write crash HOST"),
                syntax.err());

        MainTest.Result host = run("simulate", A4, "--fault", "crash nohost after step 7");
        assertEquals(Main.USAGE, host.code(), host.all());
        assertTrue(host.err().contains("no host `nohost`"), host.err());
        assertTrue(host.err().contains("master1host, master2host, subscriber1host"), host.err());

        MainTest.Result step = run("simulate", A4, "--fault", "crash master1host after step 99");
        assertEquals(Main.USAGE, step.code(), step.all());
        assertTrue(step.err().contains("has no step 99"), step.err());
    }

    @Test
    void anInjectedFaultFailsTheRunAndSaysHowToReplayIt() {
        MainTest.Result r = run("simulate", A4, "--fault", "fail step 11");
        assertEquals(Main.FINDINGS, r.code(), r.all());
        assertTrue(r.out().contains("fault: fail step 11\n"), r.out());
        assertTrue(r.out().contains("setActive failed\n  the command failed on master2host (injected fault)\n"), r.out());
        assertTrue(r.out().contains("  replay: runbook simulate " + A4 + " --fault 'fail step 11'\n"), r.out());
    }

    @Test
    void aFaultThatNeverFiresIsNoted() {
        MainTest.Result r = run("simulate", ROOT.resolve("runbooks/asp-patch-active-role-reversal.rbk").toString(), "--fault", "timeout step 7");
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("note: the fault `timeout step 7` never fired: step 7 has no wait"), r.out());
    }

    @Test
    void aStepFaultReachesIntoTheSubRunbookTheStepRuns() {
        MainTest.Result r = run("simulate", ROOT.resolve("runbooks/asp-patch-active-role-reversal.rbk").toString(), "--fault", "fail step 1-6");
        assertEquals(Main.FINDINGS, r.code(), r.all());
        assertTrue(r.out().contains("FAILED at step 1-6/1"), r.out());
    }

    @Test
    void anUnknownIdOrAMissingFileExitsTwoAndNamesTheStandardRunbooks() {
        MainTest.Result id = run("simulate", "asp-major-onlin");
        assertEquals(Main.USAGE, id.code(), id.all());
        assertTrue(id.err().startsWith("runbook: cannot read asp-major-onlin: no such file, and no standard runbook of that id\n"), id.err());
        assertTrue(id.err().contains("asp-major-online-nocg") && id.err().contains("asp-patch-active-role-reversal"), id.err());
        assertEquals("", id.out());

        MainTest.Result file = run("plan", dir.resolve("nope.rbk").toString());
        assertEquals(Main.USAGE, file.code(), file.all());
        assertTrue(file.err().contains("no such file"), file.err());

        MainTest.Result directory = run("simulate", dir.toString());
        assertEquals(Main.USAGE, directory.code(), directory.all());
        assertTrue(directory.err().contains("it is a directory"), directory.err());
    }

    @Test
    void theStandardRunbooksAreListedFromTheLibrary() {
        List<String> ids = StandardRunbooks.ids();
        assertTrue(ids.contains("asp-major-online-nocg"), ids.toString());
        assertTrue(ids.contains("asp-patch-active-role-reversal"), ids.toString());
        assertFalse(ids.contains("role-reversal"), "common/ holds parts, not procedures: " + ids);
        assertTrue(StandardRunbooks.find("common/role-reversal").isPresent());
        assertFalse(StandardRunbooks.find("../pom").isPresent());
    }

    @Test
    void badUsageExitsTwo() {
        MainTest.Result seed = run("simulate", A4, "--seed", "x");
        assertEquals(Main.USAGE, seed.code(), seed.all());
        assertTrue(seed.err().contains("Try 'runbook simulate --help'"), seed.err());

        MainTest.Result none = run("plan");
        assertEquals(Main.USAGE, none.code(), none.all());
        assertTrue(none.err().contains("FILE|ID"), none.err());

        MainTest.Result format = run("plan", "--format", "xml", A4);
        assertEquals(Main.USAGE, format.code(), format.all());

        MainTest.Result cluster = run("simulate", A4, "--cluster", dir.resolve("nope.cluster").toString());
        assertEquals(Main.USAGE, cluster.code(), cluster.all());
        assertTrue(cluster.err().contains("cannot read the cluster file"), cluster.err());

        MainTest.Result step = run("simulate", A4, "--from-step", "99");
        assertEquals(Main.USAGE, step.code(), step.all());
        assertTrue(step.err().contains("there is no step 99"), step.err());
    }

    @Test
    void fromStepStartsAHalfDoneProcedureFromAClusterFile() throws IOException {
        Path cluster = write("after-role-reversal.cluster", """
                # A2 after the role reversal of its steps 1-6
                master1.state = IDLE
                master1.rep = down
                master2.state = ACTIVE
                apps.target = master2
                """);
        MainTest.Result r = run("simulate", "asp-patch-active-role-reversal", "--from-step", "7", "--cluster", cluster.toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("starting at step 7: the steps before it are taken as done\n"), r.out());
        assertFalse(r.out().contains("\nstep 1-6 "), r.out());
        assertTrue(r.out().contains("\nstep 7  Upgrade the instance of the former active"), r.out());
    }

    @Test
    void help() {
        for (String command : List.of("simulate", "plan")) {
            MainTest.Result r = run(command, "--help");
            assertEquals(Main.OK, r.code(), r.all());
            assertTrue(r.out().contains("Usage: runbook " + command), r.out());
            assertTrue(r.out().contains("FILE|ID"), r.out());
            assertTrue(r.out().contains("-p, --param=NAME=VALUE"), r.out());
            assertTrue(r.out().contains("Exit codes:"), r.out());
            assertEquals("", r.err(), "picocli formats every description");
        }
        MainTest.Result simulate = run("simulate", "--help");
        for (String option : List.of("--cluster", "--from-step", "--fault", "--seed", "--format", "--lib")) {
            assertTrue(simulate.out().contains(option), option + " in " + simulate.out());
        }
        MainTest.Result top = run("--help");
        assertTrue(top.out().contains("simulate") && top.out().contains("plan"), top.out());
    }

    @Test
    void rawCommandsAreMarkedUnverified() throws IOException {
        Path raw = write("raw.rbk", """
                runbook raw "Raw commands"
                  source "test" section "raw"

                use timesten

                param db = master1 on "master1host"

                step 1 "Checkpoint by hand":
                  on db.host: sh "ttCkpt ${db.name}"
                """);
        MainTest.Result r = run("simulate", raw.toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("  master1host$ ttCkpt master1\n  unverified: the model cannot follow this command"), r.out());
        assertTrue(r.out().contains("\nunverified after step 1: `ttCkpt master1` on master1host is not in the model"), r.out());
        assertTrue(r.out().endsWith("ok: every step ran, every invariant held, every expect was met (1 command unverified)\n"), r.out());
    }

    @Test
    void libDirectoriesAreSearchedForModules() throws IOException {
        Path alone = write("announce.rbk", Files.readString(Path.of(ANNOUNCE), StandardCharsets.UTF_8));
        MainTest.Result without = run("plan", alone.toString());
        assertEquals(Main.FINDINGS, without.code(), without.all());
        assertTrue(without.out().contains("error[E102]: no module or runbook `notify`"), without.out());
        MainTest.Result with = run("plan", alone.toString(), "--lib", Path.of(ANNOUNCE).getParent().toString());
        assertEquals(Main.OK, with.code(), with.all());
        MainTest.Result badLib = run("simulate", alone.toString(), "--lib", dir.resolve("nope").toString());
        assertEquals(Main.USAGE, badLib.code(), badLib.all());
        assertTrue(badLib.err().contains("no such directory"), badLib.err());
    }

    // ------------------------------------------------------------------ plan: quoting and secrets

    @Test
    void planQuotesInterpolatedValuesForTheRemoteShell() {
        Map<String, String> expected = Map.of(
                "maintenance tonight", "'maintenance tonight'",
                "it's late", "'it'\\''s late'",
                "$(rm -rf /)", "'$(rm -rf /)'",
                "a; reboot", "'a; reboot'",
                "`id` && echo \"x\" | tee /etc/passwd", "'`id` && echo \"x\" | tee /etc/passwd'",
                "plain-word_1.2", "plain-word_1.2",
                "", "''");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            MainTest.Result r = run("plan", ANNOUNCE, "-p", "text=" + e.getKey());
            assertEquals(Main.OK, r.code(), r.all());
            String line = "  master1host$ notify-ops --db master1 --text " + e.getValue() + " --user opsbot --password '********'\n";
            assertTrue(r.out().contains("\nstep 1  Announce the window\n" + line), "for " + e.getKey() + ":\n" + r.out());
            assertTrue(r.out().endsWith("\n1 command on 1 host, 0 manual actions, 0 waits\n"), r.out());
        }
    }

    @Test
    void planJsonHasStepsAndCommands() {
        MainTest.Result r = run("plan", "--format", "json", ANNOUNCE, "-p", "text=it's $(date)");
        assertEquals(Main.OK, r.code(), r.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals("runbook.plan/v1", doc.get("schema"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) doc.get("steps");
        assertEquals(1, steps.size());
        assertEquals("1", steps.get(0).get("label"));
        @SuppressWarnings("unchecked")
        Map<String, Object> command = ((List<Map<String, Object>>) steps.get(0).get("commands")).get(0);
        assertEquals("master1host", command.get("host"));
        assertEquals("run", command.get("kind"));
        assertEquals("notify-ops --db master1 --text 'it'\\''s $(date)' --user opsbot --password '********'", command.get("command"));
        assertEquals(null, doc.get("failure"));
    }

    /**
     * With the password in the environment (as a real run gets it), neither the plan nor the trace
     * shows it: a separate JVM, because a test cannot set its own environment.
     */
    @Test
    void aCredentialsPasswordNeverAppears() throws Exception {
        String secret = "hunter2-s3cret";
        for (List<String> args : List.of(
                List.of("plan", ANNOUNCE),
                List.of("plan", "--format", "json", ANNOUNCE),
                List.of("simulate", ANNOUNCE),
                List.of("simulate", "--format", "json", ANNOUNCE),
                List.of("simulate", A4, "-p", "admin=pat"),
                List.of("plan", A4))) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("RUNBOOK_SECRET_OPS", secret);
            pb.environment().put("RUNBOOK_SECRET_ADMIN", secret);
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            File out = dir.resolve("out.txt").toFile();
            pb.redirectOutput(out);
            Process p = pb.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + args);
            String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), args + ":\n" + text);
            assertFalse(text.contains(secret), "the password reached the output of " + args + ":\n" + text);
            assertTrue(text.contains("********"), args + ":\n" + text);
        }
    }
}
