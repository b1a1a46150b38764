package dev.runbook.lint.rules;

import dev.runbook.ast.Stmt;
import dev.runbook.lint.Agents;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;

/**
 * timesten-model.md C-12: {@code ttRepDeactivate} only after the replication agent of that
 * database is stopped ({@code repStop} before {@code deactivate}, as every seed does).
 */
public final class DeactivateBeforeRepStop implements Rule {

    @Override public String id() { return "deactivate-before-rep-stop"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "ttRepDeactivate on a database whose replication agent was not stopped before (C-12: repStop, then deactivate)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Agents agents = new Agents(context);
        for (LintContext.Site site : context.sites()) {
            Stmt s = site.stmt();
            boolean deactivates = "deactivate".equals(LintContext.called(s)) || "ttRepDeactivate".equals(LintContext.called(s))
                    || s instanceof Stmt.SqlStmt q && context.text(q.sql()).contains("ttRepDeactivate");
            if (!deactivates) continue;
            String db = context.target(site);
            if (db == null) continue;
            Agents.State rep = agents.before(s).rep(db);
            if (rep == Agents.State.UP || rep == Agents.State.UNSET) {
                out.report(context.firstLine(s), "`" + db + "` is deactivated while its replication agent "
                                + (rep == Agents.State.UP ? "runs" : "was never stopped in this runbook"),
                        "stop it first: `repStop " + db + "` in an earlier step, as every seed does (000 L34-38)");
            }
        }
    }
}
