package dev.runbook.lint.rules;

import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.HashMap;
import java.util.Map;

/**
 * timesten-model.md L-05: a plain ttDestroy of a database this runbook knows has cache groups
 * (it started or stopped its cache agent, created or loaded a cache group) and did not drop them;
 * or ttDestroy -force with no cacheCleanUp of that database after it.
 */
public final class DestroyWithCacheGroups implements Rule {

    @Override public String id() { return "destroy-with-cache-groups"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "ttDestroy without -force on a database with cache groups, or -force without cacheCleanUp after it (L-05, I-16)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Map<String, Boolean> groups = new HashMap<>();
        Map<String, Stmt> forced = new HashMap<>();
        for (LintContext.Site site : context.sites()) {
            if (site.stmt() instanceof Stmt.RunStmt) forced.clear();
            String called = LintContext.called(site.stmt());
            String db = context.target(site);
            if (called == null || db == null) continue;
            switch (called) {
                case "cacheStart", "cacheStop", "createReadonlyCacheGroup", "loadCacheGroup", "duplicateKeepCG", "migrateInWithCacheGroups" ->
                        groups.put(db, true);
                case "dropCacheGroup", "duplicateNoKeepCG" -> groups.put(db, false);
                case "destroy" -> {
                    if (groups.getOrDefault(db, false)) {
                        out.report(site.stmt().span(), "`" + db + "` has cache groups: a plain ttDestroy fails",
                                "use destroyWithCacheGroups (ttDestroy -force) and cacheCleanUp after it, or drop the cache groups first (000 L248)");
                    }
                    groups.remove(db);
                }
                case "destroyWithCacheGroups" -> {
                    forced.put(db, site.stmt());
                    groups.remove(db);
                }
                case "cacheCleanUp" -> forced.remove(db);
                default -> { }
            }
        }
        for (Map.Entry<String, Stmt> e : forced.entrySet()) {
            out.report(e.getValue().span(), "`" + e.getKey() + "` is destroyed with -force and its Oracle objects are never cleaned up",
                    "run cacheCleanUp " + e.getKey() + " after it (000 L414-418)");
        }
    }
}
