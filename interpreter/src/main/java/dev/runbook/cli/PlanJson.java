package dev.runbook.cli;

import dev.runbook.exec.PlanSteps;
import dev.runbook.render.Assumed;
import dev.runbook.render.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link Plan} as one JSON document of the {@code runbook.plan/v1} schema (docs/cli.md). */
final class PlanJson {

    private PlanJson() {}

    static Map<String, Object> of(Plan plan, Programs.Loaded loaded) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", Plan.SCHEMA);
        doc.put("runbook", loaded.result().file().declaredName());
        doc.put("file", loaded.display());
        doc.put("ok", plan.ok());
        doc.put("params", plan.started() == null ? Map.of() : TraceJson.value(plan.started().params()));
        doc.put("assumptions", Assumed.json(plan.assumptions()));
        if (plan.problem() != null) doc.put("error", Assumed.error(plan.problem()));
        doc.put("diagnostics", Programs.diagnosticsJson(loaded));
        List<Object> stepList = new ArrayList<>();
        for (PlanSteps.Step s : plan.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("label", s.label());
            step.put("title", s.title());
            step.put("file", s.file());
            step.put("line", s.span() == null || s.span().isNone() ? null : s.span().line());
            List<Object> commands = new ArrayList<>();
            for (PlanSteps.Entry e : s.entries()) {
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
        doc.put("failure", plan.failure() == null ? null : TraceJson.event(plan.failure()));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("commands", plan.commands());
        summary.put("hosts", new ArrayList<Object>(plan.hosts()));
        summary.put("manualActions", plan.count("manual"));
        summary.put("waits", plan.count("wait"));
        doc.put("summary", summary);
        return doc;
    }
}
