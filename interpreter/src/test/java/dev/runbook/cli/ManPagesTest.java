package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages written from the picocli model: one per command, each rendered by {@code man -l} without a warning. */
class ManPagesTest {

    @TempDir
    Path dir;

    record Rendered(String out, String err) {}

    static Rendered man(Path page) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("man", "--warnings", "-l", page.toString());
        pb.environment().put("MANWIDTH", "80");
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("PAGER", "cat");
        Path err = Files.createTempFile("man", ".err");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "man -l " + page);
        return new Rendered(out, Files.readString(err));
    }

    @Test
    void onePagePerCommandEachRenderedWithoutWarnings() throws Exception {
        ManPages.main(new String[] {dir.toString()});
        Set<String> expected = new TreeSet<>();
        expected.add("runbook.1");
        for (String name : Main.commandLine().getSubcommands().keySet()) if (!name.equals("help")) expected.add("runbook-" + name + ".1");
        Set<String> written = new TreeSet<>();
        try (var files = Files.list(dir)) {
            files.forEach(f -> written.add(f.getFileName().toString()));
        }
        assertEquals(expected, written);
        for (String name : written) {
            Rendered r = man(dir.resolve(name));
            assertEquals("", r.err(), name + " renders with warnings");
            assertTrue(r.out().contains("NAME") && r.out().contains("SYNOPSIS") && r.out().contains("OPTIONS"), r.out());
        }
        Rendered plan = man(dir.resolve("runbook-plan.1"));
        assertTrue(plan.out().contains("-p, --param NAME=VALUE"), plan.out());
        assertTrue(plan.out().contains("EXIT STATUS"), plan.out());
    }

    @Test
    void theCheckCanFail() throws Exception {
        Path bad = dir.resolve("bad.1");
        Files.writeString(bad, ".TH BAD 1\n.SH NAME\nbad \\- a page with an undefined macro\n.XX oops\n");
        assertTrue(man(bad).err().contains("warning"), "man -l --warnings reports an undefined macro");
    }

    @Test
    void textThatLooksLikeRoffStaysText() {
        assertEquals("\\&.hidden \\e \\-x", ManPages.escapeLine(".hidden \\ -x"));
        Map<String, String> pages = ManPages.pages();
        assertTrue(pages.get("runbook.1").contains(".SH COMMANDS\n"), pages.get("runbook.1"));
    }
}
