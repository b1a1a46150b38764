package dev.runbook.repl;

import dev.runbook.ast.Item;
import dev.runbook.ast.Stmt;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.sim.Env;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A statement typed at the prompt, checked in the context of the loaded runbook: it becomes the
 * body of one more step at the end of the runbook's text, with a parameter for each database and
 * host of the cluster that no name of the runbook already names ({@code on master2host: repStop
 * master2}), and is checked as {@code check} checks a file. Its diagnostics are moved back onto the
 * text as typed ({@code <input>:1:17}); the engine runs the extra step like any other.
 */
final class Statements {

    private Statements() {}

    /** The step the statement runs as; {@code env} has the runbook's parameters and the cluster's names. */
    record Checked(CheckResult program, String label, List<Diagnostic> diagnostics, Env env, Item.StepItem step) {
        boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final String INPUT = "<input>";

    /**
     * Whether the text goes on: an open string or bracket, a line ending in {@code :} (a block
     * follows), or a block not yet closed by an empty line.
     */
    static boolean incomplete(String input) {
        if (input.isBlank()) return false;
        int depth = 0;
        char quote = 0;
        // the input with its comments left out, so that the last line's `:` is read from its code
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (quote != 0) {
                if (c == '\\') code.append(input.charAt(i++));
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                while (i + 1 < input.length() && input.charAt(i + 1) != '\n') i++;
                continue;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            }
            if (i < input.length()) code.append(input.charAt(i));
        }
        if (quote != 0 || depth > 0) return true;
        String last = "";
        for (String line : code.toString().split("\n", -1)) if (!line.isBlank()) last = line.strip();
        if (last.endsWith(":")) return true;
        String[] lines = input.split("\n", -1);
        return lines.length > 1 && !lines[lines.length - 1].isBlank();
    }

    /** Checks {@code input} as the body of a step of {@code runbook}, over the cluster {@code state}. */
    static Checked check(Loader loader, CheckResult runbook, Env params, ModelState state, String input) {
        Source original = runbook.source();
        Set<String> taken = new HashSet<>();
        for (Item.ParamItem p : runbook.file().itemsOf(Item.ParamItem.class)) taken.add(p.name().text());
        Vocabulary v = runbook.vocabulary();
        taken.addAll(v.globals().keySet());
        taken.addAll(v.verbs().keySet());
        taken.addAll(v.queries().keySet());
        taken.addAll(v.builtins().keySet());
        String label = "0";
        Set<String> labels = new HashSet<>();
        for (Item.StepItem s : runbook.file().itemsOf(Item.StepItem.class)) labels.add(s.number().text());
        while (labels.contains(label)) label = label + "0";

        StringBuilder text = new StringBuilder(original.text());
        if (!original.text().endsWith("\n")) text.append('\n');
        text.append('\n');
        Env env = params.child();
        for (ModelState.Instance host : state.all("host")) {
            if (!NAME.matcher(host.id()).matches() || !taken.add(host.id())) continue;
            text.append("param ").append(host.id()).append(" = host \"").append(host.id()).append("\"\n");
            env.define(host.id(), host.ref());
        }
        for (ModelState.Instance db : state.all("database")) {
            Value on = db.fields().get("host");
            if (!NAME.matcher(db.id()).matches() || !(on instanceof Value.Ref h) || h.id().contains("\"") || !taken.add(db.id())) continue;
            text.append("param ").append(db.id()).append(" = ").append(db.id()).append(" on \"").append(h.id()).append("\"\n");
            env.define(db.id(), db.ref());
        }
        text.append("\nstep ").append(label).append(":\n");
        int bodyStart = text.length();
        String[] lines = input.stripTrailing().split("\n", -1);
        int[] synthetic = new int[lines.length];
        int[] typed = new int[lines.length];
        int at = 0;
        for (int i = 0; i < lines.length; i++) {
            synthetic[i] = text.length();
            typed[i] = at;
            text.append("  ").append(lines[i]).append('\n');
            at += lines[i].length() + 1;
        }
        Source source = new Source(original.name(), original.path(), text.toString());
        CheckResult checked = loader.check(source);
        Source shown = Source.of(INPUT, input.stripTrailing());
        List<Diagnostic> mine = new ArrayList<>();
        for (Diagnostic d : checked.diagnostics()) {
            if (d.source() == null || !d.source().name().equals(source.name()) || d.span().isNone() || d.span().start() < bodyStart) continue;
            int start = typedOffset(d.span().start(), synthetic, typed, shown.text().length());
            int end = Math.max(start, typedOffset(d.span().end(), synthetic, typed, shown.text().length()));
            Span span = shown.span(start, end);
            mine.add(new Diagnostic(d.severity(), d.code(), d.message(), shown, span, d.hint()));
        }
        Item.StepItem step = null;
        for (Item.StepItem s : checked.file().itemsOf(Item.StepItem.class)) if (s.number().text().equals(label)) step = s;
        return new Checked(checked, label, mine, env, step);
    }

    /** Where a character of the checked text is in the text as typed (the two spaces of indentation taken off). */
    private static int typedOffset(int offset, int[] synthetic, int[] typed, int length) {
        int line = 0;
        while (line + 1 < synthetic.length && synthetic[line + 1] <= offset) line++;
        return Math.min(length, typed[line] + Math.max(0, offset - synthetic[line] - 2));
    }

    /** The condition of a checked {@code expect COND} statement (a breakpoint's), or null. */
    static dev.runbook.ast.Expr condition(Checked c) {
        if (c.step() == null || c.step().body().isEmpty() || !(c.step().body().get(0) instanceof Stmt.ExpectStmt e)) return null;
        return e.condition();
    }
}
