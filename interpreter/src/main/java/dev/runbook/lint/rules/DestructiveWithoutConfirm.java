package dev.runbook.lint.rules;

import dev.runbook.ast.Item;
import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;

/**
 * A destructive verb (declared {@code destructive} in its module: destroy, dropPair, removeBackup,
 * ...) with no {@code confirm} before it in its step, nor in an earlier step since the last step
 * that ran a destructive verb.
 */
public final class DestructiveWithoutConfirm implements Rule {

    @Override public String id() { return "destructive-without-confirm"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a destructive verb with no confirm before it, in its step or in an earlier step since the last destructive one";
    }

    @Override
    public void check(LintContext context, Findings out) {
        boolean carried = false;    // a confirm in an earlier step, after the last destructive verb
        boolean fresh = false;      // a confirm after the last destructive verb, anywhere
        boolean inStep = false;     // a confirm earlier in this step
        Item.StepItem step = null;
        for (LintContext.Site site : context.sites()) {
            if (site.step() != step) {
                step = site.step();
                carried = fresh;
                inStep = false;
            }
            if (site.stmt() instanceof Stmt.ConfirmStmt) {
                inStep = true;
                fresh = true;
            }
            if (site.stmt() instanceof Stmt.VerbStmt v && context.destructive(v)) {
                if (!inStep && !carried) {
                    out.report(v.span(), "`" + v.verb().text() + "` cannot be undone and no confirm asks the operator first",
                            "add `confirm \"...\"` before it in step " + site.step().number().text()
                                    + ", saying where the data survives (a backup, the other master)");
                }
                fresh = false;
            }
        }
    }
}
