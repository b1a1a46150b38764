package dev.runbook.lint;

import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.List;

/** Where a rule reports: each finding gets the rule's id and default severity. */
public final class Findings {
    private final LintContext context;
    private final List<Finding> out = new ArrayList<>();
    private Rule rule;

    Findings(LintContext context) {
        this.context = context;
    }

    void start(Rule current) {
        this.rule = current;
    }

    public void report(Span span, String message, String hint) {
        out.add(new Finding(rule.id(), rule.severity(), message, context.source(), span, hint));
    }

    List<Finding> all() {
        return out;
    }
}
