package dev.runbook.lint;

import dev.runbook.ast.Comment;
import dev.runbook.ast.AstWalker;
import dev.runbook.ast.Item;
import dev.runbook.ast.Node;
import dev.runbook.lint.rules.SuppressionWithoutReason;
import dev.runbook.lint.rules.UnusedSuppression;
import dev.runbook.source.Severity;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code # lint: disable=ID[,ID] -- reason}: on a step's line or the line before a step, it covers
 * the whole step; on a statement's line or the line before it, the statement (with its block). A
 * suppression without a reason, or with an id that suppresses nothing, is itself a finding.
 */
final class Suppressions {

    private static final Pattern DISABLE = Pattern.compile("#+\\s*lint:\\s*disable=([\\w,.-]+)\\s*(?:--\\s*(.*))?");

    /** One comment: the ids it names, its reason, and the lines it covers. */
    private record Suppression(Comment comment, List<String> ids, String reason, int from, int to) {}

    private Suppressions() {}

    static List<Finding> apply(LintContext context, List<Finding> findings, Linter.Options options) {
        List<Suppression> all = read(context);
        List<Finding> kept = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (Finding f : findings) {
            Suppression by = null;
            boolean here = f.source() == null || f.source().name().equals(context.source().name());
            for (Suppression s : all) {
                if (here && s.ids().contains(f.rule()) && f.span().line() >= s.from() && f.span().line() <= s.to()) {
                    by = s;
                    break;
                }
            }
            if (by == null) kept.add(f);
            else used.add(by.comment().span().start() + ":" + f.rule());
        }
        for (Suppression s : all) {
            Span span = s.comment().span();
            if ((s.reason() == null || s.reason().isBlank()) && options.runs(SuppressionWithoutReason.ID)) {
                kept.add(new Finding(SuppressionWithoutReason.ID, Severity.WARNING, "`# lint: disable=" + String.join(",", s.ids())
                        + "` gives no reason", context.source(), span, "say why after ` -- `: # lint: disable=ID -- the reason"));
            }
            for (String id : s.ids()) {
                if (!used.contains(span.start() + ":" + id) && options.runs(UnusedSuppression.ID) && options.runs(id)) {
                    kept.add(new Finding(UnusedSuppression.ID, Severity.WARNING, "`" + id + "` finds nothing here to suppress"
                            + (Rules.byId(id).isEmpty() && !id.matches("[EWI]-?\\d+|sim-[a-z-]+") ? " (no rule has this id)" : ""),
                            context.source(), span, "remove the suppression, or the id from it"));
                }
            }
        }
        return kept;
    }

    private static List<Suppression> read(LintContext context) {
        List<Suppression> out = new ArrayList<>();
        List<Comment> comments = new ArrayList<>();
        AstWalker.comments(context.file(), comments::add);
        for (Comment c : comments) {
            Matcher m = DISABLE.matcher(c.text().strip());
            if (!m.matches()) continue;
            List<String> ids = List.of(m.group(1).split(","));
            int line = c.span().line();
            String before = context.source().line(line).substring(0, Math.max(0, c.span().column() - 1));
            int target = before.isBlank() ? next(context, line) : line;
            int[] range = range(context, target);
            out.add(new Suppression(c, ids, m.group(2), range[0], range[1]));
        }
        return out;
    }

    /** The first line after {@code line} that is not blank and not a comment. */
    private static int next(LintContext context, int line) {
        int total = context.source().text().split("\n", -1).length;
        for (int l = line + 1; l <= total; l++) {
            String text = context.source().line(l).strip();
            if (!text.isEmpty() && !text.startsWith("#")) return l;
        }
        return line;
    }

    /** The lines of the step or statement that starts on {@code line}, or that line alone. */
    private static int[] range(LintContext context, int line) {
        for (Item.StepItem step : context.steps()) {
            if (step.span().line() == line) return new int[] {line, step.span().endLine()};
        }
        for (LintContext.Site site : context.sites()) {
            Node n = site.stmt();
            if (n.span().line() == line) return new int[] {line, n.span().endLine()};
        }
        return new int[] {line, line};
    }
}
