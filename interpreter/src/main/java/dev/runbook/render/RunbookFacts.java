package dev.runbook.render;

import dev.runbook.ast.AstWalker;
import dev.runbook.ast.Comment;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.check.CheckResult;
import dev.runbook.engine.Event;
import dev.runbook.exec.Explorer;
import dev.runbook.exec.PlanSteps;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.InitialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the documentation says about one checked runbook, all of it computed, none of it kept by
 * hand: its header, parameters, the plan a simulation with its defaults makes, the simulation's
 * figures, the explore verdict, its departures from the document and the commands the model could
 * not follow. {@code runbook doc} and the catalog read it.
 */
public record RunbookFacts(String id, String display, RunbookFile file, PlanSteps plan, Figures figures,
                           Explore explore, List<Departure> departures, List<Unverified> unverified, String problem) {

    /** The simulation with the defaults: ok, total virtual time, write outage, and the failure line when it failed. */
    public record Figures(boolean ok, long totalMillis, long writeOutageMillis, String failure) {}

    /** The explore verdict: fault points tried, and how many left the cluster safe, unsafe or stuck. */
    public record Explore(int tried, int safe, int unsafe, int stuck) {
        public String verdict() {
            if (tried == 0) return "no fault point";
            return unsafe == 0 ? "no single fault leaves the cluster unsafe" : unsafe + " of " + tried + " single faults leave the cluster unsafe";
        }
    }

    /** A {@code # departs:} comment, with the step it is in ({@code header} before the first step). */
    public record Departure(String step, int line, String text) {}

    /** A raw command whose effect the model cannot know, with the step that sends it. */
    public record Unverified(String step, String what) {}

    public RunbookFacts {
        departures = List.copyOf(departures);
        unverified = List.copyOf(unverified);
    }

    /**
     * Simulates (and, when {@code explore}, explores) a runbook checked without errors, with its
     * parameters' defaults and {@code params}. A runbook whose simulation cannot start (a parameter
     * without a default, a require line nothing satisfies) gets no plan nor figures, and says why.
     */
    public static RunbookFacts of(String id, String display, CheckResult program, Map<String, String> params, boolean explore) {
        RunbookFile file = program.file();
        List<Departure> departures = departures(file);
        Simulation.Options options = new Simulation.Options(params, null, List.of(), 0);
        Simulation.Result result;
        try {
            result = Simulation.run(program, options);
        } catch (InitialState.Problem p) {
            return new RunbookFacts(id, display, file, PlanSteps.none(program), null, null, departures, List.of(), p.getMessage());
        }
        Figures figures = null;
        List<Unverified> unverified = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (Event e : result.events()) {
            if (e instanceof Event.StepStarted s) open.add(s.label());
            else if (e instanceof Event.StepFinished && !open.isEmpty()) open.remove(open.size() - 1);
            else if (e instanceof Event.Unverified u) unverified.add(new Unverified(open.isEmpty() ? "" : open.get(open.size() - 1), u.what()));
            else if (e instanceof Event.RunFinished f) figures = new Figures(f.ok(), f.totalMillis(), f.writeOutageMillis(), null);
        }
        PlanSteps plan = PlanSteps.of(program, result);
        if (figures != null && plan.failure() != null) {
            figures = new Figures(false, figures.totalMillis(), figures.writeOutageMillis(), failureText(plan.failure()));
        }
        Explore verdict = null;
        if (explore) {
            try {
                Explorer.Report report = Explorer.explore(program, options);
                verdict = new Explore(report.tried(), report.count(Explorer.Outcome.SAFE), report.count(Explorer.Outcome.UNSAFE),
                        report.count(Explorer.Outcome.STUCK));
            } catch (InitialState.Problem p) {
                verdict = null;
            }
        }
        return new RunbookFacts(id, display, file, plan, figures, verdict, departures, unverified, null);
    }

    private static String failureText(Event e) {
        if (e instanceof Event.InvariantViolated v) return "step " + v.label() + ": " + v.id() + " violated: " + v.rule();
        if (e instanceof Event.PreconditionFailed p) return "step " + p.label() + ": a precondition of " + p.verb() + " does not hold";
        if (e instanceof Event.ExpectFailed x) return "step " + x.label() + ": expect failed: " + x.condition();
        if (e instanceof Event.WaitTimedOut w) return "step " + w.label() + ": timed out waiting for " + w.condition();
        if (e instanceof Event.CommandFailed c) return "step " + c.label() + ": " + c.verb() + " failed";
        return e.toString();
    }

    /** Every {@code # departs:} comment of the file, in the order of the file, with its step. */
    static List<Departure> departures(RunbookFile file) {
        List<Departure> out = new ArrayList<>();
        AstWalker.comments(file.header(), c -> add(out, "header", c));
        for (Item item : file.items()) {
            String where = item instanceof Item.StepItem s ? "step " + s.number().text() : "header";
            AstWalker.comments(item, c -> add(out, where, c));
        }
        for (Comment c : file.danglingComments()) add(out, "end", c);
        out.sort(java.util.Comparator.comparingInt(Departure::line));
        return out;
    }

    private static void add(List<Departure> out, String where, Comment c) {
        if (c.isDeparture()) out.add(new Departure(where, c.span().line(), c.departure()));
    }

    public Header.RunbookHeader header() {
        return file.header() instanceof Header.RunbookHeader h ? h : null;
    }

    public String title() {
        Header.RunbookHeader h = header();
        return h == null || h.title() == null ? "" : h.title().value();
    }

    /** {@code FILE "SECTION" lines A-B} for each source clause. */
    public List<String> sources() {
        List<String> out = new ArrayList<>();
        Header.RunbookHeader h = header();
        if (h == null) return out;
        for (HeaderClause.SourceClause s : h.sources()) {
            StringBuilder b = new StringBuilder(s.document() == null ? "" : s.document().value());
            if (s.section() != null) b.append(" \"").append(s.section().value()).append('"');
            if (s.lines() != null) b.append(" lines ").append(s.lines().first()).append(s.lines().last() == s.lines().first() ? "" : "-" + s.lines().last());
            out.add(b.toString());
        }
        return out;
    }

    /** The hosts the plan sends commands to, in the order of their first command. */
    public List<String> hosts() {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (PlanSteps.Step s : plan.steps()) for (PlanSteps.Entry e : s.entries()) if (Swimlane.onHost(e)) out.add(e.host());
        return List.copyOf(out);
    }

    /** The top-level steps of the runbook. */
    public int steps() {
        return file.itemsOf(Item.StepItem.class).size();
    }
}
