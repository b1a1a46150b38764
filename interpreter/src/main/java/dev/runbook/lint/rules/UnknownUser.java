package dev.runbook.lint.rules;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * timesten-model.md L-10: a raw command that connects as a user named in its text ({@code -uid
 * scott}, {@code UID=terry}) that no credential parameter of the runbook declares.
 */
public final class UnknownUser implements Rule {

    private static final Pattern USER = Pattern.compile("(?i)(?:-uid|-cacheuid|\\buid=)\\s*([A-Za-z_][\\w]*)");

    @Override public String id() { return "unknown-user"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a raw command that connects as a user no credential parameter declares (L-10: orcluser, scott, terry)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Set<String> users = Set.copyOf(context.credentialParams().values());
        for (LintContext.Site site : context.sites()) {
            if (!(site.stmt() instanceof Stmt.ShStmt) && !(site.stmt() instanceof Stmt.SqlStmt)) continue;
            Expr.StringLit raw = LintContext.rawText(site.stmt());
            Matcher m = USER.matcher(raw.value());
            while (m.find()) {
                if (!users.contains(m.group(1))) {
                    out.report(raw.span(), "user `" + m.group(1) + "` is declared by no credential parameter",
                            "declare it (param NAME = credential \"" + m.group(1) + "\") and interpolate ${NAME.user}, or use a verb");
                }
            }
        }
    }
}
