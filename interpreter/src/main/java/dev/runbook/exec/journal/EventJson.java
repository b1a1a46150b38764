package dev.runbook.exec.journal;

import dev.runbook.engine.Event;
import dev.runbook.source.Span;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine event as JSON and back: {@code {"type": "StepStarted", "label": ..., ...}}, the
 * record's simple name and then each of its components under its own name, so a field added to an
 * event reaches the trace and the journal without a change here. A span is its 1-based place, or
 * null when it has none.
 */
public final class EventJson {
    private EventJson() {}

    public static Map<String, Object> encode(Event e) {
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

    /** A component's value as JSON holds it. */
    public static Object value(Object v) {
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

    /** The event a map written by {@link #encode} stands for; {@link IllegalArgumentException} when it stands for none. */
    public static Event decode(Map<String, Object> map) {
        Object type = map.get("type");
        for (Class<?> kind : Event.class.getPermittedSubclasses()) {
            if (!kind.getSimpleName().equals(type)) continue;
            RecordComponent[] components = kind.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = convert(map.get(components[i].getName()), components[i].getType(), components[i].getGenericType(),
                        components[i].getName(), kind.getSimpleName());
            }
            try {
                Constructor<?> c = kind.getDeclaredConstructor(types);
                return (Event) c.newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot make a " + type + " of " + map, e);
            }
        }
        throw new IllegalArgumentException("no event of type " + type);
    }

    private static Object convert(Object v, Class<?> to, Type generic, String name, String event) {
        if (to == Span.class) {
            if (!(v instanceof Map<?, ?> m)) return Span.NONE;
            return new Span(0, 0, num(m.get("line")), num(m.get("column")), num(m.get("endLine")), num(m.get("endColumn")));
        }
        if (to == long.class) return v instanceof Number n ? n.longValue() : 0L;
        if (to == int.class) return v instanceof Number n ? n.intValue() : 0;
        if (to == boolean.class) return Boolean.TRUE.equals(v);
        if (to == String.class) return v == null ? null : String.valueOf(v);
        if (to == List.class) {
            List<Object> out = new ArrayList<>();
            if (v instanceof List<?> l) for (Object item : l) out.add(item == null ? null : String.valueOf(item));
            return out;
        }
        if (to == Map.class && generic instanceof ParameterizedType) {
            Map<String, String> out = new LinkedHashMap<>();
            if (v instanceof Map<?, ?> m) for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            return out;
        }
        throw new IllegalArgumentException(event + "." + name + ": a " + to.getSimpleName() + " cannot be read back");
    }

    private static int num(Object v) {
        return v instanceof Number n ? n.intValue() : 0;
    }
}
