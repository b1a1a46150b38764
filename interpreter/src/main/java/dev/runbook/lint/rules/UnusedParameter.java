package dev.runbook.lint.rules;

import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.Severity;
import java.util.Set;

/** A parameter no step, expectation or requirement uses (check's W100, reported under this rule's id). */
public final class UnusedParameter implements Rule {

    @Override public String id() { return "unused-parameter"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a parameter that nothing in the runbook uses";
    }

    @Override public Set<Code> replaces() {
        return Set.of(Code.UNUSED_PARAM);
    }

    @Override
    public void check(LintContext context, Findings out) {
        for (Diagnostic d : context.result().diagnostics()) {
            if (d.code() == Code.UNUSED_PARAM && (d.source() == null || d.source().name().equals(context.source().name()))) {
                out.report(d.span(), d.message(), d.hint() == null ? "remove it, or use it in a step" : d.hint());
            }
        }
    }
}
