package dev.runbook.lint.rules;

import dev.runbook.ast.Stmt;
import dev.runbook.lint.Agents;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;

/** timesten-model.md L-06: ttDestroy while the database's replication or cache agent runs. */
public final class DestroyWithRunningAgent implements Rule {

    @Override public String id() { return "destroy-with-running-agent"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a database destroyed while this runbook left its replication or cache agent running (L-06)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Agents agents = new Agents(context);
        for (LintContext.Site site : context.sites()) {
            String called = LintContext.called(site.stmt());
            if (!"destroy".equals(called) && !"destroyWithCacheGroups".equals(called)) continue;
            String db = context.target(site);
            Agents.Before before = agents.before(site.stmt());
            String running = before.rep(db) == Agents.State.UP ? "replication" : before.cache(db) == Agents.State.UP ? "cache" : null;
            if (running != null) {
                out.report(site.stmt().span(), "`" + db + "` is destroyed while its " + running + " agent runs",
                        "stop it first (" + (running.equals("replication") ? "repStop " : "cacheStop ") + db + "), as every seed does");
            }
        }
    }
}
