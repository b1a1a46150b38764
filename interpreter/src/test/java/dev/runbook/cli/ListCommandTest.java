package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.StandardRunbooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code runbook list}, in-process. The standard runbooks grow in number: the tests hold every
 * runbook to the same rules (sorted, each file of {@code runbooks/} listed once, common/ marked), and
 * check exact values only for the four that exist now.
 */
class ListCommandTest {

    static final Path ROOT = TraceGoldenTest.ROOT;

    private final List<MainTest.Result> results = new ArrayList<>();

    MainTest.Result run(String... args) {
        return MainTest.runIn(results, args);
    }

    @AfterEach
    void noStackTraces() {
        MainTest.assertNoStackTraces(results);
    }

    /** The ids of the {@code .rbk} files under {@code runbooks/} on disk: {@code common/role-reversal} for a shared part. */
    static List<String> idsOnDisk() throws IOException {
        Path dir = ROOT.resolve("runbooks");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".rbk")).map(p -> p.substring(0, p.length() - 4)).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ JSON

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> byId(String json, List<String> order) {
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(json);
        assertEquals("runbook.list/v1", doc.get("schema"));
        assertEquals(List.of("schema", "runbooks"), new ArrayList<>(doc.keySet()));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object o : (List<Object>) doc.get("runbooks")) {
            Map<String, Object> r = (Map<String, Object>) o;
            assertEquals(List.of("id", "title", "subProcedure", "steps", "hosts", "sources", "file"), new ArrayList<>(r.keySet()),
                    "the fields of a runbook, in this order");
            String id = (String) r.get("id");
            assertTrue(out.put(id, r) == null, "listed twice: " + id);
            order.add(id);
        }
        return out;
    }

    static Map<String, Object> source(String file, String section, long first, long last) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("file", file);
        s.put("section", section);
        s.put("firstLine", first);
        s.put("lastLine", last);
        return s;
    }

    static Map<String, Object> runbook(String id, String title, boolean sub, long steps, List<String> hosts, Map<String, Object> source) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("title", title);
        r.put("subProcedure", sub);
        r.put("steps", steps);
        r.put("hosts", hosts);
        r.put("sources", List.of(source));
        r.put("file", "<builtin>/runbooks/" + id + ".rbk");
        return r;
    }

    static final String SEED_000 = "000_5f4c3cf0c30dadb1.txt";

    @Test
    void jsonListsEveryStandardRunbookSortedWithTheSharedPartsMarked() throws IOException {
        MainTest.Result r = run("list", "--format", "json");
        assertEquals(Main.OK, r.code(), r.all());
        assertEquals("", r.err());
        List<String> order = new ArrayList<>();
        Map<String, Map<String, Object>> byId = byId(r.out(), order);

        // every file of runbooks/, once, sorted by id, whatever their number
        assertEquals(idsOnDisk(), order, "one entry per file of runbooks/, sorted by id");
        for (Map<String, Object> e : byId.values()) {
            String id = (String) e.get("id");
            assertEquals(id.startsWith("common/"), e.get("subProcedure"), id + ": a sub-procedure exactly when under common/");
            assertTrue(((Long) e.get("steps")) > 0, id + " has steps");
            assertNotNull(e.get("title"), id);
            assertFalse(((List<?>) e.get("sources")).isEmpty(), id + " cites its document");
        }

        assertEquals(runbook("asp-major-online-nocg", "Online major upgrade for an active standby pair (no cache groups)", false, 16,
                List.of("master1host", "master2host", "subscriber1host"),
                source(SEED_000, "Online Major Upgrade for Active Standby Pair", 76, 143)), byId.get("asp-major-online-nocg"));
        // steps 1-6 (one step that runs common/role-reversal), 7 and 8
        assertEquals(runbook("asp-patch-active-role-reversal", "Online patch upgrade for the active master (role reversal)", false, 3,
                List.of("master1host", "master2host"),
                source(SEED_000, "Online Patch Upgrade for Active Master", 26, 53)), byId.get("asp-patch-active-role-reversal"));
        // its parameters have no defaults: the runbook that runs it names the hosts
        assertEquals(runbook("common/role-reversal", "Reverse the roles of the active and standby databases", true, 6, List.of(),
                source(SEED_000, "Online Patch Upgrade for Active Master", 28, 43)), byId.get("common/role-reversal"));
        assertEquals(runbook("ocms-tt-recover-failed-instance", "Recover a failed OCMS TimesTen instance", false, 9,
                List.of("node1.example.com", "node2.example.com"),
                source("004_1b8c0345de90b05a.txt", "Configuring Recovery", 726, 781)), byId.get("ocms-tt-recover-failed-instance"));
    }

    // ------------------------------------------------------------------ text

    /** The cells of a table line, cut at the columns where the heading line's words start. */
    static List<String> cells(String line, List<Integer> starts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int from = Math.min(starts.get(i), line.length());
            int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
            if (from > 0 && from < line.length()) assertEquals(' ', line.charAt(from - 1), "a cell runs into the next column in:\n" + line);
            out.add(line.substring(from, to).strip());
        }
        return out;
    }

    @Test
    void textIsAnAlignedTableSortedById() throws IOException {
        MainTest.Result r = run("list");
        assertEquals(Main.OK, r.code(), r.all());
        assertEquals("", r.err());
        List<String> lines = List.of(r.out().split("\n", -1));
        String heading = lines.get(0);
        List<String> names = List.of("ID", "SUB", "STEPS", "HOSTS", "TITLE", "SOURCE");
        List<Integer> starts = new ArrayList<>();
        for (String name : names) starts.add(heading.indexOf(name));
        assertEquals(names, cells(heading, starts), heading);

        List<String> onDisk = idsOnDisk();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, 1 + onDisk.size())) {
            List<String> cells = cells(line, starts);
            rows.put(cells.get(0), cells);
            // the step count is right-aligned under STEPS
            String stepsCell = line.substring(starts.get(2), starts.get(3)).stripTrailing();
            assertEquals("STEPS".length(), stepsCell.length(), "STEPS right-aligned in:\n" + line);
        }
        assertEquals(onDisk, new ArrayList<>(rows.keySet()), "one row per file of runbooks/, sorted by id");
        assertEquals("", lines.get(1 + onDisk.size()));
        long subs = onDisk.stream().filter(id -> id.startsWith("common/")).count();
        assertEquals(onDisk.size() + " standard runbooks (" + subs + " of them " + (subs == 1 ? "a sub-procedure" : "sub-procedures")
                + ", run by the others)", lines.get(2 + onDisk.size()));
        assertEquals("", lines.get(3 + onDisk.size()), "nothing after the summary line");
        assertEquals(4 + onDisk.size(), lines.size());

        assertEquals(List.of("asp-major-online-nocg", "", "16", "master1host,master2host,subscriber1host",
                "Online major upgrade for an active standby pair (no cache groups)",
                SEED_000 + " \"Online Major Upgrade for Active Standby Pair\" lines 76-143"), rows.get("asp-major-online-nocg"));
        assertEquals(List.of("asp-patch-active-role-reversal", "", "3", "master1host,master2host",
                "Online patch upgrade for the active master (role reversal)",
                SEED_000 + " \"Online Patch Upgrade for Active Master\" lines 26-53"), rows.get("asp-patch-active-role-reversal"));
        assertEquals(List.of("common/role-reversal", "sub", "6", "-", "Reverse the roles of the active and standby databases",
                SEED_000 + " \"Online Patch Upgrade for Active Master\" lines 28-43"), rows.get("common/role-reversal"));
        assertEquals(List.of("ocms-tt-recover-failed-instance", "", "9", "node1.example.com,node2.example.com",
                "Recover a failed OCMS TimesTen instance",
                "004_1b8c0345de90b05a.txt \"Configuring Recovery\" lines 726-781"), rows.get("ocms-tt-recover-failed-instance"));
    }

    @Test
    void everyListedIdIsOneTheOtherCommandsTake() {
        for (String id : StandardRunbooks.all()) {
            assertTrue(StandardRunbooks.find(id).isPresent(), id);
        }
        assertTrue(StandardRunbooks.all().contains("common/role-reversal"), StandardRunbooks.all().toString());
        assertFalse(StandardRunbooks.ids().contains("common/role-reversal"), "ids() lists the procedures only");
    }

    // ------------------------------------------------------------------ usage

    @Test
    void badUsageExitsTwo() {
        MainTest.Result format = run("list", "--format", "xml");
        assertEquals(Main.USAGE, format.code(), format.all());
        assertEquals("", format.out());
        assertTrue(format.err().startsWith("runbook: Invalid value for option '--format': expected one of [text, json]"), format.err());
        assertTrue(format.err().contains("Try 'runbook list --help' for more information."), format.err());

        MainTest.Result extra = run("list", "asp-major-online-nocg");
        assertEquals(Main.USAGE, extra.code(), extra.all());
        assertTrue(extra.err().contains("Unmatched argument"), extra.err());

        MainTest.Result option = run("list", "--verbose");
        assertEquals(Main.USAGE, option.code(), option.all());
        assertTrue(option.err().contains("Unknown option: '--verbose'"), option.err());
    }

    @Test
    void helpNamesTheCommand() {
        MainTest.Result help = run("--help");
        assertEquals(Main.OK, help.code(), help.all());
        assertTrue(help.out().contains("\n  list "), help.out());
        MainTest.Result own = run("list", "--help");
        assertEquals(Main.OK, own.code(), own.all());
        assertTrue(own.out().contains("--format=FORMAT"), own.out());
    }
}
