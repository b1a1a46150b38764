package dev.runbook.lint.rules;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A password written in the file: in a raw {@code sh}, {@code sql} or an operator's instruction
 * ({@code -pwd secret}, {@code PWD=secret}, {@code IDENTIFIED BY "secret"}, {@code OraclePWD=secret})
 * rather than a credential parameter's {@code ${admin.password}}, whose value comes from the inventory.
 */
public final class HardCodedSecret implements Rule {

    private static final Pattern SECRET = Pattern.compile(
            "(?i)(-pwd|-cachepwd|\\bpwd=|\\boraclepwd=|\\bpassword=|identified by)\\s*(\"[^\"$]+\"|'[^'$]+'|[^\\s;\"'$]+)");

    @Override public String id() { return "hard-coded-secret"; }

    @Override public Severity severity() { return Severity.ERROR; }

    @Override public String description() {
        return "a password written in a raw command or an instruction instead of a credential parameter";
    }

    @Override
    public void check(LintContext context, Findings out) {
        for (LintContext.Site site : context.sites()) {
            Stmt s = site.stmt();
            Expr.StringLit raw = LintContext.rawText(s);
            if (raw == null) continue;
            Matcher m = SECRET.matcher(raw.value());
            while (m.find()) {
                if (m.group(2).startsWith("${")) continue;
                out.report(raw.span(), "a password is written in the file (" + m.group(1).strip() + " "
                                + "*".repeat(Math.min(8, m.group(2).length())) + ")",
                        "declare a credential parameter (param admin = credential \"user\") and write ${admin.password}: its value comes from the inventory or the environment");
            }
        }
    }
}
