package dev.runbook.ast;

import dev.runbook.source.Span;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * Generic traversal over the records of the AST, so that a new node kind needs no visitor update
 * for whole-tree questions (all comments, all nodes, structural equality without spans).
 */
public final class AstWalker {
    private AstWalker() {}

    /** Every node under {@code root}, parents before children, in component order. */
    public static void nodes(Object root, Consumer<Node> visit) {
        walk(root, value -> {
            if (value instanceof Node n) visit.accept(n);
        });
    }

    /** Every comment attached anywhere under {@code root}. */
    public static void comments(Object root, Consumer<Comment> visit) {
        walk(root, value -> {
            if (value instanceof Comment c) visit.accept(c);
        });
    }

    private static void walk(Object value, Consumer<Object> visit) {
        if (value == null) return;
        if (value instanceof Collection<?> list) {
            for (Object element : list) walk(element, visit);
            return;
        }
        if (!value.getClass().isRecord()) return;
        visit.accept(value);
        if (value instanceof Comment) return;
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            if (component.getType() == Span.class) continue;
            walk(read(component, value), visit);
        }
    }

    /** True when both trees are equal in everything but their spans. */
    public static boolean equalIgnoringSpans(Object a, Object b) {
        return describe(a).equals(describe(b));
    }

    /** A canonical text of a tree without spans: equal trees give equal texts. */
    public static String describe(Object value) {
        StringBuilder out = new StringBuilder();
        describe(value, out);
        return out.toString();
    }

    private static void describe(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            for (Object element : list) {
                describe(element, out);
                out.append(',');
            }
            out.append(']');
        } else if (value.getClass().isRecord()) {
            out.append(value.getClass().getSimpleName()).append('(');
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                if (component.getType() == Span.class) continue;
                out.append(component.getName()).append('=');
                describe(read(component, value), out);
                out.append(';');
            }
            out.append(')');
        } else {
            out.append(value);
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
