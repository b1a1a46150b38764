package dev.runbook.lint.rules;

import dev.runbook.ast.Item;
import dev.runbook.ast.Stmt;
import dev.runbook.lint.Agents;
import dev.runbook.lint.Findings;
import dev.runbook.lint.HostReleases;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * timesten-model.md L-02, first half: an agent started after an upgrade of a host, on a database
 * other than the one that upgrade left stopped (000 A2 and 001 B2 step 8 restart master2 where
 * step 7 upgraded master1's instance). The second half (a database whose agent already runs) is
 * {@link RepeatedStart}.
 */
public final class StartAfterUpgradeWrongDb implements Rule {

    private enum Agent { REP, CACHE }

    /** A database whose host an upgrade left with this agent to start again, and the step of that upgrade. */
    private record Pending(String db, Agent agent, Item.StepItem upgrade, String host) {}

    @Override public String id() { return "start-after-upgrade-wrong-db"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "an agent started after a host's upgrade on a database other than the upgraded one, whose agent stays down (L-02)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        Agents agents = new Agents(context);
        Map<String, String> hostOf = context.databaseHosts();
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (LintContext.Site site : context.sites()) {
            Stmt s = site.stmt();
            if (s instanceof Stmt.RunStmt run) {
                // a sub-runbook may start what it is given: forget it
                for (Stmt.NamedArg arg : run.args()) pending.keySet().removeIf(k -> k.startsWith(site.key(context.text(arg.value())) + "/"));
                continue;
            }
            String called = LintContext.called(s);
            if (called == null) continue;
            if (HostReleases.INSTALLS.contains(called) && !site.conditional()) {
                String host = HostReleases.installedHost(context, site, hostOf);
                if (host == null) continue;
                Agents.Before before = agents.before(s);
                for (Map.Entry<String, String> db : hostOf.entrySet()) {
                    if (!db.getValue().equals(host)) continue;
                    // only an agent the runbook speaks of: a database without cache groups never starts a cache agent
                    if (before.rep(db.getKey()) != Agents.State.UNSET) put(pending, new Pending(db.getKey(), Agent.REP, site.step(), host));
                    if (before.cache(db.getKey()) != Agents.State.UNSET) put(pending, new Pending(db.getKey(), Agent.CACHE, site.step(), host));
                }
                continue;
            }
            Agent agent = switch (called) {
                case "repStart", "ttRepStart" -> Agent.REP;
                case "cacheStart", "ttCacheStart" -> Agent.CACHE;
                default -> null;
            };
            String db = context.target(site);
            if (agent == null || db == null) continue;
            if (pending.remove(db + "/" + agent) != null || site.conditional()) continue;
            Pending forgotten = pending.values().stream().filter(p -> p.agent() == agent).findFirst().orElse(null);
            if (forgotten == null) continue;
            pending.remove(forgotten.db() + "/" + agent);
            String what = agent == Agent.REP ? "replication" : "cache";
            out.report(context.firstLine(s),
                    "starts the " + what + " agent of `" + db + "`, but step " + forgotten.upgrade().number().text() + " upgraded the instance of `"
                            + forgotten.db() + "` (" + forgotten.host() + "), whose " + what + " agent is not started again",
                    "start the agent of the upgraded database: " + called + " " + forgotten.db());
        }
    }

    private static void put(Map<String, Pending> pending, Pending p) {
        pending.put(p.db() + "/" + p.agent(), p);
    }
}
