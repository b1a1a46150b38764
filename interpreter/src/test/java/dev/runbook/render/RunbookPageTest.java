package dev.runbook.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.source.Source;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One runbook's page: Markdown, the Mermaid swimlane diagram and the self-contained HTML, from a small runbook. */
class RunbookPageTest {

    static final String RUNBOOK = """
            runbook swap "Swap the roles of a pair"
              source "000_x.txt" section "Swap" lines 10-20
              require state active == ACTIVE and state standby == STANDBY

            use timesten

            param active = master1 on "master1host"
            param standby = master2 on "master2host"

            step 1 "Stop the standby's agent":
              on standby.host: repStop standby
            step 2 "Start it again":
              # departs: the document forgets to restart the agent
              on standby.host: repStart standby
              wait state standby == STANDBY timeout 30m every 10s
            step 3 "Tell the operator":
              manual "Check the application logs; note the time #1"

            expect state standby == STANDBY
            """;

    static RunbookFacts facts(String text) {
        CheckResult program = new Checker(Library.builtinOnly()).check(Source.of("swap.rbk", text));
        assertFalse(program.hasErrors(), program.diagnostics().toString());
        return RunbookFacts.of("swap", "swap.rbk", program, Map.of(), true);
    }

    @Test
    void theMarkdownPageHasEveryPart() {
        String md = RunbookPage.markdown(facts(RUNBOOK));
        assertTrue(md.startsWith("# swap: Swap the roles of a pair\n"), md);
        assertTrue(md.contains("- Source: 000_x.txt \"Swap\" lines 10-20\n"), md);
        assertTrue(md.contains("| `active` | `master1 on \"master1host\"` |"), md);
        assertTrue(md.contains("- `state active == ACTIVE and state standby == STANDBY`: the state of active is ACTIVE, and the state of standby is STANDBY\n"), md);
        assertTrue(md.contains("- `state standby == STANDBY`: the state of standby is STANDBY\n"), md);
        assertTrue(md.contains("### step 1: Stop the standby's agent\n\n```\nmaster2host$ ttAdmin -repStop master2\n```\n"), md);
        assertTrue(md.contains("master2host$ ttAdmin -repStart master2\nwait: state standby == STANDBY (timeout 30m, every 10s)\n"), md);
        assertTrue(md.contains("operator: Check the application logs; note the time #1\n"), md);
        assertTrue(md.contains("- step 2 (line 13): the document forgets to restart the agent\n"), md);
        assertTrue(md.contains("| simulation | ok: every step ran"), md);
        assertTrue(md.matches("(?s).*\\| total virtual time \\| \\d+[hms].*"), md);
        assertTrue(md.matches("(?s).*\\| explore \\| \\d+ fault points: \\d+ safe, \\d+ unsafe, \\d+ stuck; .*"), md);
        assertTrue(md.contains("```mermaid\nsequenceDiagram\n"), md);
    }

    @Test
    void theDiagramHasALanePerHostAndTheOperatorAndAMessagePerCommand() {
        String mermaid = RunbookPage.mermaid(facts(RUNBOOK));
        assertTrue(mermaid.startsWith("sequenceDiagram\n  participant operator\n  participant h1 as master2host\n  rect "), mermaid);
        assertEquals(2, mermaid.split("operator->>h1: ", -1).length - 1, "one message per command: " + mermaid);
        assertTrue(mermaid.contains("  Note over operator,h1: step 2  Start it again\n"), mermaid);
        assertTrue(mermaid.contains("  Note over operator: wait: state standby == STANDBY (timeout 30m)\n"), mermaid);
        // ; and # would end a statement or start an entity code: Mermaid's own codes stand for them
        assertTrue(mermaid.contains("  Note over operator: manual: Check the application logs#59; note the time #35;1\n"), mermaid);
        assertEquals(3, mermaid.split("\n  end\n", -1).length - 1, "one block per step: " + mermaid);
    }

    @Test
    void theHtmlPageIsSelfContained() {
        String html = RunbookPage.html(facts(RUNBOOK));
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), html);
        assertTrue(html.contains("<text class=\"lane\" x=\"342\" y=\"26\" font-weight=\"bold\" font-size=\"13\">master2host</text>"), html);
        assertTrue(html.contains("ttAdmin -repStop master2"), html);
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").matches("(?s).*(https?:|src=|href=\"//).*"), "nothing fetched");
        assertFalse(html.contains("```"), "no Markdown left");
    }

    @Test
    void aRawCommandIsListedAsUnverified() {
        String text = RUNBOOK.replace("  manual \"Check the application logs; note the time #1\"\n",
                "  on standby.host: sh \"tail -n 20 /var/log/app.log\"\n");
        RunbookFacts f = facts(text);
        assertEquals(1, f.unverified().size(), f.unverified().toString());
        assertEquals("3", f.unverified().get(0).step());
        String md = RunbookPage.markdown(f);
        assertTrue(md.contains("Commands the model cannot follow (their effect is not verified):\n\n- step 3: `"), md);
    }

    @Test
    void aRunbookThatCannotStartSaysWhy() {
        String text = RUNBOOK.replace("param standby = master2 on \"master2host\"", "param standby: database");
        String md = RunbookPage.markdown(facts(text));
        assertTrue(md.contains("Not simulated with its defaults: parameter `standby` has no default"), md);
        assertFalse(md.contains("```mermaid"), md);
    }
}
