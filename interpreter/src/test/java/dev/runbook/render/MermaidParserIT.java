package dev.runbook.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.check.StandardRunbooks;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * Every swimlane diagram {@code runbook doc} draws, parsed and rendered by Mermaid's own code:
 * {@code mmdc} of npm's @mermaid-js/mermaid-cli in Debian's chromium, installed by .ci/install-mermaid
 * (which .ci/run runs). One mmdc process renders them all (a Markdown file with one chart per
 * standard runbook, plus one with the characters Mermaid would read as syntax); a chart Mermaid
 * cannot parse makes mmdc fail. Each picture is then read back as SVG and must show its lanes.
 * The pictures stay in interpreter/target/mermaid/, and one per standard runbook is checked in as
 * docs/diagrams/ID.svg (compared by its texts). Without mmdc the test fails: it never skips.
 */
class MermaidParserIT {

    static Path mmdc() {
        String home = System.getenv("RUNBOOK_MMDC_HOME");
        Path dir = home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".cache", "runbook", "mermaid-cli");
        return dir.resolve("node_modules/.bin/mmdc");
    }

    @Test
    void mermaidParsesAndRendersEveryDiagram() throws Exception {
        Path mmdc = mmdc();
        if (!Files.isExecutable(mmdc)) fail(mmdc + " is missing: run .ci/install-mermaid (.ci/run does)");
        Path root = GeneratedDocsTest.ROOT;
        Path out = root.resolve("interpreter/target/mermaid");
        Files.createDirectories(out);
        try (var old = Files.list(out)) {
            for (Path p : old.toList()) Files.delete(p);
        }
        Map<String, RunbookFacts> charts = new LinkedHashMap<>();
        Checker checker = new Checker(Library.builtinOnly());
        for (String id : StandardRunbooks.all()) {
            CheckResult program = checker.check(StandardRunbooks.find(id).orElseThrow());
            RunbookFacts facts = RunbookFacts.of(id, id, program, Map.of(), false);
            if (facts.problem() == null) charts.put(id, facts);
        }
        assertTrue(charts.size() >= 19, "every procedure has a diagram: " + charts.keySet());
        charts.put("escapes", RunbookPageTest.facts(RunbookPageTest.RUNBOOK));
        StringBuilder md = new StringBuilder();
        for (RunbookFacts f : charts.values()) md.append("```mermaid\n").append(RunbookPage.mermaid(f)).append("```\n\n");
        Path input = out.resolve("all.md");
        Files.writeString(input, md, StandardCharsets.UTF_8);
        Path log = out.resolve("mmdc.log");
        Process p = new ProcessBuilder(mmdc.toString(), "-q", "-p", root.resolve(".ci/puppeteer.json").toString(),
                "-i", input.toString(), "-o", out.resolve("chart.md").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(25, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("mmdc did not finish in 25 minutes");
        }
        assertEquals(0, p.exitValue(), "mmdc failed: a diagram Mermaid cannot parse?\n" + Files.readString(log));
        int n = 1;
        List<String> rendered = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, RunbookFacts> chart : charts.entrySet()) {
            Path svg = out.resolve("chart-" + n++ + ".svg");
            assertTrue(Files.isRegularFile(svg), "no picture for " + chart.getKey());
            String text = Files.readString(svg, StandardCharsets.UTF_8);
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
            assertTrue(text.startsWith("<svg") && text.contains("sequence"), chart.getKey() + ": " + text.substring(0, Math.min(200, text.length())));
            for (String host : chart.getValue().hosts()) assertTrue(text.contains(">" + host + "<"), chart.getKey() + " shows no lane " + host);
            assertTrue(!text.contains("Syntax error"), chart.getKey() + " rendered Mermaid's error picture");
            Path kept = out.resolve(chart.getKey().replace('/', '_') + ".svg");
            Files.move(svg, kept);
            rendered.add(chart.getKey());
            if (!chart.getKey().equals("escapes")) checkedIn(root, chart.getKey(), kept, problems);
        }
        assertEquals(charts.size(), rendered.size());
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }

    /**
     * The picture checked in as docs/diagrams/ID.svg says what the fresh one says: the same texts in
     * the same order (lanes, step bands, commands, notes). Its geometry is not compared, since it
     * depends on the fonts of the machine that drew it. {@code -Dgolden.update=true} copies the fresh one.
     */
    static void checkedIn(Path root, String id, Path fresh, List<String> problems) throws IOException {
        Path picture = root.resolve("docs/diagrams/" + id.replace('/', '_') + ".svg");
        if (UPDATE) {
            Files.createDirectories(picture.getParent());
            Files.copy(fresh, picture, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isRegularFile(picture)) {
            problems.add("no picture " + root.relativize(picture) + ": run MermaidParserIT with -Dgolden.update=true");
        } else if (!texts(Files.readString(picture)).equals(texts(Files.readString(fresh)))) {
            problems.add(root.relativize(picture) + " is stale: run MermaidParserIT with -Dgolden.update=true");
        }
    }

    private static final boolean UPDATE = "true".equals(System.getProperty("golden.update"));

    /** The texts of an SVG, in order: what {@code >...<} encloses, blank ones left out. */
    static List<String> texts(String svg) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(">([^<>]+)<").matcher(svg);
        while (m.find()) {
            String t = m.group(1).strip();
            if (!t.isEmpty() && !t.startsWith("#") && !t.contains("{")) out.add(t);
        }
        return out;
    }
}
