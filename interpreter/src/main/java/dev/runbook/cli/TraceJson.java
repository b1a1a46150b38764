package dev.runbook.cli;

import dev.runbook.engine.Event;
import dev.runbook.exec.journal.EventJson;
import dev.runbook.exec.Simulation;
import dev.runbook.render.Assumed;
import dev.runbook.render.TraceText;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace of {@code runbook simulate --format json}: one document of schema
 * {@value #SCHEMA} (docs/cli.md). Each event is written generically, every component of its record
 * under its own name, so a field added to an event reaches the JSON without a change here.
 */
final class TraceJson {

    static final String SCHEMA = "runbook.simulate/v1";

    private TraceJson() {}

    static Map<String, Object> document(Programs.Loaded loaded, TraceText.Info info, Simulation.Result result, List<Fault> notFired) {
        return document(loaded, info, result, notFired, null);
    }

    /** {@code problem}: why the run could not start (a bad -p, cluster file or require), in {@code error}; null when it ran. */
    static Map<String, Object> document(Programs.Loaded loaded, TraceText.Info info, Simulation.Result result, List<Fault> notFired,
            InitialState.Problem problem) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("runbook", loaded.result().file().declaredName());
        doc.put("file", info.file());
        doc.put("ok", result != null && result.ok());
        doc.put("seed", info.seed());
        doc.put("fromStep", info.fromStep());
        doc.put("faults", new ArrayList<Object>(info.faults()));
        doc.put("faultsNotFired", new ArrayList<Object>(notFired.stream().map(Fault::spec).toList()));
        Map<String, Object> params = new LinkedHashMap<>();
        Event.RunFinished finished = null;
        List<Object> events = new ArrayList<>();
        if (result != null) {
            for (Event e : result.events()) {
                if (e instanceof Event.RunStarted r) params.putAll(r.params());
                if (e instanceof Event.RunFinished f) finished = f;
                events.add(event(e));
            }
        }
        doc.put("params", params);
        doc.put("assumptions", result == null ? List.of() : Assumed.json(result.assumptions()));
        if (problem != null) doc.put("error", Assumed.error(problem));
        doc.put("diagnostics", Programs.diagnosticsJson(loaded));
        doc.put("events", events);
        doc.put("totalMillis", finished == null ? 0L : finished.totalMillis());
        doc.put("writeOutageMillis", finished == null ? 0L : finished.writeOutageMillis());
        doc.put("finalState", finished == null ? List.of() : value(finished.finalState()));
        doc.put("unverified", finished == null ? List.of() : value(finished.unverified()));
        return doc;
    }

    static Map<String, Object> event(Event e) {
        return EventJson.encode(e);
    }

    static Object value(Object v) {
        return EventJson.value(v);
    }
}
