package dev.runbook.render;

import dev.runbook.check.CheckResult;
import dev.runbook.engine.Event;
import dev.runbook.exec.PlanSteps;
import dev.runbook.exec.PlanSteps.Entry;
import dev.runbook.exec.PlanSteps.Step;
import dev.runbook.exec.Simulation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plan of a runbook as {@code runbook plan} prints it and the REPL shows what remains: the
 * steps of {@link PlanSteps} (the exact command lines per host in order, secrets masked, from a
 * simulation), their lines, the failure where the simulation stopped, and a summary.
 */
public final class Plan {

    public static final String SCHEMA = "runbook.plan/v1";

    private final Event.RunStarted started;
    private final List<dev.runbook.sim.InitialState.Assumption> assumptions;
    /** Why the simulation could not start (then there are no steps), or null. */
    private dev.runbook.sim.InitialState.Problem problem;
    private final List<Step> steps;
    private final Event failure;
    private final boolean ok;

    private Plan(PlanSteps data) {
        this.started = data.started();
        this.assumptions = data.assumptions();
        this.failure = data.failure();
        this.ok = data.ok();
        this.steps = data.steps();
    }

    /** The plan a simulation's events make. */
    public static Plan of(CheckResult program, Simulation.Result result) {
        return new Plan(PlanSteps.of(program, result));
    }

    /** The plan of a runbook whose simulation could not start: no steps, and the reason in the JSON's {@code error}. */
    public static Plan unstarted(CheckResult program, dev.runbook.sim.InitialState.Problem problem) {
        Plan plan = new Plan(PlanSteps.none(program));
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

    /** A line as {@code runbook plan} prints it: {@code host$ command}, {@code operator@host: ...}, {@code wait: ... (timeout 3m, every 5s)}. */
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
        for (Step s : steps) for (Entry e : s.entries()) if (e.isCommand()) n++;
        return n;
    }

    public Set<String> hosts() {
        return hosts(steps);
    }

    private static Set<String> hosts(List<Step> steps) {
        Set<String> out = new LinkedHashSet<>();
        for (Step s : steps) for (Entry e : s.entries()) if (e.isCommand()) out.add(e.host());
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
}
