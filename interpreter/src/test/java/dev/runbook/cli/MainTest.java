package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process through {@link Main#run}: exit codes, output, files. */
class MainTest {

    static final String CLEAN = """
            runbook stop-standby "Stop the standby"
              source "000_5f4c3cf0c30dadb1.txt" section "Online Major Upgrade"

            use timesten

            param standby = master2 on "master2host"

            step 1 "Stop the standby's replication agent":
              on standby.host: repStop standby
            """;

    /** Line 10, column 6: `standbyy`; line 6: an unused parameter (a warning). */
    static final String BAD = """
            runbook stop-standby "Stop the standby"
              source "000_5f4c3cf0c30dadb1.txt" section "Online Major Upgrade"

            use timesten

            param active = master1 on "master1host"
            param standby = master2 on "master2host"

            step 1 "Stop the standby's replication agent":
              on standbyy.host: repStop standby
            """;

    static final String JAPANESE = """
            runbook stop-standby "スタンバイを停止する"
              source "000_5f4c3cf0c30dadb1.txt" section "Online Major Upgrade"

            use timesten

            param standby = master2 on "master2host"

            step 1 "スタンバイの複製を停止":
              manual "${standbyy} のレプリケーションエージェントを停止してください"
              on standby.host: repStop standby
            """;

    static final String SYNTAX_ERROR = """
            runbook broken "A step without its colon"

            use timesten

            param standby = master2 on "master2host"

            step 1 "Stop"
              on standby.host: repStop standby
            """;

    static final String UNFORMATTED = """
            runbook stop-standby   "Stop the standby"
              source "000_5f4c3cf0c30dadb1.txt" section "Online Major Upgrade"
            use timesten
            param standby   =   master2    on   "master2host"
            step 1 "Stop the standby's replication agent":
                on standby.host : repStop standby
            """;

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final List<Result> results = new ArrayList<>();

    @TempDir
    Path dir;

    static Result runIn(List<Result> log, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        log.add(r);
        return r;
    }

    Result run(String... args) {
        return runIn(results, args);
    }

    /** No output of any test here may show a stack trace: none of them passes --debug. */
    @AfterEach
    void noStackTraces() {
        assertNoStackTraces(results);
    }

    /** No stack trace, not even an exception's name, in what these runs printed. */
    static void assertNoStackTraces(List<Result> results) {
        for (Result r : results) {
            assertFalse(r.all().contains("Exception"), "a stack trace or exception name reached the user:\n" + r.all());
            assertFalse(r.all().contains("at dev.runbook"), "a stack trace reached the user:\n" + r.all());
            assertFalse(r.all().contains("at picocli"), "a stack trace reached the user:\n" + r.all());
        }
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    // ------------------------------------------------------------ check: exit codes

    @Test
    void aCleanFileExitsZero() throws IOException {
        Result r = run("check", write("clean.rbk", CLEAN).toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertEquals("1 file checked: 0 errors, 0 warnings\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void warningsAloneExitZero() throws IOException {
        String warningOnly = CLEAN.replace("param standby", "param active = master1 on \"master1host\"\nparam standby");
        Result r = run("check", write("warn.rbk", warningOnly).toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.out().contains("warning[W100]"), r.out());
        assertTrue(r.out().endsWith("1 file checked: 0 errors, 1 warning\n"), r.out());
    }

    @Test
    void anErrorExitsOneWithRenderedDiagnosticsAndASummary() throws IOException {
        Path bad = write("bad.rbk", BAD);
        Result r = run("check", bad.toString(), write("clean.rbk", CLEAN).toString());
        assertEquals(Main.FINDINGS, r.code(), r.all());
        assertTrue(r.out().contains(bad + ":10:6: error[E100]: unknown name `standbyy`"), r.out());
        assertTrue(r.out().contains("   = hint: did you mean `standby`?"), r.out());
        assertTrue(r.out().contains(bad + ":6:7: warning[W100]"), r.out());
        assertTrue(r.out().indexOf(":6:7:") < r.out().indexOf(":10:6:"), "sorted by place: " + r.out());
        assertTrue(r.out().endsWith("2 files checked: 1 error, 1 warning\n"), r.out());
    }

    @Test
    void aMissingFileExitsTwoAndSaysWhatToDo() throws IOException {
        Path missing = dir.resolve("nope.rbk");
        Result r = run("check", missing.toString(), write("clean.rbk", CLEAN).toString());
        assertEquals(Main.USAGE, r.code(), r.all());
        assertTrue(r.err().contains("runbook: cannot read " + missing + ": no such file"), r.err());
        assertTrue(r.err().contains("hint: check the path"), r.err());
        assertTrue(r.out().contains("1 file checked: 0 errors, 0 warnings; 1 file could not be read"), r.out());
    }

    @Test
    void aDirectoryOrNonUtf8FileExitsTwo() throws IOException {
        Result d = run("check", dir.toString());
        assertEquals(Main.USAGE, d.code(), d.all());
        assertTrue(d.err().contains("it is a directory"), d.err());

        Path latin1 = dir.resolve("latin1.rbk");
        Files.write(latin1, "runbook x \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
        Result l = run("check", latin1.toString());
        assertEquals(Main.USAGE, l.code(), l.all());
        assertTrue(l.err().contains("runbook: cannot read " + latin1 + ": it is not UTF-8 text"), l.err());
        assertTrue(l.err().contains("save it as UTF-8"), l.err());
    }

    @Test
    void badUsageExitsTwoWithAShortHint() {
        Result unknown = run("check", "--frobnicate", "x.rbk");
        assertEquals(Main.USAGE, unknown.code(), unknown.all());
        assertTrue(unknown.err().contains("Unknown option: '--frobnicate'"), unknown.err());
        assertTrue(unknown.err().contains("Try 'runbook check --help'"), unknown.err());
        assertTrue(unknown.err().lines().count() <= 3, "a short hint, not the whole usage: " + unknown.err());
        assertEquals("", unknown.out());

        Result noFiles = run("check");
        assertEquals(Main.USAGE, noFiles.code(), noFiles.all());
        assertTrue(noFiles.err().contains("FILE"), noFiles.err());

        Result badFormat = run("check", "--format", "xml", "x.rbk");
        assertEquals(Main.USAGE, badFormat.code(), badFormat.all());

        Result command = run("chek", "x.rbk");
        assertEquals(Main.USAGE, command.code(), command.all());
        assertTrue(command.err().contains("unknown command 'chek'"), command.err());
        assertTrue(command.err().contains("runbook check"), "suggests the right command: " + command.err());

        Result nothing = run();
        assertEquals(Main.USAGE, nothing.code(), nothing.all());
        assertTrue(nothing.err().contains("Usage: runbook"), nothing.err());

        Result lib = run("check", "--lib", dir.resolve("no-such-dir").toString(), "x.rbk");
        assertEquals(Main.USAGE, lib.code(), lib.all());
        assertTrue(lib.err().contains("no such directory"), lib.err());
    }

    @Test
    void helpAndVersion() {
        for (String[] args : new String[][] {{"--help"}, {"check", "--help"}, {"fmt", "--help"}, {"help", "check"}, {"check", "-h"}}) {
            Result r = run(args);
            assertEquals(Main.OK, r.code(), r.all());
            assertTrue(r.out().contains("Usage: runbook"), r.out());
            assertTrue(r.out().contains("Exit codes:"), r.out());
        }
        Result v = run("--version");
        assertEquals(Main.OK, v.code(), v.all());
        assertTrue(v.out().matches("runbook \\S+\n"), v.out());
        Result sub = run("check", "--version");
        assertEquals(Main.OK, sub.code(), sub.all());
        assertEquals(v.out(), sub.out());
    }

    @Test
    void internalErrorsShowNoStackTraceUnlessDebug() {
        StringWriter quiet = new StringWriter();
        int code = Main.internalError(new IllegalStateException("boom"), new PrintWriter(quiet, true), false);
        assertEquals(Main.USAGE, code);
        assertTrue(quiet.toString().startsWith("runbook: internal error: boom\n"), quiet.toString());
        assertTrue(quiet.toString().contains("--debug"), quiet.toString());
        assertFalse(quiet.toString().contains("Exception"), quiet.toString());
        assertFalse(quiet.toString().contains("at dev.runbook"), quiet.toString());

        StringWriter loud = new StringWriter();
        Main.internalError(new IllegalStateException("boom"), new PrintWriter(loud, true), true);
        assertTrue(loud.toString().contains("at dev.runbook.cli.MainTest"), loud.toString());
    }

    @Test
    void debugIsRecognisedAnywhereBeforeDoubleDash() {
        assertTrue(Main.hasDebugFlag(new String[] {"check", "--debug", "x.rbk"}));
        assertTrue(Main.hasDebugFlag(new String[] {"--debug", "check", "x.rbk"}));
        assertFalse(Main.hasDebugFlag(new String[] {"check", "--", "--debug"}));
        Result r = run("--debug", "check", write0("clean.rbk", CLEAN));
        assertEquals(Main.OK, r.code(), r.all());
        assertEquals(null, System.getProperty("runbook.debug"), "--debug does not leak out of run()");
    }

    private String write0(String name, String text) {
        try {
            return write(name, text).toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------ check --format json

    @Test
    void jsonIsOneValidDocumentWithCodesAndPlaces() throws IOException {
        Path bad = write("bad.rbk", BAD);
        Path missing = dir.resolve("missing.rbk");
        Result r = run("check", "--format", "json", bad.toString(), write("clean.rbk", CLEAN).toString());
        assertEquals(Main.FINDINGS, r.code(), r.all());
        Map<?, ?> doc = (Map<?, ?>) MiniJson.parse(r.out());
        assertEquals("runbook.check/v1", doc.get("schema"));
        List<?> files = (List<?>) doc.get("files");
        assertEquals(2, files.size());
        Map<?, ?> first = (Map<?, ?>) files.get(0);
        assertEquals(bad.toString(), first.get("path"));
        List<?> diagnostics = (List<?>) first.get("diagnostics");
        Map<?, ?> e100 = diagnostics.stream().map(d -> (Map<?, ?>) d).filter(d -> "E100".equals(d.get("code"))).findFirst().orElseThrow();
        assertEquals("error", e100.get("severity"));
        assertEquals("unknown name `standbyy`", e100.get("message"));
        assertEquals("did you mean `standby`?", e100.get("hint"));
        assertEquals(10L, e100.get("line"));
        assertEquals(6L, e100.get("column"));
        assertEquals(10L, e100.get("endLine"));
        assertEquals(14L, e100.get("endColumn"));
        assertEquals(bad.toString(), e100.get("file"));
        assertTrue(diagnostics.stream().anyMatch(d -> "W100".equals(((Map<?, ?>) d).get("code"))));
        assertEquals(List.of(), ((Map<?, ?>) files.get(1)).get("diagnostics"));
        assertEquals(Map.of("files", 2L, "errors", 1L, "warnings", 1L), doc.get("summary"));

        Result m = run("check", "--format", "json", missing.toString());
        assertEquals(Main.USAGE, m.code(), m.all());
        Map<?, ?> mdoc = (Map<?, ?>) MiniJson.parse(m.out());
        Map<?, ?> e008 = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) mdoc.get("files")).get(0)).get("diagnostics")).get(0);
        assertEquals("E008", e008.get("code"));
        assertTrue(e008.containsKey("line") && e008.get("line") == null, "no place in the file: " + e008);
        assertTrue(m.err().contains("cannot read"), "the reason also goes to stderr: " + m.err());
    }

    @Test
    void jsonCarriesJapaneseAndClean() throws IOException {
        Result r = run("check", "--format", "json", write("ja.rbk", JAPANESE).toString(), write("clean.rbk", CLEAN).toString());
        Map<?, ?> doc = (Map<?, ?>) MiniJson.parse(r.out());
        assertEquals(Map.of("files", 2L, "errors", 1L, "warnings", 0L), doc.get("summary"));
    }

    // ------------------------------------------------------------ check --verbose, --lib

    @Test
    void verboseNamesWhereEachUseCameFrom() throws IOException {
        Result r = run("check", "--verbose", write("clean.rbk", CLEAN).toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(r.err().contains("clean.rbk: use timesten -> built-in stdlib/timesten.rbk"), r.err());
        assertFalse(r.out().contains("use timesten"), "tracing stays off stdout: " + r.out());
    }

    @Test
    void libDirectoriesAreSearchedAndNamedByVerbose() throws IOException {
        Path lib = dir.resolve("lib");
        write("lib/site.rbk", """
                module site "Procedures of our own"

                use timesten

                builtin ttCkpt(mb: number):
                  doc "Checkpoint the connected database."
                """);
        Path user = write("work/user.rbk", CLEAN.replace("use timesten\n", "use timesten\nuse site\n")
                .replace("on standby.host: repStop standby", "on standby.host: repStop standby\n  on standby: call ttCkpt(20)"));
        Result without = run("check", user.toString());
        assertEquals(Main.FINDINGS, without.code(), without.all());
        assertTrue(without.out().contains("error[E102]"), without.out());

        Result with = run("check", "--verbose", "--lib", lib.toString(), user.toString());
        assertEquals(Main.OK, with.code(), with.all());
        assertTrue(with.err().contains("use site -> " + lib.resolve("site.rbk")), with.err());
    }

    // ------------------------------------------------------------ UTF-8 whatever the locale

    @Test
    void japaneseInADiagnosticPrintsAsUtf8() throws IOException {
        Path ja = write("ja.rbk", JAPANESE);
        Result r = run("check", ja.toString());
        assertEquals(Main.FINDINGS, r.code(), r.all());
        assertTrue(r.out().contains("9 |   manual \"${standbyy} のレプリケーションエージェントを停止してください\""), r.out());
        assertTrue(r.out().contains("error[E100]: unknown name `standbyy`"), r.out());

        // even over a stream whose own charset cannot encode Japanese, run() writes UTF-8 bytes
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        PrintStream ascii = new PrintStream(raw, true, StandardCharsets.US_ASCII);
        Main.run(new String[] {"check", ja.toString()}, ascii, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.US_ASCII));
        assertTrue(raw.toString(StandardCharsets.UTF_8).contains("のレプリケーションエージェント"), raw.toString(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------ paths

    @Test
    void pathsUnderTheCurrentDirectoryPrintRelative() {
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(Path.of("a", "b.rbk").toString(), Inputs.display(cwd.resolve("a/b.rbk").toString()));
        assertEquals("b.rbk", Inputs.display("./a/../b.rbk"));
        assertEquals(dir.resolve("x.rbk").toString(), Inputs.display(dir.resolve("x.rbk").toString()));
        assertEquals("built-in stdlib/timesten.rbk", Inputs.displayWhere("built-in stdlib/timesten.rbk"));
        assertEquals(Path.of("lib", "site.rbk").toString(), Inputs.displayWhere(cwd.resolve("lib/site.rbk").toString()));
    }

    // ------------------------------------------------------------ fmt

    @Test
    void fmtCheckExitCodes() throws IOException {
        Path ugly = write("ugly.rbk", UNFORMATTED);
        Result r = run("fmt", "--check", ugly.toString());
        assertEquals(Main.FINDINGS, r.code(), r.all());
        assertTrue(r.out().contains("would reformat " + ugly), r.out());
        assertEquals(UNFORMATTED, Files.readString(ugly), "--check changes nothing");

        Result fixed = run("fmt", ugly.toString());
        assertEquals(Main.OK, fixed.code(), fixed.all());
        assertTrue(fixed.out().contains("reformatted " + ugly), fixed.out());

        Result clean = run("fmt", "--check", ugly.toString());
        assertEquals(Main.OK, clean.code(), clean.all());
        assertFalse(clean.out().contains("would reformat"), clean.out());

        Result missing = run("fmt", "--check", dir.resolve("nope.rbk").toString());
        assertEquals(Main.USAGE, missing.code(), missing.all());
        assertTrue(missing.err().contains("runbook: cannot read"), missing.err());
    }

    @Test
    void fmtRewritesOnlyWhatChangesAndTheResultIsStable() throws IOException {
        Path ugly = write("ugly.rbk", UNFORMATTED);
        Result first = run("fmt", ugly.toString());
        assertEquals(Main.OK, first.code(), first.all());
        String once = Files.readString(ugly);
        assertFalse(once.equals(UNFORMATTED));
        assertEquals(Main.OK, run("check", ugly.toString()).code(), "the formatted file still checks clean");

        Result second = run("fmt", ugly.toString());
        assertEquals(Main.OK, second.code(), second.all());
        assertFalse(second.out().contains("reformatted " + ugly), second.out());
        assertTrue(second.out().contains("0 files reformatted, 1 unchanged"), second.out());
        assertEquals(once, Files.readString(ugly), "formatting is stable");

        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(ugly), left.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void fmtLeavesAFileWithSyntaxErrorsUntouched() throws IOException {
        Path broken = write("broken.rbk", SYNTAX_ERROR);
        for (String[] args : new String[][] {{"fmt", broken.toString()}, {"fmt", "--check", broken.toString()}}) {
            Result r = run(args);
            assertEquals(Main.FINDINGS, r.code(), r.all());
            assertTrue(r.out().contains(broken + ":7:"), r.out());
            assertTrue(r.out().contains("error[E001]"), r.out());
            assertTrue(r.out().contains("1 file with syntax errors left untouched"), r.out());
            assertEquals(SYNTAX_ERROR, Files.readString(broken));
        }
    }

    @Test
    void fmtKeepsPermissionsAndWritesThroughSymlinks() throws IOException {
        Path ugly = write("real/ugly.rbk", UNFORMATTED);
        try {
            Files.setPosixFilePermissions(ugly, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system
        }
        Path link = Files.createSymbolicLink(dir.resolve("link.rbk"), ugly);
        Result r = run("fmt", link.toString());
        assertEquals(Main.OK, r.code(), r.all());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertFalse(Files.readString(ugly).equals(UNFORMATTED), "its target was rewritten");
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(ugly)));
    }
}
