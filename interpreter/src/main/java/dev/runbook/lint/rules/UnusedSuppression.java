package dev.runbook.lint.rules;

import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;

/** {@code # lint: disable=ID -- reason} where rule ID finds nothing: a stale suppression hides the next real finding. Reported by the suppressions themselves. */
public final class UnusedSuppression implements Rule {

    public static final String ID = "unused-suppression";

    @Override public String id() { return ID; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a `# lint: disable=ID` comment that suppresses no finding";
    }

    @Override
    public void check(LintContext context, Findings out) {
        // the suppressions report it: they are read after every other rule has run
    }
}
