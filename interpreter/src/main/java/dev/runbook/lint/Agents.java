package dev.runbook.lint;

import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Stmt;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a runbook's own text says about each database's replication and cache agents and its ASP
 * state, statement by statement: from the header's {@code require} lines and the verbs that start
 * and stop them. A sub-runbook run or a statement under an {@code if} makes what it may change
 * {@link State#UNKNOWN}; a database nothing has said anything about is {@link State#UNSET}.
 */
public final class Agents {

    public enum State { UP, DOWN, UNKNOWN, UNSET }

    /** The states before one statement. */
    public record Before(Map<String, State> rep, Map<String, State> cache, Map<String, State> active) {
        public State rep(String db) {
            return rep.getOrDefault(db, State.UNSET);
        }

        public State cache(String db) {
            return cache.getOrDefault(db, State.UNSET);
        }

        public State active(String db) {
            return active.getOrDefault(db, State.UNSET);
        }
    }

    private static final Pattern LIST = Pattern.compile("(rep|cache) of \\[([^\\]]+)\\] == (up|down)");
    private static final Pattern ONE = Pattern.compile("(rep|cache) of ([A-Za-z_][\\w]*) == (up|down)");
    private static final Pattern FIELD = Pattern.compile("([A-Za-z_][\\w]*)\\.(rep|cache) == (up|down)");
    private static final Pattern ACTIVE = Pattern.compile("state ([A-Za-z_][\\w]*) == ACTIVE");

    private final Map<Stmt, Before> before = new IdentityHashMap<>();

    public Agents(LintContext context) {
        Map<String, State> rep = new HashMap<>();
        Map<String, State> cache = new HashMap<>();
        Map<String, State> active = new HashMap<>();
        if (context.header() != null) {
            for (HeaderClause.RequireClause r : context.header().requires()) {
                String text = context.text(r);
                Matcher m = LIST.matcher(text);
                while (m.find()) for (String db : m.group(2).split(",")) (m.group(1).equals("rep") ? rep : cache).put(db.strip(), state(m.group(3)));
                m = ONE.matcher(text);
                while (m.find()) (m.group(1).equals("rep") ? rep : cache).put(m.group(2), state(m.group(3)));
                m = FIELD.matcher(text);
                while (m.find()) (m.group(2).equals("rep") ? rep : cache).put(m.group(1), state(m.group(3)));
                m = ACTIVE.matcher(text);
                while (m.find()) active.put(m.group(1), State.UP);
            }
        }
        for (LintContext.Site site : context.sites()) {
            before.put(site.stmt(), new Before(Map.copyOf(rep), Map.copyOf(cache), Map.copyOf(active)));
            if (site.stmt() instanceof Stmt.RunStmt run) {
                // a sub-runbook acts only on the databases it is given
                for (Stmt.NamedArg arg : run.args()) {
                    String db = site.key(context.text(arg.value()));
                    for (Map<String, State> states : List.of(rep, cache, active)) states.put(db, State.UNKNOWN);
                }
                continue;
            }
            String called = LintContext.called(site.stmt());
            if (called == null) {
                if (site.stmt() instanceof Stmt.SqlStmt q && context.text(q.sql()).contains("ttRepDeactivate")) {
                    set(active, context.target(site), State.DOWN, site);
                }
                continue;
            }
            String db = context.target(site);
            String arg1 = site.stmt() instanceof Stmt.VerbStmt v && v.args().size() > 1 ? context.text(v.args().get(1)) : "";
            switch (called) {
                case "repStart", "ttRepStart" -> set(rep, db, State.UP, site);
                case "repStop", "ttRepStop" -> set(rep, db, State.DOWN, site);
                case "cacheStart", "ttCacheStart" -> set(cache, db, State.UP, site);
                case "cacheStop", "ttCacheStop" -> set(cache, db, State.DOWN, site);
                case "setRepPolicy" -> {
                    if (arg1.equals("always")) set(rep, db, State.UP, site);
                }
                case "setActive" -> set(active, db, State.UP, site);
                case "ttRepStateSet" -> {
                    if (context.text(site.stmt()).contains("'ACTIVE'")) set(active, db, State.UP, site);
                }
                case "deactivate", "ttRepDeactivate", "dropPair" -> set(active, db, State.DOWN, site);
                case "destroy", "destroyWithCacheGroups", "duplicate", "duplicateKeepCG", "duplicateNoKeepCG", "duplicateFromPeer" -> {
                    set(rep, db, State.DOWN, site);
                    set(cache, db, State.DOWN, site);
                    set(active, db, State.DOWN, site);
                }
                default -> { }
            }
        }
    }

    private static State state(String word) {
        return word.equals("up") ? State.UP : State.DOWN;
    }

    private static void set(Map<String, State> states, String db, State state, LintContext.Site site) {
        if (db == null) return;
        states.put(db, site.conditional() ? State.UNKNOWN : state);
    }

    /** The states just before {@code stmt}, one of the context's statements. */
    public Before before(Stmt stmt) {
        return before.get(stmt);
    }
}
