package dev.runbook.lint.rules;

import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;

/** {@code # lint: disable=ID} with no {@code -- reason}: a reviewer cannot tell why the finding is acceptable. Reported by the suppressions themselves. */
public final class SuppressionWithoutReason implements Rule {

    public static final String ID = "suppression-without-reason";

    @Override public String id() { return ID; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a `# lint: disable=ID` comment without `-- reason`";
    }

    @Override
    public void check(LintContext context, Findings out) {
        // the suppressions report it: they are read after every other rule has run
    }
}
