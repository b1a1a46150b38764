package dev.runbook.cli;

import dev.runbook.engine.Event;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import dev.runbook.source.Span;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
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

    /** {@code {"type": "StepStarted", "label": ..., ...}}: the record's simple name, then its components in order. */
    static Map<String, Object> event(Event e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.getClass().getSimpleName());
        for (RecordComponent c : e.getClass().getRecordComponents()) {
            try {
                out.put(c.getName(), value(c.getAccessor().invoke(e)));
            } catch (IllegalAccessException | InvocationTargetException ex) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + e.getClass().getSimpleName(), ex);
            }
        }
        return out;
    }

    /** A component's value in the forms {@link Json} writes; a span as its 1-based place, or null when it has none. */
    static Object value(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long) return v;
        if (v instanceof Span s) {
            if (s.isNone()) return null;
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("line", s.line());
            span.put("column", s.column());
            span.put("endLine", s.endLine());
            span.put("endColumn", s.endColumn());
            return span;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) out.put(String.valueOf(entry.getKey()), value(entry.getValue()));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) out.add(value(item));
            return out;
        }
        if (v instanceof Short || v instanceof Byte) return ((Number) v).intValue();
        if (v instanceof Enum<?> en) return en.name();
        return String.valueOf(v);
    }
}
