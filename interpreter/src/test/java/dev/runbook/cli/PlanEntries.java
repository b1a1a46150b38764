package dev.runbook.cli;

import dev.runbook.check.CheckResult;
import dev.runbook.exec.PlanSteps;
import dev.runbook.exec.Simulation;
import dev.runbook.render.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a runbook's plan, as `runbook plan` makes them ({@link PlanSteps#of}), for tests outside
 * this package that drive the commands of a plan (the TimesTen shims' tests, dev.runbook.shim).
 */
public final class PlanEntries {

    /** One line of the plan in the step labelled {@code step}. {@code kind}: run, sql, sh, manual or wait. */
    public record Entry(String step, String host, String kind, String command, String verb, Long timeoutMillis, Long everyMillis) {}

    private PlanEntries() {}

    public static List<Entry> of(CheckResult program, Simulation.Result simulation) {
        List<Entry> out = new ArrayList<>();
        for (PlanSteps.Step step : PlanSteps.of(program, simulation).steps()) {
            for (PlanSteps.Entry e : step.entries()) {
                out.add(new Entry(step.label(), e.host(), e.kind(), e.command(), e.verb(), e.timeoutMillis(), e.everyMillis()));
            }
        }
        return out;
    }
}
