package dev.runbook.render;

import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.Stmt;
import dev.runbook.check.CheckResult;
import dev.runbook.engine.Event;
import dev.runbook.exec.Simulation;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan of a runbook: the exact command lines per host in order, secrets masked, taken from a
 * simulation (the simulation is the plan), grouped per step, with the operator's actions and the
 * waits between them.
 */
public final class Plan {

    public static final String SCHEMA = "runbook.plan/v1";

    /** One line of the plan. {@code kind}: run, sql, sh, manual or wait. */
    public record Entry(String host, String kind, String command, String verb, Long timeoutMillis, Long everyMillis) {}

    public record Step(String label, String title, String file, Span span, int depth, List<Entry> entries) {}

    private final Event.RunStarted started;
    private final List<dev.runbook.sim.InitialState.Assumption> assumptions;
    /** Why the simulation could not start (then there are no steps), or null. */
    private dev.runbook.sim.InitialState.Problem problem;
    private final List<Step> steps = new ArrayList<>();
    private final Event failure;
    private final boolean ok;

    private Plan(Event.RunStarted started, Event failure, boolean ok, List<dev.runbook.sim.InitialState.Assumption> assumptions) {
        this.started = started;
        this.assumptions = assumptions;
        this.failure = failure;
        this.ok = ok;
    }

    /** The title of the lines of a step that come after a sub-runbook it ran. */
    public static final String CONTINUED = "(continued)";

    /** The plan a simulation's events make, with the waits' timeouts read from the runbooks they are in. */
    public static Plan of(CheckResult program, Simulation.Result result) {
        Waits waits = new Waits(program);
        Event.RunStarted started = null;
        Event failure = null;
        for (Event e : result.events()) {
            if (e instanceof Event.RunStarted r) started = r;
            if (TraceText.isFailure(e) && failure == null) failure = e;
        }
        Plan plan = new Plan(started, failure, result.ok(), result.assumptions());
        List<Step> open = new ArrayList<>();
        for (Event e : result.events()) {
            if (e instanceof Event.StepStarted s) {
                Step step = new Step(s.label(), s.title(), s.file(), s.span(), open.size(), new ArrayList<>());
                plan.steps.add(step);
                open.add(step);
                continue;
            }
            if (e instanceof Event.StepFinished) {
                if (!open.isEmpty()) open.remove(open.size() - 1);
                continue;
            }
            if (open.isEmpty() || !(e instanceof Event.CommandIssued || e instanceof Event.ManualAction || e instanceof Event.Waited)) continue;
            Step current = open.get(open.size() - 1);
            if (plan.steps.get(plan.steps.size() - 1) != current) {
                // the step goes on after a sub-runbook it ran: its next lines come after the sub-steps', as a run sends them
                current = new Step(current.label(), CONTINUED, current.file(), current.span(), current.depth(), new ArrayList<>());
                plan.steps.add(current);
                open.set(open.size() - 1, current);
            }
            if (e instanceof Event.CommandIssued c) {
                current.entries().add(new Entry(c.host(), c.kind(), c.command(), c.verb(), null, null));
            } else if (e instanceof Event.ManualAction m) {
                current.entries().add(new Entry(null, "manual", m.instruction(), null, null, null));
            } else if (e instanceof Event.Waited w) {
                Stmt.WaitStmt stmt = waits.find(current, w.condition());
                Long timeout = stmt == null ? null : stmt.timeout().millis();
                Long every = stmt == null ? null : stmt.every() == null ? null : stmt.every().millis();
                current.entries().add(new Entry(null, "wait", w.condition(), null, timeout, every));
            }
        }
        return plan;
    }

    /** The plan of a runbook whose simulation could not start: no steps, and the reason in the JSON's {@code error}. */
    public static Plan unstarted(CheckResult program, dev.runbook.sim.InitialState.Problem problem) {
        Plan plan = of(program, new Simulation.Result(false, List.of(), null));
        plan.problem = problem;
        return plan;
    }

    /** The steps in the order they ran, each with its lines. */
    public List<Step> steps() {
        return steps;
    }

    // ------------------------------------------------------------------ text

    public String text(String file) {
        StringBuilder out = new StringBuilder();
        if (started != null) {
            out.append(started.runbook());
            if (!started.title().isEmpty()) out.append("  ").append(started.title());
            out.append('\n');
            out.append("plan of ").append(file).append(": the commands a run sends, in order, secrets masked; nothing was run\n");
            if (!started.params().isEmpty()) out.append("params: ").append(TraceText.params(started.params())).append('\n');
            out.append(Assumed.text(assumptions));
        }
        return out.append(steps(0, "the plan stops here: the simulation failed; runbook simulate shows the whole trace")).toString();
    }

    /**
     * The steps from the {@code from}-th on, their lines, the failure where the simulation stopped
     * (then {@code stopped}), and a summary of those steps: the REPL's plan of what remains.
     */
    public String steps(int from, String stopped) {
        StringBuilder out = new StringBuilder();
        List<Step> shown = steps.subList(Math.min(from, steps.size()), steps.size());
        for (Step step : shown) {
            if (step.depth() == 0) out.append('\n');
            String indent = "  ".repeat(step.depth());
            out.append(indent).append("step ").append(step.label());
            if (!step.title().isEmpty()) out.append("  ").append(step.title());
            out.append('\n');
            for (Entry entry : step.entries()) out.append(indent).append("  ").append(line(entry)).append('\n');
        }
        if (failure != null) {
            out.append('\n');
            TraceText.failure(out, failure, null, List.of());
            out.append(stopped).append('\n');
        }
        out.append('\n').append(summary(shown)).append('\n');
        return out.toString();
    }

    public static String line(Entry e) {
        return switch (e.kind()) {
            case "manual" -> TraceText.operator(e.host()) + ": " + e.command();
            case "wait" -> "wait: " + e.command() + (e.timeoutMillis() == null ? ""
                    : " (timeout " + TraceText.duration(e.timeoutMillis())
                    + (e.everyMillis() == null ? "" : ", every " + TraceText.duration(e.everyMillis())) + ")");
            default -> e.host() + "$ " + e.command();
        };
    }

    public int commands() {
        return commands(steps);
    }

    private static int commands(List<Step> steps) {
        int n = 0;
        for (Step s : steps) for (Entry e : s.entries()) if (isCommand(e)) n++;
        return n;
    }

    public Set<String> hosts() {
        return hosts(steps);
    }

    private static Set<String> hosts(List<Step> steps) {
        Set<String> out = new LinkedHashSet<>();
        for (Step s : steps) for (Entry e : s.entries()) if (isCommand(e)) out.add(e.host());
        return out;
    }

    public int count(String kind) {
        return count(steps, kind);
    }

    private static int count(List<Step> steps, String kind) {
        int n = 0;
        for (Step s : steps) for (Entry e : s.entries()) if (e.kind().equals(kind)) n++;
        return n;
    }

    private static boolean isCommand(Entry e) {
        return !e.kind().equals("manual") && !e.kind().equals("wait");
    }

    /** What the run started with, or null when it could not start. */
    public Event.RunStarted started() {
        return started;
    }

    public List<dev.runbook.sim.InitialState.Assumption> assumptions() {
        return assumptions;
    }

    /** Why the simulation could not start, or null. */
    public dev.runbook.sim.InitialState.Problem problem() {
        return problem;
    }

    /** The first failure of the simulation the plan was taken from, or null. */
    public Event failure() {
        return failure;
    }

    public boolean ok() {
        return ok;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    public String summary() {
        return summary(steps);
    }

    private static String summary(List<Step> steps) {
        return count(commands(steps), "command") + " on " + count(hosts(steps).size(), "host") + ", "
                + count(count(steps, "manual"), "manual action") + ", " + count(count(steps, "wait"), "wait");
    }

    /** The {@code wait} statements of each step of the runbook and of the runbooks it runs, to read their timeouts. */
    private static final class Waits {
        private final Map<String, List<Stmt.WaitStmt>> byStep = new HashMap<>();
        private final Map<String, Source> sources = new HashMap<>();

        Waits(CheckResult program) {
            add(program.source(), program.file());
            for (CheckResult.UsedRunbook used : program.runbooks().values()) add(used.source(), used.file());
        }

        private void add(Source source, RunbookFile file) {
            if (source == null || file == null) return;
            sources.put(source.name(), source);
            for (Item.StepItem step : file.itemsOf(Item.StepItem.class)) {
                List<Stmt.WaitStmt> waits = new ArrayList<>();
                collect(step.body(), waits);
                byStep.put(key(source.name(), step.span()), waits);
            }
        }

        private static void collect(List<Stmt> body, List<Stmt.WaitStmt> out) {
            for (Stmt s : body) {
                if (s instanceof Stmt.WaitStmt w) out.add(w);
                else if (s instanceof Stmt.OnStmt on) collect(on.body(), out);
                else if (s instanceof Stmt.ForStmt f) collect(f.body(), out);
                else if (s instanceof Stmt.IfStmt i) {
                    collect(i.then(), out);
                    collect(i.otherwise(), out);
                }
            }
        }

        private static String key(String file, Span span) {
            return file + "@" + (span == null ? "" : span.line() + ":" + span.column());
        }

        /** The wait of this step whose condition reads as the engine wrote it. */
        Stmt.WaitStmt find(Step step, String condition) {
            Source source = sources.get(step.file());
            List<Stmt.WaitStmt> waits = byStep.get(key(step.file(), step.span()));
            if (source == null || waits == null) return null;
            for (Stmt.WaitStmt w : waits) {
                if (source.slice(w.condition().span()).replaceAll("\\s+", " ").strip().equals(condition)) return w;
            }
            return null;
        }
    }
}
