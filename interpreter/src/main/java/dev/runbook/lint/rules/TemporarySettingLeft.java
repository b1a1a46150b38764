package dev.runbook.lint.rules;

import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * timesten-model.md L-15: a temporary setting that the runbook never takes back: ADMIN granted to
 * PUBLIC (001 L32-34), ForceConnect=1 (004 L817).
 */
public final class TemporarySettingLeft implements Rule {

    @Override public String id() { return "temporary-setting-left"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "GRANT ADMIN TO PUBLIC or ForceConnect=1 never taken back before the end (L-15, I-28, I-29)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Map<String, Stmt> open = new LinkedHashMap<>();
        for (LintContext.Site site : context.sites()) {
            Stmt s = site.stmt();
            if (s instanceof Stmt.RunStmt) open.clear();
            String called = LintContext.called(s);
            String sql = s instanceof Stmt.SqlStmt q ? q.sql().value().toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ") : "";
            String db = context.target(site);
            if ("grantAdminToPublic".equals(called) || sql.contains("GRANT ADMIN TO PUBLIC")) open.put("ADMIN to PUBLIC on " + db, s);
            if ("revokeAdminFromPublic".equals(called) || sql.contains("REVOKE ADMIN FROM PUBLIC")) open.remove("ADMIN to PUBLIC on " + db);
            if ("setForceConnect".equals(called) && s instanceof Stmt.VerbStmt v && v.args().size() > 1) {
                String value = context.text(v.args().get(1));
                if (value.equals("true") || value.equals("1")) open.put("ForceConnect=1 on " + db, s);
                else open.remove("ForceConnect=1 on " + db);
            }
        }
        for (Map.Entry<String, Stmt> e : open.entrySet()) {
            out.report(context.firstLine(e.getValue()), e.getKey() + " is set here and never taken back",
                    "take it back in a later step (revokeAdminFromPublic, setForceConnect DB to false) once it is no longer needed");
        }
    }
}
