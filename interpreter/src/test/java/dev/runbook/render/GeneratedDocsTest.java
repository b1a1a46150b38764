package dev.runbook.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.sim.Invariant;
import dev.runbook.sim.Invariants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/stdlib.md and docs/catalog.md are generated ({@code bin/runbook doc --stdlib > docs/stdlib.md},
 * {@code bin/runbook doc --catalog > docs/catalog.md}): each test fails when the checked-in page is not
 * what the command prints now, and checks that every verb, query, built-in, invariant and standard
 * runbook is in it, found by reading the source files themselves (not the generator's own lists).
 * {@code -Dgolden.update=true} rewrites the pages; review their diff.
 */
class GeneratedDocsTest {

    static final Path ROOT = root();
    private static final boolean UPDATE = "true".equals(System.getProperty("golden.update"));

    static Path root() {
        try {
            return Path.of(System.getProperty("repo.root", "..")).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertFresh(Path page, String generated, String command) throws IOException {
        if (UPDATE) Files.writeString(page, generated, StandardCharsets.UTF_8);
        if (!Files.exists(page)) fail(page + " is missing: run " + command);
        String onDisk = Files.readString(page, StandardCharsets.UTF_8);
        if (!onDisk.equals(generated)) {
            String[] a = onDisk.split("\n", -1);
            String[] b = generated.split("\n", -1);
            int line = 0;
            while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) line++;
            fail(ROOT.relativize(page) + " is stale from line " + (line + 1) + ": run " + command + "\n  on disk:   "
                    + (line < a.length ? a[line] : "(end)") + "\n  generated: " + (line < b.length ? b[line] : "(end)"));
        }
    }

    /** The names declared in the stdlib files with this keyword at the start of a line. */
    static List<String> declared(String keyword) throws IOException {
        List<String> out = new ArrayList<>();
        Pattern p = Pattern.compile("(?m)^" + keyword + " ([A-Za-z0-9_-]+)");
        try (Stream<Path> files = Files.list(ROOT.resolve("stdlib"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".rbk")).sorted().toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void theVerbReferenceIsFreshAndHasEveryVerbQueryBuiltinAndInvariant() throws IOException {
        String generated = StdlibReference.load().markdown();
        assertFresh(ROOT.resolve("docs/stdlib.md"), generated, "bin/runbook doc --stdlib > docs/stdlib.md");
        List<String> callables = new ArrayList<>();
        for (String kind : List.of("verb", "query", "builtin")) callables.addAll(declared(kind));
        assertTrue(callables.size() > 100, "the stdlib declares more than 100 verbs, queries and built-ins: " + callables.size());
        for (String name : callables) {
            assertTrue(generated.contains("\n#### `" + name + "`\n"), "docs/stdlib.md has no entry for " + name);
        }
        List<String> invariants = new ArrayList<>(declared("invariant"));
        for (Invariant i : Invariants.all()) invariants.add(i.id());
        for (String id : invariants) {
            assertTrue(generated.contains("\n#### " + id + ": ") || generated.contains("\n| " + id + " | "), "docs/stdlib.md lacks " + id);
        }
        for (String entity : declared("entity")) assertTrue(generated.contains("### Entity `" + entity + "`"), entity);
    }

    @Test
    void anEntryHasTheCommandTheOutputReadingThePreconditionsEffectsModelLineAndAnExample() {
        StdlibReference ref = StdlibReference.load();
        String repStop = ref.entry("repStop").orElseThrow();
        assertTrue(repStop.startsWith("# `repStop`\n\n`verb repStop (db: database)`\n"), repStop);
        assertTrue(repStop.contains("| command | `ttAdmin -repStop ${db.name}` |"), repStop);
        assertTrue(repStop.contains("| runs on | `db.host` |"), repStop);
        assertTrue(repStop.contains("| requires | `db.rep == up`, else "), repStop);
        assertTrue(repStop.contains("| effect | `db.rep = down` |"), repStop);
        assertTrue(repStop.contains("| model | C-02 "), repStop);
        assertTrue(repStop.matches("(?s).*\\| example \\| `[^`]*repStop [^`]*` \\(`runbooks/[^`]+\\.rbk:\\d+`\\) \\|.*"), repStop);
        String state = ref.entry("state").orElseThrow();
        assertTrue(state.contains("`query state (db: database) -> repstate`"), state);
        assertTrue(state.contains("| reads its output | the regular expression "), state);
        assertTrue(ref.entry("noSuchVerb").isEmpty());
    }

    @Test
    void theCatalogIsFreshAndHasEveryStandardRunbook() throws IOException {
        String generated = Catalog.markdown(Catalog.facts());
        assertFresh(ROOT.resolve("docs/catalog.md"), generated, "bin/runbook doc --catalog > docs/catalog.md");
        Path dir = ROOT.resolve("runbooks");
        List<String> ids;
        try (Stream<Path> files = Files.walk(dir)) {
            ids = files.filter(f -> f.toString().endsWith(".rbk")).map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        }
        assertTrue(ids.size() >= 20, ids.toString());
        for (String id : ids) {
            assertTrue(generated.contains("\n## " + id + "\n"), "docs/catalog.md has no section for " + id);
            if (!id.startsWith("common/")) {
                // every procedure simulates with its defaults: its figures and explore verdict are there
                String section = generated.substring(generated.indexOf("\n## " + id + "\n"));
                section = section.substring(0, section.indexOf("\n## ", 5) < 0 ? section.length() : section.indexOf("\n## ", 5));
                assertTrue(section.contains("| total virtual time | "), section);
                assertTrue(section.contains("| explore | "), section);
            }
        }
        assertEquals(ids.size(), generated.split("\n## ", -1).length - 1, "one section per standard runbook");
        // the pictures it links to are checked in (MermaidParserIT draws them and keeps them current)
        Matcher picture = Pattern.compile("\\]\\((diagrams/[^)]+\\.svg)\\)").matcher(generated);
        int pictures = 0;
        while (picture.find()) {
            pictures++;
            assertTrue(Files.isRegularFile(ROOT.resolve("docs").resolve(picture.group(1))), "docs/" + picture.group(1) + " is missing");
        }
        assertTrue(pictures >= 19, "a picture per procedure: " + pictures);
    }
}
