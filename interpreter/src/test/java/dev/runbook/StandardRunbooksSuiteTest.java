package dev.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.exec.Explorer;
import dev.runbook.exec.Simulation;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.Parser;
import dev.runbook.render.Formatter;
import dev.runbook.sim.SimRun;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of {@code runbooks/} on disk, {@code runbooks/common/} included, read afresh on each
 * run, so that a new standard runbook is held to these rules without editing this test:
 *
 * <ul>
 *   <li>{@code check}: no error (against the stdlib and runbooks on disk, as {@link SimRun} checks);
 *   <li>{@code fmt --check}: the formatted text is the file, byte for byte;
 *   <li>for a top-level runbook (a sub-procedure of {@code common/} takes its databases from the
 *       runbook that runs it, and has no defaults to start from): {@code simulate} from its
 *       parameters' defaults and {@code require} lines ends ok, and {@code explore} tries every
 *       fault point to the end, each with an outcome.
 * </ul>
 *
 * What a single runbook's trace or fault points must be is the business of the golden and model
 * tests ({@code TraceGoldenTest}, {@code ExplorerTest}, {@code StandardRunbooksSimulateTest}).
 */
class StandardRunbooksSuiteTest {

    /** The standard runbooks that exist as this test is written: the suite must find at least these. */
    private static final List<String> KNOWN = List.of(
            "runbooks/asp-major-online-nocg.rbk",
            "runbooks/asp-patch-active-role-reversal.rbk",
            "runbooks/common/role-reversal.rbk",
            "runbooks/ocms-tt-recover-failed-instance.rbk");

    /** The {@code .rbk} files under {@code runbooks/}, relative to the repository root, sorted. */
    static List<String> files() throws IOException {
        Path root = SimRun.repoRoot();
        try (Stream<Path> walk = Files.walk(root.resolve("runbooks"))) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".rbk"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    static boolean isSubProcedure(String relative) {
        return relative.startsWith("runbooks/common/");
    }

    @TestFactory
    Stream<DynamicNode> everyStandardRunbook() throws IOException {
        List<String> files = files();
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicTest.dynamicTest("runbooks/ holds at least the known standard runbooks", () -> {
            for (String known : KNOWN) assertTrue(files.contains(known), known + " is missing from " + files);
        }));
        for (String file : files) {
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("check: no error", () -> checkClean(file)));
            tests.add(DynamicTest.dynamicTest("fmt --check: already formatted", () -> formatted(file)));
            if (!isSubProcedure(file)) {
                tests.add(DynamicTest.dynamicTest("simulate: ok", () -> SimRun.file(file).assertOk()));
                tests.add(DynamicTest.dynamicTest("explore: every fault point has an outcome", () -> explores(file)));
            }
            nodes.add(DynamicContainer.dynamicContainer(file, tests));
        }
        // the modules every runbook uses are kept in the same canonical layout
        for (String module : modules()) {
            nodes.add(DynamicTest.dynamicTest(module + ": fmt --check: already formatted", () -> formatted(module)));
        }
        return nodes.stream();
    }

    static List<String> modules() throws IOException {
        Path root = SimRun.repoRoot();
        try (Stream<Path> list = Files.list(root.resolve("stdlib"))) {
            return list.filter(p -> p.getFileName().toString().endsWith(".rbk"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    static Source read(String relative) throws IOException {
        return Source.read(SimRun.repoRoot().resolve(relative), relative);
    }

    static void checkClean(String file) throws IOException {
        CheckResult r = SimRun.checker().check(read(file));
        List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertTrue(errors.isEmpty(), () -> file + " must check without errors:\n" + new DiagnosticRenderer().renderAll(errors));
        assertFalse(r.file().isModule(), file + " is a runbook, not a module");
    }

    /** What {@code runbook fmt --check} compares: the file's bytes and those of its formatted text. */
    static void formatted(String file) throws IOException {
        Source source = read(file);
        ParseResult parsed = Parser.parse(source);
        assertFalse(parsed.hasErrors(), () -> file + " does not parse:\n" + new DiagnosticRenderer().renderAll(parsed.diagnostics()));
        String text = new String(Files.readAllBytes(SimRun.repoRoot().resolve(file)), StandardCharsets.UTF_8);
        assertEquals(new Formatter().format(parsed.file(), source), text, () -> file + " is not in canonical layout: run `bin/runbook fmt " + file + "`");
    }

    static void explores(String file) throws Exception {
        CheckResult checked = SimRun.check(read(file));
        Explorer.Report report = Explorer.explore(checked, Simulation.Options.defaults());
        assertTrue(report.tried() > 0, file + ": no fault point was tried");
        assertEquals(Explorer.faultPoints(checked, Simulation.Options.defaults()).size(), report.tried(),
                file + ": every fault point was tried");
        assertEquals(report.tried(), report.count(Explorer.Outcome.SAFE) + report.count(Explorer.Outcome.UNSAFE)
                + report.count(Explorer.Outcome.STUCK), file + ": every fault point is safe, unsafe or stuck");
        for (Explorer.Row row : report.rows()) {
            if (row.outcome() == Explorer.Outcome.UNSAFE) assertTrue(row.invariant() != null, file + ": an unsafe row names its invariant: " + row.spec());
        }
        System.out.println("explore " + file + ": " + report.tried() + " fault points: " + report.count(Explorer.Outcome.SAFE) + " safe, "
                + report.count(Explorer.Outcome.UNSAFE) + " unsafe, " + report.count(Explorer.Outcome.STUCK) + " stuck");
    }
}
