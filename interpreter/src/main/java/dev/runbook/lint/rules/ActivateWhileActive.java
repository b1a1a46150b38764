package dev.runbook.lint.rules;

import dev.runbook.lint.Agents;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.Map;

/** timesten-model.md L-04: ttRepStateSet('ACTIVE') while another member is still ACTIVE (no deactivate in between). */
public final class ActivateWhileActive implements Rule {

    @Override public String id() { return "activate-while-active"; }

    @Override public Severity severity() { return Severity.ERROR; }

    @Override public String description() {
        return "a database set ACTIVE while another one this runbook knows as ACTIVE was not deactivated (L-04, I-01)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Agents agents = new Agents(context);
        for (LintContext.Site site : context.sites()) {
            String called = LintContext.called(site.stmt());
            boolean activates = "setActive".equals(called)
                    || "ttRepStateSet".equals(called) && context.text(site.stmt()).contains("'ACTIVE'");
            if (!activates) continue;
            String db = context.target(site);
            for (Map.Entry<String, Agents.State> e : agents.before(site.stmt()).active().entrySet()) {
                if (!e.getKey().equals(db) && e.getValue() == Agents.State.UP) {
                    out.report(context.firstLine(site.stmt()), "`" + db + "` is set ACTIVE while `" + e.getKey() + "` still is: two active masters",
                            "deactivate `" + e.getKey() + "` first (repStop, then deactivate), as 000 L34-41 does");
                    break;
                }
            }
        }
    }
}
