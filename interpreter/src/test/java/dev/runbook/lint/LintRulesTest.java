package dev.runbook.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.ast.Item;
import dev.runbook.check.CheckResult;
import dev.runbook.sim.SimRun;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rule registry, proved complete: every rule is a small final class with a kebab-case id, a
 * one-line description, a page docs/rules/ID.md with a problematic and a correct runbook (also in
 * the jar, for --explain), and a fail and a pass input under src/test/resources/lint/rules/ID/
 * that it flags and does not flag. Then the standard runbooks lint clean, and every transcription
 * of a document's mistake (errata/) is flagged at the step its header names.
 */
class LintRulesTest {

    static final Path ROOT = SimRun.repoRoot();
    static final Path INPUTS = ROOT.resolve("interpreter/src/test/resources/lint/rules");
    static final Linter LINTER = new Linter(SimRun.checker(), Linter.Options.defaults());

    static List<Finding> lint(Path file) throws IOException {
        return LINTER.lint(Source.read(file, ROOT.relativize(file).toString()));
    }

    static Source read(Path file) throws IOException {
        return Source.read(file, ROOT.relativize(file).toString());
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHasItsClassPageAndInputs() {
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Rule rule : Rules.all()) {
            tests.add(DynamicTest.dynamicTest(rule.id(), () -> {
                assertTrue(ids.add(rule.id()), "two rules have the id " + rule.id());
                assertTrue(rule.id().matches("[a-z]+(-[a-z0-9]+)+"), rule.id() + ": a rule id is kebab-case");
                assertTrue(Modifier.isFinal(rule.getClass().getModifiers()), rule.getClass() + " is final");
                assertEquals("dev.runbook.lint.rules", rule.getClass().getPackageName(), rule.id() + ": one class in dev.runbook.lint.rules");
                assertFalse(rule.description().isBlank() || rule.description().contains("\n"), rule.id() + ": a one-line description");
                Path page = ROOT.resolve("docs/rules/" + rule.id() + ".md");
                assertTrue(Files.isRegularFile(page), rule.id() + ": no page " + ROOT.relativize(page));
                String text = Files.readString(page);
                assertTrue(text.startsWith("# " + rule.id() + "\n"), page + " starts with # " + rule.id());
                assertTrue(text.contains("## Problematic\n") && text.contains("## Correct\n"), page + ": a problematic and a correct runbook");
                assertEquals(text, Rules.page(rule.id()).orElse(null), rule.id() + ": the page in the jar (lint-rules/) is docs/rules' page");
                Path fail = INPUTS.resolve(rule.id()).resolve("fail.rbk");
                Path pass = INPUTS.resolve(rule.id()).resolve("pass.rbk");
                assertTrue(Files.isRegularFile(fail) && Files.isRegularFile(pass), rule.id() + ": no fail.rbk and pass.rbk in " + ROOT.relativize(fail.getParent()));
                for (Path input : List.of(fail, pass)) {
                    CheckResult checked = SimRun.checker().check(read(input));
                    assertFalse(checked.hasErrors(), input + " must check clean, or no rule runs on it: " + checked.diagnostics());
                }
                List<Finding> failing = lint(fail);
                assertTrue(failing.stream().anyMatch(f -> f.rule().equals(rule.id())), rule.id() + " does not flag its fail input: " + failing);
                List<Finding> passing = lint(pass);
                assertTrue(passing.stream().noneMatch(f -> f.rule().equals(rule.id())), rule.id() + " flags its pass input: " + passing);
            }));
        }
        tests.add(DynamicTest.dynamicTest("every page and input directory belongs to a rule", () -> {
            Set<String> known = new HashSet<>();
            for (Rule r : Rules.all()) known.add(r.id());
            try (Stream<Path> pages = Files.list(ROOT.resolve("docs/rules")); Stream<Path> dirs = Files.list(INPUTS)) {
                for (Path p : pages.toList()) assertTrue(known.contains(p.getFileName().toString().replaceFirst("\\.md$", "")), p + " is the page of no rule");
                for (Path d : dirs.toList()) assertTrue(known.contains(d.getFileName().toString()), d + " holds the inputs of no rule");
            }
        }));
        return tests.stream();
    }

    static List<Path> standardRunbooks() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT.resolve("runbooks"))) {
            return walk.filter(p -> p.toString().endsWith(".rbk")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyStandardRunbookLintsClean() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : standardRunbooks()) {
            tests.add(DynamicTest.dynamicTest(ROOT.relativize(file).toString(), () -> {
                List<Finding> findings = lint(file);
                assertTrue(findings.isEmpty(), () -> file + " has findings:\n" + String.join("\n", findings.stream().map(Finding::toString).toList()));
            }));
        }
        return tests.stream();
    }

    private static final Pattern REPORTS = Pattern.compile("## reports: step (\\S+): (.+)");

    /** Every literal transcription of a document's mistake is flagged: a finding in the step its header names. */
    @TestFactory
    Stream<DynamicTest> everyTranscriptionOfADocumentsMistakeIsFlagged() throws IOException {
        Path dir = ROOT.resolve("interpreter/src/test/resources/errata");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".rbk")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("there are transcriptions", () -> assertFalse(files.isEmpty())));
        for (Path file : files) {
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                Source source = read(file);
                Matcher m = REPORTS.matcher(source.text());
                assertTrue(m.find(), file + " has no ## reports: line");
                String step = m.group(1);
                CheckResult checked = SimRun.checker().check(source);
                List<Finding> findings = LINTER.lint(checked);
                if (step.equals("end")) {
                    // the final expectations: the simulation's finding at the end of the run
                    assertTrue(findings.stream().anyMatch(f -> f.rule().equals(Linter.EXPECT_FAILED) || f.rule().startsWith("I-")),
                            () -> file + ": lint reports no unmet final expectation: " + findings);
                    return;
                }
                Item.StepItem item = checked.file().itemsOf(Item.StepItem.class).stream()
                        .filter(s -> s.number().text().equals(step)).findFirst().orElseThrow();
                assertTrue(findings.stream().anyMatch(f -> f.span().line() >= item.span().line() && f.span().line() <= item.span().endLine()),
                        () -> file + ": lint flags nothing in step " + step + ": " + findings);
            }));
        }
        return tests.stream();
    }

    @Test
    void theCheckersErrorsAreFindingsAndNoRuleRunsOnABrokenFile() {
        Source broken = Source.of("broken.rbk", "runbook x \"x\"\n\nuse timesten\n\nparam standby = master2 on \"h\"\n\nstep 1 \"Stop\":\n  on standbyy.host: repStop standby\n");
        List<Finding> findings = LINTER.lint(broken);
        assertEquals(List.of("E100"), findings.stream().map(Finding::rule).distinct().toList());
        List<Diagnostic> diagnostics = SimRun.checker().check(broken).diagnostics();
        assertEquals(diagnostics.get(0).span(), findings.get(0).span());
    }
}
