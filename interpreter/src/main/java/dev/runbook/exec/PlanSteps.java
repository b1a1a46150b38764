package dev.runbook.exec;

import dev.runbook.ast.Item;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.Stmt;
import dev.runbook.check.CheckResult;
import dev.runbook.engine.Event;
import dev.runbook.sim.InitialState;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan of a runbook as data: the exact command lines per host in order, secrets masked, taken
 * from a simulation (the simulation is the plan), grouped per step, with the operator's actions and
 * the waits between them. {@code runbook plan} prints it; {@code runbook doc} draws it.
 */
public final class PlanSteps {

    /** One line of the plan. {@code kind}: run, sql, sh, manual or wait; {@code host} is null for a {@code manual} statement and a wait. */
    public record Entry(String host, String kind, String command, String verb, Long timeoutMillis, Long everyMillis) {
        /** A command sent to a host (not an operator's action, not a wait). */
        public boolean isCommand() {
            return !kind.equals("manual") && !kind.equals("wait");
        }
    }

    /** {@code depth}: 0 for a step of the runbook, 1 for a step of a sub-runbook it runs, and so on. */
    public record Step(String label, String title, String file, Span span, int depth, List<Entry> entries) {}

    /** The title of the lines of a step that come after a sub-runbook it ran. */
    public static final String CONTINUED = "(continued)";

    private final Event.RunStarted started;
    private final List<InitialState.Assumption> assumptions;
    private final List<Step> steps = new ArrayList<>();
    private final Event failure;
    private final boolean ok;

    private PlanSteps(Event.RunStarted started, Event failure, boolean ok, List<InitialState.Assumption> assumptions) {
        this.started = started;
        this.assumptions = assumptions;
        this.failure = failure;
        this.ok = ok;
    }

    /** Whether the event says where and why a run stopped, or which rule it broke. */
    public static boolean isFailure(Event e) {
        return e instanceof Event.InvariantViolated || e instanceof Event.PreconditionFailed || e instanceof Event.ExpectFailed
                || e instanceof Event.WaitTimedOut || e instanceof Event.CommandFailed;
    }

    /** The plan a simulation's events make, with the waits' timeouts read from the runbooks they are in. */
    public static PlanSteps of(CheckResult program, Simulation.Result result) {
        Waits waits = new Waits(program);
        Event.RunStarted started = null;
        Event failure = null;
        for (Event e : result.events()) {
            if (e instanceof Event.RunStarted r) started = r;
            if (isFailure(e) && failure == null) failure = e;
        }
        PlanSteps plan = new PlanSteps(started, failure, result.ok(), result.assumptions());
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

    /** The plan of a runbook whose simulation could not start: no steps. */
    public static PlanSteps none(CheckResult program) {
        return of(program, new Simulation.Result(false, List.of(), null));
    }

    /** The steps in the order they ran, each with its lines. */
    public List<Step> steps() {
        return steps;
    }

    /** The run's start (its id, title and parameters), or null when nothing ran. */
    public Event.RunStarted started() {
        return started;
    }

    /** The first failure of the simulation, or null. */
    public Event failure() {
        return failure;
    }

    public boolean ok() {
        return ok;
    }

    public List<InitialState.Assumption> assumptions() {
        return assumptions;
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
