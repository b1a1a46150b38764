package dev.runbook.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every command (C-01 .. C-63) and invariant (I-01 .. I-33) of the model is covered: a command is
 * declared in stdlib/*.rbk under a {@code # model: C-xx} line, an invariant is written in sim/
 * ({@link Invariants#all()}) or declared in stdlib/*.rbk, and a test names the id; or docs/model.md lists the id under "Left out"
 * with its reason. The ids come from a copy in src/test/resources/model/ids.txt, which must equal
 * those of ../shared/timesten-model.md when that file is present.
 */
class ModelCoverageTest {

    static final Pattern ID = Pattern.compile("\\b([CI]-\\d{2})\\b");
    static final Pattern MARKER = Pattern.compile("^#\\s*model:\\s*(.+)$");
    /** A "Left out" item: {@code - I-20: the reason}, or several ids before the colon. */
    static final Pattern LEFT_OUT = Pattern.compile("^[-*]\\s+((?:[CI]-\\d{2}\\s*,?\\s*)+):\\s*(.+)$");

    static Path root() {
        return SimRun.repoRoot();
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of the model, from the copy in the test resources. */
    static List<String> ids() {
        List<String> out = new ArrayList<>();
        for (String line : SimRun.readResource("model/ids.txt").split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
        }
        return out;
    }

    /** The ids of the shared model: each command's bold heading (**C-05 ...) and each invariant's table row (| I-05 |). */
    static List<String> sharedIds(String text) {
        List<String> out = new ArrayList<>();
        Matcher c = Pattern.compile("(?m)^\\*\\*(C-\\d{2})\\b").matcher(text);
        while (c.find()) out.add(c.group(1));
        Matcher i = Pattern.compile("(?m)^\\|\\s*(I-\\d{2})\\s*\\|").matcher(text);
        while (i.find()) out.add(i.group(1));
        return out;
    }

    @Test
    void theIdListIsTheSharedModels() {
        Path shared = root().resolve("../shared/timesten-model.md").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(shared), "no " + shared + " on this machine: the copy of the ids is used as it is");
        assertEquals(sharedIds(read(shared)), ids(), "src/test/resources/model/ids.txt must list the ids of " + shared + ", in order");
    }

    @Test
    void theIdListHasEveryCommandAndInvariant() {
        List<String> ids = ids();
        assertEquals(63, ids.stream().filter(s -> s.startsWith("C-")).count());
        assertEquals(33, ids.stream().filter(s -> s.startsWith("I-")).count());
        assertEquals(ids.size(), new LinkedHashSet<>(ids).size(), "no id twice");
    }

    /** id -> the stdlib files whose `# model:` lines name it. */
    static Map<String, Set<String>> markers() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(root().resolve("stdlib"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".rbk")).sorted().toList()) {
                for (String line : read(f).split("\n")) {
                    Matcher m = MARKER.matcher(line.strip());
                    if (!m.matches()) continue;
                    Matcher id = ID.matcher(m.group(1));
                    while (id.find()) out.computeIfAbsent(id.group(1), k -> new TreeSet<>()).add(f.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The text of the test class with this simple name. */
    static String testSource(String simpleName) {
        try (Stream<Path> files = Files.walk(root().resolve("interpreter/src/test/java"))) {
            return read(files.filter(p -> p.getFileName().toString().equals(simpleName + ".java")).findFirst()
                    .orElseThrow(() -> new AssertionError("no test class " + simpleName)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of every test source but this one. */
    static String tests() {
        StringBuilder out = new StringBuilder();
        Path dir = root().resolve("interpreter/src/test/java");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                if (f.getFileName().toString().equals("ModelCoverageTest.java")) continue;
                out.append(read(f)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The ids docs/model.md leaves out, each with its reason: the items of its "Left out" section
     * that start with ids and a colon ({@code - I-20: ...}) and say why in a few words. An item
     * that starts otherwise (a part of a command left out) exempts no id.
     */
    static Map<String, String> leftOut() {
        Map<String, String> out = new LinkedHashMap<>();
        Path doc = root().resolve("docs/model.md");
        if (!Files.isRegularFile(doc)) return out;
        boolean inside = false;
        int level = 0;
        for (String line : read(doc).split("\n")) {
            Matcher h = Pattern.compile("^(#+)\\s+(.*)$").matcher(line);
            if (h.matches()) {
                if (inside && h.group(1).length() <= level) inside = false;
                if (h.group(2).toLowerCase(java.util.Locale.ROOT).contains("left out")) {
                    inside = true;
                    level = h.group(1).length();
                }
                continue;
            }
            if (!inside) continue;
            Matcher item = LEFT_OUT.matcher(line);
            if (!item.matches()) continue;
            String reason = item.group(2).strip();
            if (reason.split("\\s+").length < 4) continue;
            Matcher id = ID.matcher(item.group(1));
            while (id.find()) out.putIfAbsent(id.group(1), reason);
        }
        return out;
    }

    /** A `# model:` line names an id of the shared model, or an addition that docs/model.md documents (I-37 above its invariant). */
    @Test
    void everyMarkerNamesAnIdOfTheModel() {
        Set<String> known = new LinkedHashSet<>(ids());
        known.addAll(additions());
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Set<String>> m : markers().entrySet()) {
            if (!known.contains(m.getKey())) unknown.add(m.getKey() + " (in " + m.getValue() + ")");
        }
        assertTrue(unknown.isEmpty(), "`# model:` lines name ids the model does not have: " + unknown);
    }

    /**
     * Invariants the simulator adds to those of the shared model: each has a row of its own in
     * docs/model.md ("| I-34 | ... |") saying what it checks and on which seed lines it rests.
     */
    static List<String> additions() {
        List<String> out = new ArrayList<>();
        Path doc = root().resolve("docs/model.md");
        Matcher m = Pattern.compile("(?m)^\\| (I-\\d+) \\| \\*\\*addition\\*\\*").matcher(read(doc));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The standard rules: those written in sim/ and those the standard library declares. */
    private static List<Invariant> standard() {
        dev.runbook.check.CheckResult all = SimRun.check("""
                runbook every-module "The standard library"
                use timesten
                use cache
                use ocms

                step 1:
                  manual "nothing"
                """);
        return Invariants.with(all.vocabulary(), new Evaluator(all.vocabulary()));
    }

    @Test
    void docsSayWhereEachRuleIsWrittenAndWhichTestBreaksIt() {
        String doc = read(root().resolve("docs/model.md"));
        Matcher row = Pattern.compile("(?m)^\\| (I-\\d+) \\| `([^`]+)` \\| [^|]+ \\| `(\\w+)\\.(\\w+)` \\|$").matcher(doc);
        Set<String> rows = new LinkedHashSet<>();
        while (row.find()) {
            String id = row.group(1);
            rows.add(id);
            String holder = read(root().resolve(row.group(2).startsWith("stdlib/") ? row.group(2) : "interpreter/src/main/java/dev/runbook/" + row.group(2)));
            String declared = row.group(2).endsWith(".rbk") ? "invariant " + id + " " : "\"" + id + "\"";
            assertTrue(holder.contains(declared), id + " is not in " + row.group(2));
            String test = testSource(row.group(3));
            Matcher method = Pattern.compile("void " + row.group(4) + "\\(").matcher(test);
            assertTrue(method.find(), "no test method " + row.group(3) + "." + row.group(4));
            int end = test.indexOf("\n    @Test", method.end());
            assertTrue(test.substring(method.end(), end < 0 ? test.length() : end).contains("\"" + id + "\""),
                    row.group(3) + "." + row.group(4) + " does not name " + id);
        }
        Set<String> standard = new LinkedHashSet<>();
        for (Invariant i : standard()) standard.add(i.id());
        assertEquals(standard, rows, "docs/model.md §4.1 has one row per rule the simulator checks, in id order");
    }

    @Test
    void everyInvariantIdIsOfTheModel() {
        Set<String> known = new LinkedHashSet<>(ids());
        List<String> additions = additions();
        for (String a : additions) assertFalse(known.contains(a), a + " is an id of the shared model, not an addition");
        known.addAll(additions);
        for (Invariant i : standard()) {
            assertTrue(known.contains(i.id()), i.id() + " (" + i.rule() + ") is not an invariant of the model,"
                    + " nor a row `| " + i.id() + " | **addition** ...` of docs/model.md");
        }
        String tests = tests();
        for (String a : additions) {
            assertTrue(standard().stream().anyMatch(i -> i.id().equals(a)), a + " is documented as an addition but not checked");
            assertTrue(Pattern.compile("\\b" + a + "\\b").matcher(tests).find(), "no test names the addition " + a);
        }
    }

    @Test
    void everyCommandAndInvariantIsCovered() {
        Map<String, Set<String>> markers = markers();
        Set<String> invariants = new LinkedHashSet<>();
        for (Invariant i : standard()) invariants.add(i.id());
        String tests = tests();
        Map<String, String> leftOut = leftOut();
        List<String> missing = new ArrayList<>();
        for (String id : ids()) {
            if (leftOut.containsKey(id)) continue;
            boolean declared = id.startsWith("C-") ? markers.containsKey(id) : invariants.contains(id);
            boolean tested = Pattern.compile("\\b" + id + "\\b").matcher(tests).find();
            if (declared && tested) continue;
            List<String> why = new ArrayList<>();
            if (!declared) why.add(id.startsWith("C-") ? "no `# model: " + id + "` line in stdlib/*.rbk" : "no invariant " + id + " in sim/ nor in stdlib/*.rbk");
            if (!tested) why.add("no test names it");
            missing.add(id + ": " + String.join(", ", why));
        }
        if (!missing.isEmpty()) {
            fail(missing.size() + " ids of the model are not covered (declare and test them, or list them under \"Left out\""
                    + " in docs/model.md with a reason):\n  " + String.join("\n  ", missing));
        }
    }
}
