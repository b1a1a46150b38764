package dev.runbook.lint.rules;

import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;

/** timesten-model.md L-03: applications paused and never resumed (nor handed to a sub-runbook that may resume them). */
public final class PausedApplicationsNotResumed implements Rule {

    @Override public String id() { return "paused-applications-not-resumed"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "pauseApplications with no resumeApplications after it (L-03: the applications stay paused at the end)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Stmt paused = null;
        for (LintContext.Site site : context.sites()) {
            String called = LintContext.called(site.stmt());
            if ("pauseApplications".equals(called) && paused == null) paused = site.stmt();
            else if ("resumeApplications".equals(called) || site.stmt() instanceof Stmt.RunStmt) paused = null;
        }
        if (paused != null) {
            out.report(paused.span(), "the applications are paused here and never resumed",
                    "add a step that runs resumeApplications on the database that is ACTIVE then (000 L43)");
        }
    }
}
