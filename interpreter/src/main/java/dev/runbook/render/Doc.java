package dev.runbook.render;

import dev.runbook.source.DisplayWidth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * A small Wadler-style document for one logical line of the formatter's output: text, places
 * where the line may break, and groups that break together (outermost first) when the line does
 * not fit. Only list literals, long conditions and run arguments are groups; everything else is
 * plain text, so other long lines stay long.
 */
sealed interface Doc {

    /** Literal text; never contains a line break. */
    record Text(String text) implements Doc {}

    /** A possible break: {@code flat} when the enclosing group fits, a newline otherwise. */
    record Line(String flat) implements Doc {}

    /** Lines inside are indented one level (two spaces) deeper when they break. */
    record Nest(Doc body) implements Doc {}

    /** Laid out flat if it fits on the rest of the line, else with all of its own lines broken. */
    record Group(Doc body) implements Doc {}

    /** {@code broken} inside a broken group, {@code flat} otherwise. */
    record IfBreak(Doc broken, Doc flat) implements Doc {}

    record Cat(List<Doc> parts) implements Doc {}

    Doc EMPTY = new Text("");

    static Doc text(String text) {
        return new Text(text);
    }

    /** A space when flat. */
    static Doc line() {
        return new Line(" ");
    }

    /** Nothing when flat. */
    static Doc softline() {
        return new Line("");
    }

    static Doc nest(Doc... body) {
        return new Nest(cat(body));
    }

    static Doc group(Doc... body) {
        return new Group(cat(body));
    }

    static Doc ifBreak(String broken, String flat) {
        return new IfBreak(text(broken), text(flat));
    }

    static Doc cat(Doc... parts) {
        return parts.length == 1 ? parts[0] : new Cat(List.of(parts));
    }

    static Doc cat(List<Doc> parts) {
        return parts.size() == 1 ? parts.get(0) : new Cat(List.copyOf(parts));
    }

    /** {@code docs} separated by {@code separator}. */
    static Doc join(Doc separator, List<Doc> docs) {
        List<Doc> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (i > 0) out.add(separator);
            out.add(docs.get(i));
        }
        return cat(out);
    }

    // ------------------------------------------------------------------ layout

    /** The text with every group flat. */
    static String flat(Doc doc) {
        StringBuilder out = new StringBuilder();
        flat(doc, out);
        return out.toString();
    }

    private static void flat(Doc doc, StringBuilder out) {
        if (doc instanceof Text t) out.append(t.text());
        else if (doc instanceof Line l) out.append(l.flat());
        else if (doc instanceof Nest n) flat(n.body(), out);
        else if (doc instanceof Group g) flat(g.body(), out);
        else if (doc instanceof IfBreak b) flat(b.flat(), out);
        else if (doc instanceof Cat c) c.parts().forEach(p -> flat(p, out));
    }

    /**
     * Lays the document out starting at column {@code indent} (the indentation is part of the
     * result), breaking groups that do not fit in {@code width} display columns.
     */
    static String render(Doc doc, int indent, int width) {
        StringBuilder out = new StringBuilder(" ".repeat(indent));
        int column = indent;
        Deque<Cmd> stack = new ArrayDeque<>();
        stack.push(new Cmd(indent, false, doc));
        while (!stack.isEmpty()) {
            Cmd cmd = stack.pop();
            Doc d = cmd.doc();
            if (d instanceof Text t) {
                out.append(t.text());
                column += DisplayWidth.of(t.text());
            } else if (d instanceof Line l) {
                if (cmd.flat()) {
                    out.append(l.flat());
                    column += DisplayWidth.of(l.flat());
                } else {
                    out.append('\n').append(" ".repeat(cmd.indent()));
                    column = cmd.indent();
                }
            } else if (d instanceof Group g) {
                boolean flat = cmd.flat()
                        || fits(new Cmd(cmd.indent(), true, g.body()), stack.iterator(), width - column);
                stack.push(new Cmd(cmd.indent(), flat, g.body()));
            } else {
                expand(cmd, stack);
            }
        }
        return out.toString();
    }

    /** Pushes the children of a Nest, IfBreak or Cat command. */
    private static void expand(Cmd cmd, Deque<Cmd> stack) {
        Doc d = cmd.doc();
        if (d instanceof Nest n) {
            stack.push(new Cmd(cmd.indent() + 2, cmd.flat(), n.body()));
        } else if (d instanceof Group g) {
            stack.push(new Cmd(cmd.indent(), cmd.flat(), g.body()));
        } else if (d instanceof IfBreak b) {
            stack.push(new Cmd(cmd.indent(), cmd.flat(), cmd.flat() ? b.flat() : b.broken()));
        } else if (d instanceof Cat c) {
            List<Doc> parts = c.parts();
            for (int i = parts.size() - 1; i >= 0; i--) stack.push(new Cmd(cmd.indent(), cmd.flat(), parts.get(i)));
        }
    }

    /** Whether {@code next}, then the rest up to its first line break, fits in {@code remaining}. */
    private static boolean fits(Cmd next, Iterator<Cmd> rest, int remaining) {
        Deque<Cmd> work = new ArrayDeque<>();
        work.push(next);
        while (remaining >= 0) {
            if (work.isEmpty()) {
                if (!rest.hasNext()) return true;
                work.push(rest.next());
            }
            Cmd cmd = work.pop();
            Doc d = cmd.doc();
            if (d instanceof Text t) {
                remaining -= DisplayWidth.of(t.text());
            } else if (d instanceof Line l) {
                if (!cmd.flat()) return true;
                remaining -= DisplayWidth.of(l.flat());
            } else {
                expand(cmd, work);
            }
        }
        return false;
    }

    record Cmd(int indent, boolean flat, Doc doc) {}
}
