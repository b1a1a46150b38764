package dev.runbook.lint.rules;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Stmt;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.Vocabulary;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.regex.Pattern;

/**
 * A raw {@code sh} or {@code sql} whose text is what a verb of the used modules runs
 * ({@code sh "ttAdmin -repStop master2"} for {@code repStop standby}): the verb keeps the model's
 * preconditions and effects, the raw command is opaque to the simulation.
 */
public final class RawCommandHasVerb implements Rule {

    @Override public String id() { return "raw-command-has-verb"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a raw sh or sql that a verb of the standard library runs; the verb is checked and simulated, the raw command is not";
    }

    @Override
    public void check(LintContext context, Findings out) {
        for (LintContext.Site site : context.sites()) {
            Stmt s = site.stmt();
            boolean shell = s instanceof Stmt.ShStmt;
            if (!shell && !(s instanceof Stmt.SqlStmt)) continue;
            Expr.StringLit raw = LintContext.rawText(s);
            String text = normal(raw.value());
            for (Vocabulary.Callable verb : context.vocabulary().verbs().values()) {
                if (matches(verb, shell, text)) {
                    out.report(raw.span(), "the verb `" + verb.name() + "` runs this command",
                            "write `" + verb.name() + " ...` (runbook doc --verb " + verb.name() + "): the simulation then knows its effect");
                    break;
                }
            }
        }
    }

    private static boolean matches(Vocabulary.Callable verb, boolean shell, String text) {
        for (VerbClause c : verb.item().clauses()) {
            Expr.StringLit template = shell && c instanceof VerbClause.RunsClause r ? r.command()
                    : !shell && c instanceof VerbClause.SqlClause q ? q.sql() : null;
            if (template != null && pattern(template).matcher(text).matches()) return true;
        }
        return false;
    }

    /** The template as a pattern: its text literally, each interpolation one word. */
    private static Pattern pattern(Expr.StringLit template) {
        StringBuilder regex = new StringBuilder();
        for (Expr.StringLit.Part p : template.parts()) {
            if (p instanceof Expr.StringLit.Text t) regex.append(Pattern.quote(t.text().replace("\\;", ";").replaceAll("\\s+", " ")));
            else regex.append("\\S+");
        }
        return Pattern.compile("\\s*" + regex.toString().replace(" ", "\\E\\s*\\Q") + ";?\\s*", Pattern.CASE_INSENSITIVE);
    }

    private static String normal(String s) {
        return s.replace("\\;", ";").replaceAll("\\s+", " ").strip().replaceFirst(";$", "");
    }
}
