package dev.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.ast.AstWalker;
import dev.runbook.ast.Comment;
import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.StepNumber;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.Parser;
import dev.runbook.sim.SimRun;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every numbered step of a documented procedure is in its standard runbook, or the runbook says
 * why not. The procedures are the entries of {@code ../shared/procedures.md} (beside the clone:
 * {@code repo.root/../shared/procedures.md}); an entry whose runbook {@code runbooks/<id>.rbk} does
 * not exist yet is skipped.
 *
 * <p><b>The document's steps.</b> An entry starts at a line {@code ### <ID>. <runbook-id> — <title>}
 * and ends before the next line that starts with {@code ### } or {@code ## }. Each line of it that
 * starts with {@code - **Steps} opens a list, which ends before the next line that starts with
 * {@code - **} or with the entry. An item of the list is a line that starts with exactly two spaces,
 * a label ({@code 7}, {@code 2a}), a dot and a space; deeper lines (sub-lists, {@code 4.1 ...}
 * lines, commands) belong to the item above. When an entry has one list, its item {@code n} is the
 * document's step {@code n}; when it has several (E19 has one per node), item {@code n} of the
 * {@code k}-th list is step {@code k.n}. An item is <i>optional</i> when its text starts with
 * {@code Optional} or {@code (optional} (any case). An entry whose runbook exists but in which no
 * item can be read fails: its steps are written in a form this test does not read.
 *
 * <p><b>The runbook's steps.</b> A document step {@code D} is <i>covered</i> when:
 * <ol>
 *   <li>a {@code step} item's number holds it: {@code step D}, or a range {@code step A-B} with
 *       {@code A <= D <= B} in the order of step numbers ({@link StepNumber.Label}), such as
 *       {@code step 17-22} or {@code step 1-6} that runs {@code common/role-reversal};</li>
 *   <li>or the runbook splits it into dotted parts: a step numbered {@code D.1}, {@code D.2}...
 *       (a letter is not a part: {@code step 10a} is a step inserted after the document's 10, and
 *       covers nothing of the document);</li>
 *   <li>or a {@code # departs:} comment mentions it. The comment is the {@code # departs:} line and
 *       the full-line {@code #} comments on the lines right below it (not {@code ##}, not another
 *       {@code # departs:}). A mention is {@code step} or {@code steps} (any case) followed by
 *       labels joined by {@code ,}, {@code and} or {@code or}, and ranges {@code N-M},
 *       {@code N–M} or {@code N to M}: {@code step 9}, {@code steps 2, 3 and 4},
 *       {@code steps 8 to 12a}. Any such mention counts, even one about another procedure's
 *       step;</li>
 *   <li>or the step is optional and a comment of the runbook, any comment, mentions it (as above):
 *       leaving out a step the document calls optional follows the document, so it needs no
 *       {@code # departs:}, but the reader must still learn that the step exists (A2: "Step 9 of the
 *       document (reverse the roles back) is optional").</li>
 * </ol>
 * A document step that is not covered fails the entry; the message names the entry, its line in
 * procedures.md, the runbook and every step missing.
 */
class ProcedureStepsTest {

    /** The entries whose runbooks exist as this test is written: they must be among those checked. */
    private static final List<String> KNOWN = List.of("A2", "A4", "E19");

    static Path proceduresFile() {
        return SimRun.repoRoot().resolve("../shared/procedures.md").normalize();
    }

    /** A numbered step of a documented procedure, and the line of procedures.md it is on. */
    record DocStep(String label, boolean optional, int line) {}

    /** An entry of procedures.md: {@code A4}, {@code asp-major-online-nocg}, its line, its steps. */
    record Entry(String id, String runbook, int line, List<DocStep> steps) {}

    private static final Pattern ENTRY = Pattern.compile("### ([A-Z]\\d+)\\. (\\S+) — .*");
    private static final Pattern ITEM = Pattern.compile(" {2}(\\d+[a-z]?)\\. (.*)");

    /** The entries of procedures.md's text, with their steps read by the rules of the class comment. */
    static List<Entry> entries(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = ENTRY.matcher(lines[i]);
            if (!m.matches()) continue;
            int end = i + 1;
            while (end < lines.length && !lines[end].startsWith("### ") && !lines[end].startsWith("## ")) end++;
            List<List<DocStep>> lists = new ArrayList<>();
            List<DocStep> list = null;
            for (int j = i + 1; j < end; j++) {
                String line = lines[j];
                if (line.startsWith("- **Steps")) {
                    list = new ArrayList<>();
                    lists.add(list);
                } else if (line.startsWith("- **")) {
                    list = null;
                } else if (list != null) {
                    Matcher item = ITEM.matcher(line);
                    if (item.matches()) {
                        String text = item.group(2).stripLeading().toLowerCase(java.util.Locale.ROOT);
                        list.add(new DocStep(item.group(1), text.startsWith("optional") || text.startsWith("(optional"), j + 1));
                    }
                }
            }
            List<DocStep> steps = new ArrayList<>();
            for (int k = 0; k < lists.size(); k++) {
                for (DocStep s : lists.get(k)) {
                    steps.add(lists.size() == 1 ? s : new DocStep((k + 1) + "." + s.label(), s.optional(), s.line()));
                }
            }
            out.add(new Entry(m.group(1), m.group(2), i + 1, steps));
            i = end - 1;
        }
        return out;
    }

    // ------------------------------------------------------------------ what a runbook covers

    private static final String LABEL = "\\d+[a-z]?(?:\\.\\d+[a-z]?)*";
    private static final Pattern MENTION = Pattern.compile(
            "(?i)\\bsteps?\\s+(" + LABEL + "(?:\\s*(?:,|\\band\\b|\\bor\\b|\\bto\\b|-|–)\\s*" + LABEL + ")*)");
    private static final Pattern LABEL_OR_RANGE = Pattern.compile(
            "(" + LABEL + ")(?:\\s*(?:-|–|\\bto\\b)\\s*(" + LABEL + "))?", Pattern.CASE_INSENSITIVE);

    /** A step number range, {@code first..last}: one label is a range of one. */
    record Range(StepNumber.Label first, StepNumber.Label last) {
        boolean holds(StepNumber.Label label) {
            return first.compareTo(label) <= 0 && label.compareTo(last) <= 0;
        }
    }

    static StepNumber.Label label(String text) {
        return new StepNumber(Span.NONE, text).first();
    }

    /** The step numbers and ranges a comment's text mentions ("step 9", "steps 17-21", "steps 8 to 12a"). */
    static List<Range> mentions(String text) {
        List<Range> out = new ArrayList<>();
        Matcher m = MENTION.matcher(text);
        while (m.find()) {
            Matcher r = LABEL_OR_RANGE.matcher(m.group(1));
            while (r.find()) {
                StepNumber.Label first = label(r.group(1));
                StepNumber.Label last = r.group(2) == null ? first : label(r.group(2));
                out.add(new Range(first, last));
            }
        }
        return out;
    }

    /** The document steps of {@code entry} that {@code source}, a runbook, does not cover, in document order. */
    static List<String> missing(Entry entry, Source source) {
        ParseResult parsed = Parser.parse(source);
        if (parsed.hasErrors()) fail(source.name() + " does not parse:\n" + new DiagnosticRenderer().renderAll(parsed.diagnostics()));
        RunbookFile file = parsed.file();
        List<Range> steps = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (Item.StepItem s : file.itemsOf(Item.StepItem.class)) {
            steps.add(new Range(s.number().first(), s.number().last()));
            parts.add(s.number().first().text());
        }
        List<Comment> comments = new ArrayList<>();
        AstWalker.comments(file, comments::add);
        comments.sort((a, b) -> Integer.compare(a.span().start(), b.span().start()));
        List<Range> departs = new ArrayList<>();
        List<Range> anyComment = new ArrayList<>();
        for (int i = 0; i < comments.size(); i++) {
            Comment c = comments.get(i);
            anyComment.addAll(mentions(c.body()));
            if (!c.isDeparture()) continue;
            StringBuilder block = new StringBuilder(c.departure());
            int line = c.span().line();
            for (int j = i + 1; j < comments.size(); j++) {
                Comment next = comments.get(j);
                boolean fullLine = source.line(next.span().line()).strip().startsWith("#");
                if (next.span().line() != line + 1 || !fullLine || next.isDoc() || next.isDeparture()) break;
                block.append(' ').append(next.body());
                line++;
            }
            departs.addAll(mentions(block.toString()));
        }
        List<String> out = new ArrayList<>();
        for (DocStep d : entry.steps()) {
            StepNumber.Label label = label(d.label());
            boolean covered = steps.stream().anyMatch(r -> r.holds(label))
                    || parts.stream().anyMatch(p -> p.startsWith(d.label() + "."))
                    || departs.stream().anyMatch(r -> r.holds(label))
                    || d.optional() && anyComment.stream().anyMatch(r -> r.holds(label));
            if (!covered) out.add(d.label() + (d.optional() ? " (optional)" : ""));
        }
        return out;
    }

    // ------------------------------------------------------------------ the entries of procedures.md

    @TestFactory
    Stream<DynamicNode> everyDocumentedStepIsInItsRunbookOrSaysWhyNot() throws IOException {
        Path procedures = proceduresFile();
        if (!Files.isRegularFile(procedures)) {
            fail("no " + procedures + ": this test reads the documented procedures from shared/procedures.md beside the clone"
                    + " (set -Drepo.root=DIR so that DIR/../shared/procedures.md exists)");
        }
        List<Entry> entries = entries(Files.readString(procedures, StandardCharsets.UTF_8));
        List<DynamicNode> tests = new ArrayList<>();
        Set<String> checked = new LinkedHashSet<>();
        List<String> skipped = new ArrayList<>();
        for (Entry e : entries) {
            Path runbook = SimRun.repoRoot().resolve("runbooks/" + e.runbook() + ".rbk");
            if (!Files.isRegularFile(runbook)) {
                skipped.add(e.id());
                continue;
            }
            checked.add(e.id());
            String relative = "runbooks/" + e.runbook() + ".rbk";
            tests.add(DynamicTest.dynamicTest(e.id() + " " + e.runbook(), () -> {
                assertFalse(e.steps().isEmpty(), "entry " + e.id() + " (" + procedures + " line " + e.line()
                        + "): no numbered step could be read from its `- **Steps**` list(s): write them as `  1. ...` items");
                List<String> missing = missing(e, Source.read(runbook, relative));
                assertTrue(missing.isEmpty(), () -> "entry " + e.id() + " " + e.runbook() + " (procedures.md line " + e.line() + "): "
                        + relative + " has no step" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                        + " of the document, and no `# departs:` comment mentions " + (missing.size() == 1 ? "it" : "them")
                        + (missing.stream().anyMatch(m -> m.endsWith("(optional)")) ? " (an optional step needs a comment, any comment, that mentions it)" : ""));
            }));
        }
        tests.add(DynamicTest.dynamicTest("the known entries are among those checked", () -> {
            for (String id : KNOWN) assertTrue(checked.contains(id), id + " was not checked; checked: " + checked);
        }));
        System.out.println("procedure steps: checked " + checked + "; no runbook yet for " + skipped.size() + " entries");
        return tests.stream();
    }

    // ------------------------------------------------------------------ the rules themselves

    static final String PROCEDURES = """
            ## X. A family

            ### X1. x-two-lists — Two lists, with an optional step
            - **Source**: somewhere.
            - **Steps — on the first node**:
              1. [a] First. `cmd`
                 1.1 a sub-step that is no item
              2. (optional, L3) Second.
            - **Steps — on the second node**:
              1. Third.
              2a. Fourth.
            - **Final state**: done.
              3. not a step: outside the lists

            ### X2. x-one-list — One list
            - **Steps**:
              1. One.
              2. Two.
              3. Optional: three.
              9. Nine.
              10. Ten.
              11. Eleven.
            ## Y. Another family
              12. not a step: after the entry
            """;

    @Test
    void theStepsOfAnEntryAreTheTopLevelItemsOfItsStepsLists() {
        List<Entry> entries = entries(PROCEDURES);
        assertEquals(2, entries.size());
        assertEquals(List.of(new DocStep("1.1", false, 6), new DocStep("1.2", true, 8), new DocStep("2.1", false, 10),
                new DocStep("2.2a", false, 11)), entries.get(0).steps());
        assertEquals("x-one-list", entries.get(1).runbook());
        assertEquals(List.of("1", "2", "3", "9", "10", "11"), entries.get(1).steps().stream().map(DocStep::label).toList());
        assertTrue(entries.get(1).steps().get(2).optional());
    }

    static final String RUNBOOK = """
            runbook x-one-list "One list"
              source "doc" section "X2" lines 1-9

            step 1-2 "One and two":
              manual "one, then two"

            # departs: the document's step 9 is wrong;
            # so are steps 10 and
            # 11.
            step 9a "Instead of nine":
              manual "something else"
            """;

    @Test
    void aStepIsCoveredByARangeADepartsCommentOrForAnOptionalOneAnyComment() {
        Entry one = entries(PROCEDURES).get(1);
        // 3 is optional and no comment mentions it
        assertEquals(List.of("3 (optional)"), missing(one, Source.of("x.rbk", RUNBOOK)));
        assertEquals(List.of(), missing(one, Source.of("x.rbk", RUNBOOK.replace("step 1-2", "# Step 3 is optional.\nstep 1-2"))));
        // a plain comment does not excuse a step that is not optional
        assertEquals(List.of("3 (optional)", "9", "10", "11"), missing(one, Source.of("x.rbk", RUNBOOK.replace("# departs:", "# note:"))));
        // a departs comment ends at the first line that is not a plain comment
        assertEquals(List.of("3 (optional)", "11"), missing(one, Source.of("x.rbk", RUNBOOK.replace("# 11.", "\n# 11."))));
        // 9a is inserted after 9: it is not the document's 9
        assertEquals(List.of("3 (optional)", "9"), missing(one, Source.of("x.rbk",
                RUNBOOK.replace("step 9 is wrong", "step nine is wrong"))));
    }

    @Test
    void dottedPartsSplitAStepAndListsAreNumberedByList() {
        Entry two = entries(PROCEDURES).get(0);
        String runbook = """
                runbook x-two-lists "Two lists"
                  source "doc" section "X1" lines 1-9

                step 1.1.1 "First, part one":
                  manual "a"

                step 1.1.2 "First, part two":
                  manual "b"

                step 2.1-2.2a "Third and fourth":
                  manual "c"
                """;
        assertEquals(List.of("1.2 (optional)"), missing(two, Source.of("x.rbk", runbook)));
        assertEquals(List.of(), missing(two, Source.of("x.rbk", runbook.replace("step 2.1-", "# step 1.2 (optional) is left out\nstep 2.1-"))));
    }

    @Test
    void mentions() {
        assertEquals(List.of("9-9", "2-2", "3-3", "4-4", "8-12a", "17-21", "1.4-1.4"),
                mentions("step 9; steps 2, 3 and 4; Steps 8 to 12a, steps 17–21 and step 1.4").stream()
                        .map(r -> r.first().text() + "-" + r.last().text()).toList());
        assertEquals(List.of(), mentions("the document's steps are fine; 9 steps"));
    }
}
