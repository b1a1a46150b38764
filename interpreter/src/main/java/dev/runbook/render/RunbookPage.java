package dev.runbook.render;

import dev.runbook.ast.Durations;
import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.exec.PlanSteps;
import java.util.ArrayList;
import java.util.List;

/**
 * One page per runbook ({@code runbook doc}): title, source, parameters and their defaults, the
 * {@code require} and {@code expect} lines in words, each step with the commands a run sends per
 * host (the plan), the departures from the document, the simulation's figures and the explore
 * verdict, and the swimlane diagram. Markdown (the diagram in Mermaid), the diagram alone, or one
 * self-contained HTML page (the diagram drawn in SVG).
 */
public final class RunbookPage {

    private RunbookPage() {}

    public static String markdown(RunbookFacts facts) {
        return page(facts).markdown();
    }

    public static String html(RunbookFacts facts) {
        return page(facts).html(facts.id() + ": " + facts.title());
    }

    /** The swimlane diagram alone, in Mermaid. */
    public static String mermaid(RunbookFacts facts) {
        return Swimlane.of(facts.plan()).mermaid();
    }

    /** The swimlane diagram alone, in SVG. */
    public static String svg(RunbookFacts facts) {
        return Swimlane.of(facts.plan()).svg();
    }

    /** {@code `text`}, with a longer fence when the text holds a backtick. */
    static String code(String text) {
        return text.contains("`") ? "`` " + text + " ``" : "`" + text + "`";
    }

    static String duration(long millis) {
        if (millis >= 1000 && millis % 1000 != 0) millis = Math.round(millis / 1000.0) * 1000;
        return Durations.format(millis);
    }

    private static Page page(RunbookFacts f) {
        Page page = new Page();
        page.heading(1, f.id() + (f.title().isEmpty() ? "" : ": " + f.title()));
        List<String> about = new ArrayList<>();
        for (String s : f.sources()) about.add("Source: " + s);
        about.add("File: " + code(f.display()));
        Header.RunbookHeader h = f.header();
        if (h != null && h.online()) {
            about.add("Online: the applications keep a writable ACTIVE"
                    + (h.outage() == null ? "" : ", paused for at most " + h.outage().text()));
        }
        page.bullets(about);
        StdlibReference.paras(page, h == null ? "" : h.trivia().doc());

        List<Item.ParamItem> params = f.file().itemsOf(Item.ParamItem.class);
        if (!params.isEmpty()) {
            page.heading(2, "Parameters");
            List<List<String>> rows = new ArrayList<>();
            for (Item.ParamItem p : params) {
                rows.add(List.of(code(p.name().text() + (p.type() == null ? "" : ": " + ExprDocs.type(p.type()))),
                        p.defaultValue() == null ? "(none: give it with -p)" : code(ExprDocs.flat(p.defaultValue())),
                        p.trivia().doc().replace("\n", " ")));
            }
            page.table(List.of("name", "default", "about"), rows);
        }

        List<HeaderClause.RequireClause> requires = h == null ? List.of() : h.requires();
        if (!requires.isEmpty()) {
            page.heading(2, "Before it starts");
            page.para("The `require` lines: the simulation takes them as the starting point, a run checks them first.");
            page.bullets(requires.stream().map(r -> code(ExprDocs.flat(r.condition())) + ": " + Words.of(r.condition())).toList());
        }
        List<Item.ExpectItem> expects = f.file().itemsOf(Item.ExpectItem.class);
        if (!expects.isEmpty()) {
            page.heading(2, "At the end");
            page.para("The `expect` lines, checked when the last step is done.");
            page.bullets(expects.stream().map(x -> code(ExprDocs.flat(x.condition())) + ": " + Words.of(x.condition())).toList());
        }

        page.heading(2, "Steps");
        if (f.problem() != null) {
            page.para("Not simulated with its defaults: " + f.problem() + ". `runbook plan` with the parameters shows the commands.");
        } else {
            page.para("The commands a run sends, per host and in order, as `runbook plan` prints them (secrets masked); "
                    + "`operator` lines are actions a person takes, `wait` lines poll the cluster.");
            for (PlanSteps.Step step : f.plan().steps()) {
                page.heading(step.depth() == 0 ? 3 : 4, "step " + step.label() + (step.title().isEmpty() ? "" : ": " + step.title()));
                if (step.entries().isEmpty()) continue;
                StringBuilder lines = new StringBuilder();
                for (PlanSteps.Entry e : step.entries()) lines.append(Plan.line(e)).append('\n');
                page.code("", lines.toString());
            }
        }

        page.heading(2, "Departures from the document");
        if (f.departures().isEmpty()) page.para("None: the runbook follows its document.");
        else page.bullets(f.departures().stream().map(d -> d.step() + " (line " + d.line() + "): " + d.text()).toList());

        page.heading(2, "Simulation");
        page.table(List.of("figure", "value"), figures(f));
        if (!f.unverified().isEmpty()) {
            page.para("Commands the model cannot follow (their effect is not verified):");
            page.bullets(f.unverified().stream().map(u -> "step " + u.step() + ": " + code(u.what())).toList());
        }

        if (f.problem() == null) {
            page.heading(2, "Who does what");
            page.para("One lane for the operator and one per host, the steps top to bottom; waits and manual actions are notes.");
            Swimlane lanes = Swimlane.of(f.plan());
            page.code("mermaid", lanes.mermaid());
            page.svg(lanes.svg());
        }
        return page;
    }

    /** The figures of the simulation with the defaults and of explore, as rows of a table. */
    static List<List<String>> figures(RunbookFacts f) {
        List<List<String>> rows = new ArrayList<>();
        if (f.figures() == null) {
            rows.add(List.of("simulation", f.problem() == null ? "not run" : "not run: " + f.problem()));
            return rows;
        }
        rows.add(List.of("simulation", f.figures().ok() ? "ok: every step ran, every invariant held, every expect was met"
                : "FAILED at " + f.figures().failure()));
        rows.add(List.of("total virtual time", duration(f.figures().totalMillis())));
        rows.add(List.of("write outage", duration(f.figures().writeOutageMillis())));
        if (f.explore() != null) {
            RunbookFacts.Explore x = f.explore();
            rows.add(List.of("explore", x.tried() + " fault points: " + x.safe() + " safe, " + x.unsafe() + " unsafe, " + x.stuck()
                    + " stuck; " + x.verdict()));
        }
        return rows;
    }

    /** A list parameter's or a literal's value as the page shows it. */
    static String value(Expr e) {
        return e == null ? "" : ExprDocs.flat(e);
    }
}
