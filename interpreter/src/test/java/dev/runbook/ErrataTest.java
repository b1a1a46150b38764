package dev.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.ast.Item;
import dev.runbook.check.CheckResult;
import dev.runbook.exec.Explorer;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.SimRun;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The documents' mistakes, kept true: each file of {@code src/test/resources/errata/} is a literal
 * transcription of a procedure as a document writes it, named {@code <runbook-id>--<short-name>.rbk},
 * whose header says what the document says and what the tool reports:
 *
 * <pre>
 * ## errata: SEED PROCEDURE step N: what the document says, on one line
 * ## reports: step S: TEXT
 * </pre>
 *
 * <p>When {@code check} finds errors in the file, one of them must be in step {@code S} (its line
 * within the lines of {@code step S}) and have {@code TEXT} in its message or its code
 * ({@code E300}). When it checks clean, {@code simulate} from the file's defaults must fail, and the
 * first thing that broke or stopped the run (as {@code explore} classifies a run: a broken invariant,
 * else a refused precondition, a failed command, a timed-out wait or an unmet expectation) must be in
 * step {@code S} (or in a step of a sub-runbook it runs, {@code S/3}) and have {@code TEXT} in its
 * invariant id or its message. A file without these two header lines fails. docs/document-errata.md
 * lists the same mistakes.
 */
class ErrataTest {

    static final String DIR = "interpreter/src/test/resources/errata";

    /** What a transcription's header declares. */
    record Header(String errata, String step, String text) {}

    private static final Pattern ERRATA = Pattern.compile("## errata: (\\d{3} \\S+ step \\S+: .+)");
    private static final Pattern REPORTS = Pattern.compile("## reports: step (\\S+): (.+)");

    /** The header lines of a transcription, or a failure that says which one is missing and how to write it. */
    static Header header(String name, String text) {
        String errata = null;
        String step = null;
        String reported = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith("##")) break;
            Matcher e = ERRATA.matcher(line.strip());
            if (e.matches()) errata = e.group(1);
            Matcher r = REPORTS.matcher(line.strip());
            if (r.matches()) {
                step = r.group(1);
                reported = r.group(2).strip();
            }
        }
        if (errata == null || step == null) {
            throw new AssertionError(name + ": a transcription of a document's mistake starts with the header lines\n"
                    + "  ## errata: SEED PROCEDURE step N: what the document says (e.g. ## errata: 000 A2 step 8: ...)\n"
                    + "  ## reports: step S: TEXT (what check or simulate reports at step S: a code, an invariant id, a word of the message)\n"
                    + "missing: " + (errata == null ? "`## errata:`" : "") + (errata == null && step == null ? " and " : "")
                    + (step == null ? "`## reports:`" : ""));
        }
        return new Header(errata, step, reported);
    }

    static List<Path> files() throws IOException {
        Path dir = SimRun.repoRoot().resolve(DIR);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".rbk")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyTranscriptionReportsTheMistakeAtItsStep() throws IOException {
        List<Path> files = files();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("the errata directory has transcriptions", () ->
                assertFalse(files.isEmpty(), "no .rbk file in " + SimRun.repoRoot().resolve(DIR))));
        for (Path file : files) {
            String relative = SimRun.repoRoot().relativize(file).toString();
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> reports(Source.read(file, relative))));
        }
        return tests.stream();
    }

    /** Asserts that {@code source}'s mistake is reported where its header says. */
    static void reports(Source source) {
        String name = source.name();
        Header h = header(name, source.text());
        CheckResult checked = SimRun.checker().check(source);
        List<Diagnostic> errors = checked.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            Item.StepItem step = checked.file().itemsOf(Item.StepItem.class).stream()
                    .filter(s -> s.number().text().equals(h.step())).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": `## reports: step " + h.step() + "` but the file has no step " + h.step()));
            boolean found = errors.stream().anyMatch(d -> (d.message().contains(h.text()) || d.code().id().contains(h.text()))
                    && (d.source() == null || d.source().name().equals(name))
                    && d.span().line() >= step.span().line() && d.span().line() <= step.span().endLine());
            assertTrue(found, () -> name + ": check must report `" + h.text() + "` in step " + h.step() + " (lines " + step.span().line() + "-"
                    + step.span().endLine() + "), but reports:\n" + new DiagnosticRenderer().renderAll(errors));
            return;
        }
        Simulation.Result result;
        try {
            result = Simulation.run(checked, Simulation.Options.defaults());
        } catch (InitialState.Problem p) {
            throw new AssertionError(name + ": checks clean, and the simulation cannot start: " + p.getMessage(), p);
        }
        Explorer.Row row = Explorer.classify(name, result);
        assertFalse(result.ok(), () -> name + ": checks clean and simulates ok: the document's mistake `" + h.errata() + "` is not caught");
        String where = row.step() == null ? "" : row.step().replaceFirst(" \\(.*", "");
        String said = (row.invariant() == null ? "" : row.invariant() + " ") + row.detail();
        assertTrue((where.equals(h.step()) || where.startsWith(h.step() + "/")) && said.contains(h.text()),
                () -> name + ": simulate must fail at step " + h.step() + " with `" + h.text() + "`, but fails at "
                        + (row.step() == null ? "no step" : row.step().startsWith("end") ? row.step() : "step " + row.step()) + ": " + said);
    }

    // ------------------------------------------------------------------ the rules themselves

    static final String HEADER = """
            ## errata: 000 A2 step 8: the document says so
            ## reports: step 2: I-01
            runbook x "x"
            """;

    @Test
    void aTranscriptionNamesTheMistakeAndWhatReportsIt() {
        assertEquals(new Header("000 A2 step 8: the document says so", "2", "I-01"), header("x.rbk", HEADER));
        AssertionError none = assertThrows(AssertionError.class, () -> header("x.rbk", "runbook x \"x\"\n"));
        assertTrue(none.getMessage().startsWith("x.rbk: a transcription of a document's mistake starts with the header lines"), none.getMessage());
        assertTrue(none.getMessage().endsWith("missing: `## errata:` and `## reports:`"), none.getMessage());
        AssertionError noReports = assertThrows(AssertionError.class, () -> header("x.rbk", HEADER.replace("## reports:", "## report:")));
        assertTrue(noReports.getMessage().endsWith("missing: `## reports:`"), noReports.getMessage());
        // the header is the doc comment at the top: a line further down does not count
        AssertionError below = assertThrows(AssertionError.class, () -> header("x.rbk", "runbook x \"x\"\n" + HEADER));
        assertTrue(below.getMessage().endsWith("missing: `## errata:` and `## reports:`"), below.getMessage());
    }

    /** A runbook of the model tests (sim/invariants/), under an errata header that expects {@code text} at {@code step}. */
    static Source transcription(String resource, String step, String text) throws IOException {
        Path file = SimRun.repoRoot().resolve("interpreter/src/test/resources/sim/invariants/" + resource);
        return Source.of(resource, "## errata: 000 A4 step 11: sets the standby ACTIVE while the active is\n## reports: step " + step + ": " + text + "\n"
                + Files.readString(file));
    }

    @Test
    void aReportAtAnotherStepOrWithOtherWordsFails() throws IOException {
        reports(transcription("i01-violated.rbk", "2", "I-01"));
        AssertionError step = assertThrows(AssertionError.class, () -> reports(transcription("i01-violated.rbk", "1", "I-01")));
        assertTrue(step.getMessage().contains("simulate must fail at step 1 with `I-01`, but fails at step 2: I-01 "), step.getMessage());
        AssertionError words = assertThrows(AssertionError.class, () -> reports(transcription("i01-violated.rbk", "2", "I-02")));
        assertTrue(words.getMessage().contains("simulate must fail at step 2 with `I-02`"), words.getMessage());
        // a check error must be in the step, with the words
        Source misplaced = transcription("i01-violated.rbk", "2", "E300");
        Source onTheWrongHost = Source.of(misplaced.name(), misplaced.text().replace("on standby: setActive", "on active.host: setActive"));
        reports(onTheWrongHost);
        AssertionError elsewhere = assertThrows(AssertionError.class, () -> reports(Source.of(misplaced.name(),
                onTheWrongHost.text().replace("step 2: E300", "step 1: E300"))));
        assertTrue(elsewhere.getMessage().contains("check must report `E300` in step 1"), elsewhere.getMessage());
        // a run that ends well catches nothing
        AssertionError clean = assertThrows(AssertionError.class, () -> reports(transcription("i01-kept.rbk", "4", "I-01")));
        assertTrue(clean.getMessage().contains("is not caught"), clean.getMessage());
    }
}
