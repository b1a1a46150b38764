package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden traces: {@code runbook simulate} (text and JSON) and {@code runbook plan} of the standard
 * runbooks, and the failing traces of A4 with one safety step taken out, byte for byte against
 * {@code traces/NAME.txt} and {@code traces/NAME.json}. Paths are printed relative to the
 * repository root. The expected files are written only with {@code -Dgolden.update=true}: review
 * their diff before committing it.
 */
class TraceGoldenTest {

    static final Path ROOT = root();
    static final Path DIR = ROOT.resolve("interpreter/src/test/resources/traces");
    static final Path A4 = ROOT.resolve("runbooks/asp-major-online-nocg.rbk");
    static final Path A2 = ROOT.resolve("runbooks/asp-patch-active-role-reversal.rbk");
    private static final boolean UPDATE = "true".equals(System.getProperty("golden.update"));

    static Path root() {
        try {
            return Path.of(System.getProperty("repo.root", "..")).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A golden case: the command line (after {@code runbook}), its exit code, the expected file. */
    record Case(String name, int code, String... args) {}

    /** Where the variants of A4 are written: outside the working directory, so that they print by their full path, then stripped. */
    static final Path VARIANTS = variantsDir();

    static Path variantsDir() {
        try {
            return Files.createTempDirectory("runbook-trace-variants").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The A4 runbook with {@code cut} taken out, named {@code NAME.rbk}: made from the real runbook
     * at each run, so the variants follow A4 as it changes.
     */
    static Path variant(String name, String cut) throws IOException {
        String text = Files.readString(A4, StandardCharsets.UTF_8);
        assertTrue(text.contains(cut), "A4 no longer contains the text this variant takes out:\n" + cut);
        Path out = VARIANTS.resolve(name + ".rbk");
        Files.writeString(out, text.replace(cut, ""), StandardCharsets.UTF_8);
        return out;
    }

    static final String STEP_10A = """
            # departs: the document sets master2 ACTIVE in step 11 while master1 is still ACTIVE, which makes
            # two active masters; like the role reversal of A2 (step 4), deactivate the old active first.
            step 10a "Deactivate the old active":
              on active: deactivate active

            """;

    static final String STEP_7_WAIT = "    wait state standby == STANDBY timeout 1h every 10s\n";

    static final String STEP_12A = """
            # departs: the document never resumes the applications it paused in step 8.
            step 12a "Resume the applications on the new active":
              resumeApplications standby

            """;

    static List<Case> cases() throws IOException {
        String a4 = A4.toString();
        String a2 = A2.toString();
        String no10a = variant("a4-without-step-10a", STEP_10A).toString();
        String noWait = variant("a4-without-step-7-wait", STEP_7_WAIT).toString();
        String no12a = variant("a4-without-step-12a", STEP_12A).toString();
        List<Case> out = new ArrayList<>();
        out.add(new Case("asp-major-online-nocg.txt", 0, "simulate", a4));
        out.add(new Case("asp-major-online-nocg.json", 0, "simulate", "--format", "json", a4));
        out.add(new Case("asp-patch-active-role-reversal.txt", 0, "simulate", a2));
        out.add(new Case("asp-patch-active-role-reversal.json", 0, "simulate", "--format", "json", a2));
        out.add(new Case("a4-without-step-10a.txt", 1, "simulate", no10a));
        out.add(new Case("a4-without-step-10a.json", 1, "simulate", "--format", "json", no10a));
        out.add(new Case("a4-without-step-7-wait.txt", 1, "simulate", noWait));
        out.add(new Case("a4-without-step-12a.txt", 1, "simulate", no12a));
        out.add(new Case("a2-crash-new-active.txt", 1, "simulate", a2, "--fault", "crash master2host after step 1-6"));
        out.add(new Case("plan-asp-major-online-nocg.txt", 0, "plan", a4));
        out.add(new Case("plan-asp-major-online-nocg.json", 0, "plan", "--format", "json", a4));
        out.add(new Case("plan-asp-patch-active-role-reversal.txt", 0, "plan", a2));
        out.add(new Case("plan-a4-without-step-10a.txt", 1, "plan", no10a));
        return out;
    }

    @AfterAll
    static void removeTheVariants() throws IOException {
        try (Stream<Path> files = Files.list(VARIANTS)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(VARIANTS);
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Absolute paths under the repository, as the repository-relative paths a reader knows. */
    static String stable(String text) {
        return text.replace(VARIANTS + "/", "").replace(ROOT + "/", "");
    }

    @TestFactory
    Stream<DynamicTest> goldenTraces() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(Case c) throws IOException {
        Run r = run(c.args());
        assertEquals("", r.err(), c.name() + ": nothing on stderr");
        assertEquals(c.code(), r.code(), c.name() + ": exit code\n" + r.out());
        String actual = stable(r.out());
        assertFalse(actual.contains(ROOT.toString()) || actual.contains(VARIANTS.toString()),
                c.name() + ": an absolute path would make the golden file depend on the machine");
        if (c.name().endsWith(".json")) MiniJson.parse(actual);
        Path expectedFile = DIR.resolve(c.name());
        if (UPDATE) {
            Files.createDirectories(DIR);
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        if (!Files.exists(expectedFile)) fail("no expected trace " + expectedFile + "; run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(expectedFile, StandardCharsets.UTF_8), actual, c.name() + ": output differs from " + expectedFile);
    }

    // ------------------------------------------------------------------ what the goldens must show

    @Test
    void theStandardRunbooksSimulateClean() {
        for (Path p : List.of(A4, A2)) {
            Run r = run("simulate", p.toString());
            assertEquals(Main.OK, r.code(), r.out() + r.err());
            assertTrue(r.out().endsWith("ok: every step ran, every invariant held, every expect was met\n"), r.out());
            assertTrue(r.out().contains("\ntotal "), r.out());
            assertTrue(r.out().contains("\nwrite outage "), r.out());
        }
    }

    @Test
    void withoutTheDeactivateStepTwoMastersAreActiveAtStep11() throws IOException {
        Run r = run("simulate", variant("a4-without-step-10a", STEP_10A).toString());
        assertEquals(Main.FINDINGS, r.code(), r.out());
        String out = stable(r.out());
        assertTrue(out.contains("\nstep 11 (a4-without-step-10a.rbk:"), out);
        assertTrue(out.contains("I-01 violated: never two ACTIVE masters\n"), out);
        assertTrue(out.contains("\n  - database master2: state=STANDBY\n  + database master2: state=ACTIVE\n"), "what changed: " + out);
        assertFalse(out.contains("\nstep 12 "), "the run stops at the violation: " + out);
    }

    @Test
    void withoutTheWaitOfStep7Step9TimesOut() throws IOException {
        Run r = run("simulate", variant("a4-without-step-7-wait", STEP_7_WAIT).toString());
        assertEquals(Main.FINDINGS, r.code(), r.out());
        assertTrue(stable(r.out()).contains("\nstep 9 (a4-without-step-7-wait.rbk:"), r.out());
        assertTrue(r.out().contains("timed out after 3m waiting for caughtUp standby from active"), r.out());
    }

    @Test
    void withoutStep12aTheApplicationsStayPaused() throws IOException {
        Run r = run("simulate", variant("a4-without-step-12a", STEP_12A).toString());
        assertEquals(Main.FINDINGS, r.code(), r.out());
        assertTrue(r.out().contains("\nFAILED at "), r.out());
        assertTrue(java.util.regex.Pattern.compile("\n  apps +master1 +true ").matcher(r.out()).find(),
                "the state table shows the applications still paused, on the old active: " + r.out());
    }

    @Test
    void theJsonTraceCarriesEveryEventWithAllItsFields() {
        Run r = run("simulate", "--format", "json", A4.toString());
        assertEquals(Main.OK, r.code(), r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals("runbook.simulate/v1", doc.get("schema"));
        assertEquals(Boolean.TRUE, doc.get("ok"));
        assertEquals("asp-major-online-nocg", doc.get("runbook"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) doc.get("events");
        assertEquals("RunStarted", events.get(0).get("type"));
        assertEquals("RunFinished", events.get(events.size() - 1).get("type"));
        Map<String, Object> step = events.get(1);
        assertEquals("StepStarted", step.get("type"));
        assertEquals(List.of("type", "label", "title", "file", "span"), new ArrayList<>(step.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> span = (Map<String, Object>) step.get("span");
        assertEquals(List.of("line", "column", "endLine", "endColumn"), new ArrayList<>(span.keySet()));
        assertEquals(events.get(events.size() - 1).get("totalMillis"), doc.get("totalMillis"));
        assertTrue(((List<?>) doc.get("finalState")).size() > 3);
    }
}
