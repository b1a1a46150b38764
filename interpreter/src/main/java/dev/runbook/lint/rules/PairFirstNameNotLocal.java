package dev.runbook.lint.rules;

import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * timesten-model.md L-07: a raw {@code CREATE ACTIVE STANDBY PAIR} whose first database is not the
 * one the statement runs in (the first name designates the active, 003 L88).
 */
public final class PairFirstNameNotLocal implements Rule {

    private static final Pattern PAIR = Pattern.compile("(?i)create\\s+active\\s+standby\\s+pair\\s+(\\$\\{(\\w+)\\.name}|\\w+)");

    @Override public String id() { return "pair-first-name-not-local"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "CREATE ACTIVE STANDBY PAIR run in a database that is not the first one it names (L-07)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Map<String, String> databases = context.databaseParams();
        for (LintContext.Site site : context.sites()) {
            if (!(site.stmt() instanceof Stmt.SqlStmt sql)) continue;
            Matcher m = PAIR.matcher(sql.sql().value());
            String runsIn = context.target(site);
            if (!m.find() || runsIn == null) continue;
            String first = m.group(2) != null ? databases.getOrDefault(m.group(2), m.group(2)) : m.group(1);
            String local = databases.getOrDefault(runsIn, runsIn);
            if (!first.equals(local)) {
                out.report(sql.sql().span(), "the pair's first database is `" + first + "`, the statement runs in `" + local + "`",
                        "run it in " + first + ", or name " + local + " first: the first name is the active (003 L88)");
            }
        }
    }
}
