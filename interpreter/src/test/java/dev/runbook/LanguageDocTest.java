package dev.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of the language reference ({@code docs/language.md}) parses and checks as it says.
 *
 * <p>Fenced blocks, by their info string:
 * <ul>
 *   <li>{@code rbk}: a complete file (a runbook, or a module when it starts with {@code module}) that must
 *       check with no finding at all, errors or warnings;</li>
 *   <li>{@code rbk-fragment}: a step or statements, wrapped into {@link #FRAGMENT_HEADER}. Statements are put
 *       into {@code step 1 "Example":}, indented by two spaces; a fragment whose first line of code starts
 *       with {@code step} or {@code param} is put after the header as it is. It must check with no finding
 *       but unused-parameter warnings (W100), since the header declares more than one fragment uses;</li>
 *   <li>{@code rbk-error}: a complete file that must produce every finding whose code is listed in the HTML
 *       comment on the line before the block, {@code <!-- expect: E300 -->} (several codes may be listed,
 *       separated by spaces or commas; a W code is a warning);</li>
 *   <li>{@code text} and other kinds are not checked.</li>
 * </ul>
 *
 * <p>Every checked block is written into one temporary directory before any is checked, so examples can
 * {@code use} each other as files beside them: an {@code rbk} block is written as {@code NAME.rbk} after the
 * name its header declares (names must be unique), other blocks as {@code fragment-LINE.rbk} and
 * {@code error-LINE.rbk}. {@code use common.role-reversal} and {@code use timesten} are found in the built-in
 * library. Each dynamic test is named by the line of the block's opening fence.
 */
class LanguageDocTest {

    private static final String DOC = "docs/language.md";
    private static final int MIN_CHECKED_BLOCKS = 40;

    /** What a fragment is wrapped into: the standard parameters of the examples. */
    static final String FRAGMENT_HEADER = """
            runbook doc-example "Example"

            use timesten

            param active = master1 on "master1host"
            param standby = master2 on "master2host"
            param subscribers = [subscriber1 on "subscriber1host"]
            param admin = credential "pat"
            param release = "22.1"

            """;

    private static final Pattern FENCE = Pattern.compile("^```([A-Za-z0-9_-]*)\\s*$");
    private static final Pattern EXPECT = Pattern.compile("^<!--\\s*expect:\\s*([EW]\\d{3}(?:[\\s,]+[EW]\\d{3})*)\\s*-->$");
    private static final Pattern DECLARED = Pattern.compile("^(runbook|module)\\s+([A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*)");

    enum Kind { RBK, FRAGMENT, ERROR }

    /** A checked block of the doc. {@code text} is the block's own text. */
    record Block(Kind kind, int line, String text, List<String> expected) {

        /** The file that is checked. */
        String fileText() {
            if (kind != Kind.FRAGMENT) return text;
            return FRAGMENT_HEADER + placed();
        }

        /** The block's text as it stands in the checked file (a fragment's statements indented in their step). */
        String placed() {
            if (kind != Kind.FRAGMENT) return text;
            String first = firstCodeLine(text);
            if (first.startsWith("step ") || first.startsWith("param ")) return text;
            StringBuilder out = new StringBuilder("step 1 \"Example\":\n");
            for (String line : text.split("\n", -1)) {
                if (!line.isBlank()) out.append("  ").append(line);
                out.append('\n');
            }
            return out.toString().stripTrailing() + "\n";
        }

        boolean isModule() {
            return kind != Kind.FRAGMENT && firstCodeLine(text).startsWith("module ");
        }

        String declaredName() {
            Matcher m = DECLARED.matcher(firstCodeLine(text));
            return m.find() ? m.group(2) : null;
        }

        String fileName() {
            return switch (kind) {
                case RBK -> declaredName() + ".rbk";
                case FRAGMENT -> "fragment-" + line + ".rbk";
                case ERROR -> "error-" + line + ".rbk";
            };
        }

        String displayName() {
            return DOC + ":" + line;
        }
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    static String firstCodeLine(String text) {
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) return line;
        }
        return "";
    }

    /** Every checked block of the doc, in order. Fails on a malformed fence or a missing expect comment. */
    static List<Block> blocks() {
        List<String> lines;
        try {
            lines = Files.readAllLines(repoRoot().resolve(DOC), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOC + " under " + repoRoot(), e);
        }
        List<Block> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            String info = open.group(1);
            int fenceLine = i + 1;
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                text.append(lines.get(j)).append('\n');
                j++;
            }
            if (j >= lines.size()) fail(DOC + ":" + fenceLine + ": the code block is never closed");
            Kind kind = switch (info) {
                case "rbk" -> Kind.RBK;
                case "rbk-fragment" -> Kind.FRAGMENT;
                case "rbk-error" -> Kind.ERROR;
                default -> {
                    if (info.startsWith("rbk")) fail(DOC + ":" + fenceLine + ": unknown block kind `" + info + "`");
                    yield null;
                }
            };
            if (kind != null) {
                List<String> expected = List.of();
                if (kind == Kind.ERROR) expected = expectedCodes(lines, i, fenceLine);
                out.add(new Block(kind, fenceLine, text.toString(), expected));
            }
            i = j + 1;
        }
        return out;
    }

    private static List<String> expectedCodes(List<String> lines, int fenceIndex, int fenceLine) {
        int k = fenceIndex - 1;
        while (k >= 0 && lines.get(k).isBlank()) k--;
        Matcher m = k >= 0 ? EXPECT.matcher(lines.get(k).strip()) : null;
        if (m == null || !m.matches()) {
            fail(DOC + ":" + fenceLine + ": an rbk-error block needs `<!-- expect: CODE -->` on the line before it");
        }
        List<String> codes = List.of(m.group(1).split("[\\s,]+"));
        for (String code : codes) {
            if (codeOf(code) == null) fail(DOC + ":" + fenceLine + ": `" + code + "` is not a diagnostic code");
        }
        return codes;
    }

    private static Code codeOf(String id) {
        for (Code c : Code.values()) if (c.id().equals(id)) return c;
        return null;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleChecksAsItSays(@TempDir Path dir) throws IOException {
        List<Block> blocks = blocks();
        Map<String, Integer> names = new HashMap<>();
        for (Block b : blocks) {
            if (b.kind() == Kind.RBK) {
                String name = b.declaredName();
                if (name == null) fail(b.displayName() + ": an rbk block starts with `runbook ID` or `module NAME`");
                Integer earlier = names.putIfAbsent(name, b.line());
                if (earlier != null) {
                    fail(b.displayName() + ": `" + name + "` is also declared by the example on line " + earlier
                            + "; give every complete example its own name");
                }
            }
            Files.writeString(dir.resolve(b.fileName()), b.fileText(), StandardCharsets.UTF_8);
        }
        return blocks.stream().map(b -> DynamicTest.dynamicTest(
                "line " + b.line() + " (" + b.kind().name().toLowerCase(java.util.Locale.ROOT) + ")",
                () -> checkBlock(dir, b)));
    }

    private static void checkBlock(Path dir, Block b) throws IOException {
        Path file = dir.resolve(b.fileName());
        List<Diagnostic> diagnostics = new Checker(new Library(List.of(dir)))
                .check(Source.read(file, b.displayName())).diagnostics();
        String rendered = new DiagnosticRenderer().renderAll(diagnostics);
        String context = "\n--- checked text ---\n" + b.fileText() + "--- findings ---\n" + rendered;
        switch (b.kind()) {
            case RBK -> assertTrue(diagnostics.isEmpty(), b.displayName() + ": an rbk example must check clean" + context);
            case FRAGMENT -> {
                List<Diagnostic> findings = diagnostics.stream().filter(d -> d.code() != Code.UNUSED_PARAM).toList();
                assertTrue(findings.isEmpty(), b.displayName() + ": an rbk-fragment must check clean" + context);
            }
            case ERROR -> {
                for (String expected : b.expected()) {
                    boolean found = diagnostics.stream().anyMatch(d -> d.code().id().equals(expected));
                    assertTrue(found, b.displayName() + ": expected a finding " + expected + context);
                }
                assertTrue(diagnostics.stream().noneMatch(d -> d.code() == Code.INTERNAL),
                        b.displayName() + ": the checker failed internally" + context);
            }
        }
    }

    @Test
    void theDocHasEnoughCheckedExamples() {
        List<Block> blocks = blocks();
        long clean = blocks.stream().filter(b -> b.kind() != Kind.ERROR).count();
        long errors = blocks.stream().filter(b -> b.kind() == Kind.ERROR).count();
        assertTrue(blocks.size() >= MIN_CHECKED_BLOCKS, "docs/language.md has " + blocks.size()
                + " checked examples (" + clean + " clean, " + errors + " with errors); it needs at least " + MIN_CHECKED_BLOCKS);
        assertTrue(errors >= 10, "the reference should show the common mistakes too: only " + errors + " rbk-error blocks");
        assertTrue(blocks.stream().anyMatch(Block::isModule), "no module example");
    }

    @Test
    void theDocShowsTheRunbookFragmentsAreCheckedIn() throws IOException {
        String doc = Files.readString(repoRoot().resolve(DOC), StandardCharsets.UTF_8);
        assertTrue(doc.contains(FRAGMENT_HEADER + "step 1 \"Example\":"),
                DOC + " must show, verbatim, the runbook its fragments are checked in:\n" + FRAGMENT_HEADER);
    }

    // ------------------------------------------------------------ grammar coverage

    /** Where a probe looks: blocks that are runbooks (fragments included), modules, or both. */
    enum Where { RUNBOOK, MODULE, ANY }

    record Probe(Where where, Pattern pattern) {
        static Probe runbook(String regex) {
            return new Probe(Where.RUNBOOK, Pattern.compile(regex, Pattern.MULTILINE));
        }

        static Probe module(String regex) {
            return new Probe(Where.MODULE, Pattern.compile(regex, Pattern.MULTILINE));
        }

        static Probe any(String regex) {
            return new Probe(Where.ANY, Pattern.compile(regex, Pattern.MULTILINE));
        }
    }

    /** The rules whose labelled alternatives must each be shown by a clean example. */
    private static final List<String> COVERED_RULES =
            List.of("header", "headerClause", "item", "body", "stmt", "simpleStmt", "verbClause", "type", "expr", "primary");

    /**
     * A construct for each grammar label, looked for in the code of the clean examples (rbk and rbk-fragment,
     * fragments as placed in their step), with comments removed and the contents of strings emptied
     * ({@code "..."} becomes {@code ""}).
     */
    private static final Map<String, Probe> PROBES = new LinkedHashMap<>();

    static {
        // header
        PROBES.put("runbookHeader", Probe.any("^runbook [\\w-]+ \"\"$"));
        PROBES.put("moduleHeader", Probe.any("^module [\\w-]+ \"\"$"));
        // headerClause
        PROBES.put("sourceClause", Probe.runbook("^\\s+source \"\" section \"\" lines \\d+-\\d+$"));
        PROBES.put("onlineClause", Probe.runbook("^\\s+online$"));
        PROBES.put("requireClause", Probe.runbook("^\\s+require \\S"));
        // item
        PROBES.put("useItem", Probe.any("^use [\\w.-]+( as [\\w-]+)?$"));
        PROBES.put("paramItem", Probe.any("^param [\\w-]+"));
        PROBES.put("stepItem", Probe.runbook("^step [\\w.-]+"));
        PROBES.put("expectItem", Probe.runbook("^expect \\S"));
        PROBES.put("typeItem", Probe.module("^type [\\w-]+ = \\w+( \\| \\w+)+$"));
        PROBES.put("entityItem", Probe.module("^entity [\\w-]+:$"));
        PROBES.put("verbItem", Probe.module("^(verb|query) [\\w-]+ "));
        PROBES.put("builtinItem", Probe.module("^builtin [\\w-]+\\("));
        PROBES.put("invariantItem", Probe.module("^invariant [\\w-]+ \""));
        // body
        PROBES.put("inlineBody", Probe.runbook("^step [\\w.-]+( \"\")?: \\S"));
        PROBES.put("blockBody", Probe.runbook("^step [\\w.-]+( \"\")?:$"));
        // stmt
        PROBES.put("simpleStatement", Probe.runbook("^ +(wait|expect|manual|confirm|sh|sql|call|run|repStop|repStart|destroy|install|duplicate) "));
        PROBES.put("onStatement", Probe.runbook("^\\s+on [^:\\n]+:"));
        PROBES.put("forStatement", Probe.runbook("^\\s+for [\\w-]+ in [^:\\n]+:"));
        PROBES.put("ifStatement", Probe.runbook("^\\s+if [^:\\n]+:"));
        // simpleStmt
        PROBES.put("waitStmt", Probe.runbook("(^\\s+|: )wait .+ timeout \\d+(ms|s|m|h|d)"));
        PROBES.put("expectStmt", Probe.runbook("(^\\s+|: )expect \\S"));
        PROBES.put("manualStmt", Probe.runbook("(^\\s+|: )manual \"\""));
        PROBES.put("confirmStmt", Probe.runbook("(^\\s+|: )confirm \"\""));
        PROBES.put("shStmt", Probe.runbook("(^\\s+|: )sh \"\""));
        PROBES.put("sqlStmt", Probe.runbook("(^\\s+|: )sql [\\w.-]+ \"\""));
        PROBES.put("callStmt", Probe.runbook("(^\\s+|: )call [\\w-]+\\("));
        PROBES.put("runStmt", Probe.runbook("(^\\s+|: )run [\\w.-]+\\("));
        PROBES.put("verbStmt", Probe.runbook("(^\\s+|: )duplicate [\\w-]+ from [\\w-]+ using [\\w-]+$"));
        // verbClause
        PROBES.put("docClause", Probe.module("^\\s+doc \"\"$"));
        PROBES.put("runsClause", Probe.module("^\\s+runs \"\"$"));
        PROBES.put("sqlClause", Probe.module("^\\s+sql \"\"$"));
        PROBES.put("manualClause", Probe.module("^\\s+manual \"\"$"));
        PROBES.put("placeClause", Probe.module("^\\s+on [\\w.-]+$"));
        PROBES.put("promptClause", Probe.module("^\\s+prompt \"\" answer \\S+ secret$"));
        PROBES.put("readsClause", Probe.module("^\\s+reads \"\"$"));
        PROBES.put("modelClause", Probe.module("^\\s+model \\S"));
        PROBES.put("destructiveClause", Probe.module("^\\s+destructive$"));
        PROBES.put("takesClause", Probe.module("^\\s+takes \\d+(ms|s|m|h|d)$"));
        PROBES.put("requiresClause", Probe.module("^\\s+requires .+ else \"\"$"));
        PROBES.put("effectClause", Probe.module("^\\s+effect [\\w-]+(\\.[\\w-]+)+ = \\S"));
        // type
        PROBES.put("listType", Probe.any(": \\[[\\w-]+\\]"));
        PROBES.put("namedType", Probe.any("^param [\\w-]+: [\\w-]+"));
        // expr
        PROBES.put("fieldOfExpr", Probe.runbook("\\b[\\w-]+ of [\\w-]+"));
        PROBES.put("queryExpr", Probe.runbook("(?<![.\\w-])(state|caughtUp) [\\w-]+"));
        PROBES.put("placedExpr", Probe.runbook("[\\w-]+ on \"\""));
        PROBES.put("primaryExpr", Probe.runbook("[\\w-]+\\.[\\w-]+ =="));
        PROBES.put("compareExpr", Probe.runbook(" (<|<=|>|>=) "));
        PROBES.put("equalityExpr", Probe.runbook(" (==|!=) "));
        PROBES.put("memberExpr", Probe.runbook("\\.user in [\\w\\[]"));
        PROBES.put("notExpr", Probe.runbook("\\bnot \\S"));
        PROBES.put("andExpr", Probe.runbook(" and "));
        PROBES.put("orExpr", Probe.runbook(" or "));
        PROBES.put("concatExpr", Probe.runbook("\\] \\+ [\\w\\[]"));
        PROBES.put("quantifiedExpr", Probe.runbook("\\b(all|any|count) [\\w-]+ in [^:]+: \\S"));
        // primary
        PROBES.put("stringLiteral", Probe.runbook("= \"\""));
        PROBES.put("numberLiteral", Probe.runbook("(= |> |checkpoint )\\d+(\\.\\d+)*$"));
        PROBES.put("durationLiteral", Probe.runbook("= \\d+(ms|s|m|h|d)$"));
        PROBES.put("trueLiteral", Probe.any("\\btrue\\b"));
        PROBES.put("falseLiteral", Probe.any("\\bfalse\\b"));
        PROBES.put("hereLiteral", Probe.runbook("\\bhere\\b"));
        PROBES.put("listLiteral", Probe.runbook("= \\["));
        PROBES.put("parenExpr", Probe.runbook("(require|expect|if|and|or|not) \\("));
        PROBES.put("pathExpr", Probe.runbook("[\\w-]+\\.[\\w-]+"));
    }

    /** The {@code # label} names of each covered rule of the grammar. */
    static Map<String, Set<String>> grammarLabels() throws IOException {
        String grammar = Files.readString(repoRoot().resolve("grammar/Runbook.g4"), StandardCharsets.UTF_8);
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String rule : COVERED_RULES) {
            Matcher m = Pattern.compile("(?m)^" + rule + "\\s*\\n\\s*:(.*?)^\\s*;", Pattern.DOTALL).matcher(grammar);
            assertTrue(m.find(), "rule `" + rule + "` not found in grammar/Runbook.g4");
            Set<String> labels = new LinkedHashSet<>();
            Matcher label = Pattern.compile("#\\s*(\\w+)").matcher(m.group(1));
            while (label.find()) labels.add(label.group(1));
            assertTrue(!labels.isEmpty(), "rule `" + rule + "` has no labelled alternatives");
            out.put(rule, labels);
        }
        return out;
    }

    @Test
    void everyLabelledAlternativeOfTheGrammarIsShown() throws IOException {
        Map<String, Set<String>> labels = grammarLabels();
        Set<String> all = new TreeSet<>();
        labels.values().forEach(all::addAll);
        Set<String> unmapped = new TreeSet<>(all);
        unmapped.removeAll(PROBES.keySet());
        assertEquals(Set.of(), unmapped, "grammar labels without a probe in LanguageDocTest: add one, and an example");
        Set<String> stale = new TreeSet<>(PROBES.keySet());
        stale.removeAll(all);
        assertEquals(Set.of(), stale, "probes for labels the grammar no longer has");

        List<Block> clean = blocks().stream().filter(b -> b.kind() != Kind.ERROR).toList();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> rule : labels.entrySet()) {
            for (String label : rule.getValue()) {
                Probe probe = PROBES.get(label);
                boolean shown = clean.stream().anyMatch(b -> applies(probe.where(), b)
                        && probe.pattern().matcher(code(b.placed())).find());
                if (!shown) missing.add(rule.getKey() + " # " + label + "  (looked for /" + probe.pattern() + "/)");
            }
        }
        assertEquals(List.of(), missing, "grammar alternatives no clean example of docs/language.md shows");
    }

    private static boolean applies(Where where, Block b) {
        return switch (where) {
            case ANY -> true;
            case MODULE -> b.isModule();
            case RUNBOOK -> !b.isModule();
        };
    }

    /** The text with comments removed and string contents emptied, so that probes see only code. */
    static String code(String text) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                comment = false;
                quote = 0;
                out.append(c);
            } else if (comment) {
                continue;
            } else if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    out.append('"');
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                out.append('"');
            } else if (c == '#') {
                comment = true;
            } else {
                out.append(c);
            }
        }
        // a comment leaves the spaces before it: trim line ends so that `$` anchors work
        return out.toString().replaceAll("(?m)[ \\t]+$", "");
    }
}
