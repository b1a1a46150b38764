package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code runbook doc}, in-process: a standard runbook's page in each format, a verb's entry, and the usage errors. */
class DocCommandTest {

    private final List<MainTest.Result> results = new ArrayList<>();

    MainTest.Result run(String... args) {
        return MainTest.runIn(results, args);
    }

    @AfterEach
    void noStackTraces() {
        MainTest.assertNoStackTraces(results);
    }

    @Test
    void aStandardRunbooksPageHasItsPlanAndFigures() {
        MainTest.Result r = run("doc", "asp-patch-active-role-reversal");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("# asp-patch-active-role-reversal: Online patch upgrade for the active master (role reversal)\n"), r.out());
        // the same lines runbook plan prints
        MainTest.Result plan = run("plan", "asp-patch-active-role-reversal");
        for (String line : plan.out().split("\n")) {
            String l = line.strip();
            if (l.contains("$ ") || l.startsWith("operator") || l.startsWith("wait: ")) assertTrue(r.out().contains("\n" + l + "\n"), l);
        }
        assertTrue(r.out().contains("| total virtual time | 28m |"), r.out());
        assertTrue(r.out().contains("- step 8 (line 33): the document runs"), r.out());
    }

    @Test
    void theFormats() {
        MainTest.Result mermaid = run("doc", "--format", "mermaid", "asp-patch-active-role-reversal");
        assertEquals(0, mermaid.code(), mermaid.err());
        assertTrue(mermaid.out().startsWith("sequenceDiagram\n  participant operator\n  participant h1 as master1host\n  participant h2 as master2host\n"),
                mermaid.out());
        MainTest.Result html = run("doc", "--format", "html", "asp-patch-active-role-reversal");
        assertEquals(0, html.code(), html.err());
        assertTrue(html.out().startsWith("<!DOCTYPE html>") && html.out().contains("<svg "), html.out());
    }

    @Test
    void oneVerbsEntry() {
        MainTest.Result r = run("doc", "--verb", "installPatch");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("# `installPatch`\n"), r.out());
        MainTest.Result wrong = run("doc", "--verb", "patchInstall");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("no verb, query or built-in `patchInstall`"), wrong.err());
        assertTrue(wrong.err().contains("`installPatch`"), wrong.err());
    }

    @Test
    void aRunbookWithCheckErrorsGetsItsFindingsInstead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("bad.rbk");
        java.nio.file.Files.writeString(file, MainTest.BAD);
        MainTest.Result r = run("doc", file.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("error[E100]: unknown name `standbyy`"), r.out());
        assertTrue(r.out().endsWith("1 error, 1 warning: no documentation\n"), r.out());
    }

    @Test
    void usageErrors() {
        assertEquals(2, run("doc").code());
        MainTest.Result both = run("doc", "asp-patch-active-role-reversal", "--stdlib");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("not both"), both.err());
        assertEquals(2, run("doc", "--stdlib", "--catalog").code());
        assertEquals(2, run("doc", "no-such-runbook").code());
    }
}
