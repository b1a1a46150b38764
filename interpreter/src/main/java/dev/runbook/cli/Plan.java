package dev.runbook.cli;

import dev.runbook.check.CheckResult;
import dev.runbook.engine.Event;
import dev.runbook.exec.PlanSteps;
import dev.runbook.exec.PlanSteps.Entry;
import dev.runbook.exec.PlanSteps.Step;
import dev.runbook.exec.Simulation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan of a runbook as {@code runbook plan} prints it, text or JSON: the steps of
 * {@link PlanSteps} (the exact command lines per host in order, secrets masked, from a simulation).
 */
final class Plan {

    static final String SCHEMA = "runbook.plan/v1";

    private final PlanSteps data;
    private final Event.RunStarted started;
    private final List<dev.runbook.sim.InitialState.Assumption> assumptions;
    /** Why the simulation could not start (then there are no steps), or null. */
    private dev.runbook.sim.InitialState.Problem problem;
    private final List<Step> steps;
    private final Event failure;
    private final boolean ok;

    private Plan(PlanSteps data) {
        this.data = data;
        this.started = data.started();
        this.assumptions = data.assumptions();
        this.failure = data.failure();
        this.ok = data.ok();
        this.steps = data.steps();
    }

    /** The plan a simulation's events make. */
    static Plan of(CheckResult program, Simulation.Result result) {
        return new Plan(PlanSteps.of(program, result));
    }

    /** The plan of a runbook whose simulation could not start: no steps, and the reason in the JSON's {@code error}. */
    static Plan unstarted(CheckResult program, dev.runbook.sim.InitialState.Problem problem) {
        Plan plan = new Plan(PlanSteps.none(program));
        plan.problem = problem;
        return plan;
    }

    /** The data: the steps in the order they ran, each with its lines. */
    PlanSteps data() {
        return data;
    }

    /** The steps in the order they ran, each with its lines. */
    List<Step> steps() {
        return steps;
    }

    // ------------------------------------------------------------------ text

    String text(String file) {
        StringBuilder out = new StringBuilder();
        if (started != null) {
            out.append(started.runbook());
            if (!started.title().isEmpty()) out.append("  ").append(started.title());
            out.append('\n');
            out.append("plan of ").append(file).append(": the commands a run sends, in order, secrets masked; nothing was run\n");
            if (!started.params().isEmpty()) out.append("params: ").append(TraceText.params(started.params())).append('\n');
            out.append(Assumed.text(assumptions));
        }
        for (Step step : steps) {
            if (step.depth() == 0) out.append('\n');
            String indent = "  ".repeat(step.depth());
            out.append(indent).append("step ").append(step.label());
            if (!step.title().isEmpty()) out.append("  ").append(step.title());
            out.append('\n');
            for (Entry entry : step.entries()) out.append(indent).append("  ").append(entry.text()).append('\n');
        }
        if (failure != null) {
            out.append('\n');
            TraceText.failure(out, failure, null, List.of());
            out.append("the plan stops here: the simulation failed; runbook simulate shows the whole trace\n");
        }
        out.append('\n').append(summary()).append('\n');
        return out.toString();
    }

    private int commands() {
        int n = 0;
        for (Step s : steps) for (Entry e : s.entries()) if (isCommand(e)) n++;
        return n;
    }

    private Set<String> hosts() {
        Set<String> out = new LinkedHashSet<>();
        for (Step s : steps) for (Entry e : s.entries()) if (isCommand(e)) out.add(e.host());
        return out;
    }

    private int count(String kind) {
        int n = 0;
        for (Step s : steps) for (Entry e : s.entries()) if (e.kind().equals(kind)) n++;
        return n;
    }

    private static boolean isCommand(Entry e) {
        return e.isCommand();
    }

    String summary() {
        return CheckCommand.count(commands(), "command") + " on " + CheckCommand.count(hosts().size(), "host") + ", "
                + CheckCommand.count(count("manual"), "manual action") + ", " + CheckCommand.count(count("wait"), "wait");
    }

    // ------------------------------------------------------------------ JSON

    Map<String, Object> json(Programs.Loaded loaded) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("runbook", loaded.result().file().declaredName());
        doc.put("file", loaded.display());
        doc.put("ok", ok);
        doc.put("params", started == null ? Map.of() : TraceJson.value(started.params()));
        doc.put("assumptions", Assumed.json(assumptions));
        if (problem != null) doc.put("error", Assumed.error(problem));
        doc.put("diagnostics", Programs.diagnosticsJson(loaded));
        List<Object> stepList = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("label", s.label());
            step.put("title", s.title());
            step.put("file", s.file());
            step.put("line", s.span() == null || s.span().isNone() ? null : s.span().line());
            List<Object> commands = new ArrayList<>();
            for (Entry e : s.entries()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("host", e.host());
                c.put("kind", e.kind());
                c.put("command", e.command());
                if (e.verb() != null) c.put("verb", e.verb());
                if (e.kind().equals("wait")) {
                    c.put("timeoutMillis", e.timeoutMillis());
                    c.put("everyMillis", e.everyMillis());
                }
                commands.add(c);
            }
            step.put("commands", commands);
            stepList.add(step);
        }
        doc.put("steps", stepList);
        doc.put("failure", failure == null ? null : TraceJson.event(failure));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("commands", commands());
        summary.put("hosts", new ArrayList<Object>(hosts()));
        summary.put("manualActions", count("manual"));
        summary.put("waits", count("wait"));
        doc.put("summary", summary);
        return doc;
    }
}
