package dev.runbook.lint.rules;

import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.regex.Pattern;

/**
 * A wait without a timeout: a raw {@code sh} that polls in a loop ({@code until ...; do sleep 5;
 * done}, {@code while}) with no {@code timeout} around it. The language's {@code wait} always has
 * one; a shell loop can hang the run for ever.
 */
public final class WaitWithoutTimeout implements Rule {

    private static final Pattern LOOP = Pattern.compile("\\b(until|while)\\b.*\\bdo\\b");
    private static final Pattern BOUND = Pattern.compile("\\btimeout\\s+\\d");

    @Override public String id() { return "wait-without-timeout"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a raw sh that waits in a loop with no timeout; use `wait CONDITION timeout T every P`";
    }

    @Override
    public void check(LintContext context, Findings out) {
        for (LintContext.Site site : context.sites()) {
            if (!(site.stmt() instanceof Stmt.ShStmt sh)) continue;
            String text = sh.command().value();
            if (LOOP.matcher(text).find() && !BOUND.matcher(text).find()) {
                out.report(sh.command().span(), "this shell loop waits with no timeout: the run can hang here for ever",
                        "write `wait CONDITION timeout T every P` with a query, or bound the loop with `timeout 600 sh -c '...'`");
            }
        }
    }
}
