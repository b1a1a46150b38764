package dev.runbook.lint.rules;

import dev.runbook.ast.Stmt;
import dev.runbook.lint.Agents;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;

/** timesten-model.md L-14: starting an agent this runbook already started (or requires up) and did not stop. */
public final class RepeatedStart implements Rule {

    @Override public String id() { return "repeated-start"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a replication or cache agent started while it already runs (L-14: a no-op step, often the wrong database)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Agents agents = new Agents(context);
        for (LintContext.Site site : context.sites()) {
            Stmt s = site.stmt();
            String called = LintContext.called(s);
            String db = context.target(site);
            if (called == null || db == null) continue;
            boolean rep = called.equals("repStart") || called.equals("ttRepStart");
            boolean cache = called.equals("cacheStart") || called.equals("ttCacheStart");
            if (!rep && !cache) continue;
            Agents.Before before = agents.before(s);
            if ((rep ? before.rep(db) : before.cache(db)) == Agents.State.UP) {
                out.report(context.firstLine(s), "the " + (rep ? "replication" : "cache") + " agent of `" + db + "` already runs here",
                        "start the agent of the database this step upgraded, or remove the step");
            }
        }
    }
}
