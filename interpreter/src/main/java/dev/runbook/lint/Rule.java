package dev.runbook.lint;

import dev.runbook.source.Code;
import dev.runbook.source.Severity;
import java.util.Set;

/**
 * A lint rule: one small final class in {@code dev.runbook.lint.rules}, with a kebab-case id, a
 * default severity, a one-line description, a page {@code docs/rules/<id>.md} (printed by
 * {@code runbook lint --explain <id>}) and a pass and a fail input in the test resources.
 */
public interface Rule {

    String id();

    Severity severity();

    /** One line: what the rule finds. */
    String description();

    /** Reports what the rule finds in one checked runbook or module (no check errors) into {@code out}. */
    void check(LintContext context, Findings out);

    /** The check codes this rule reports under its own id instead (the check's finding is then left out). */
    default Set<Code> replaces() {
        return Set.of();
    }
}
