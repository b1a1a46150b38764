package dev.runbook.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import static dev.runbook.sim.RuleSupport.*;

/** I-11 and I-16: cache groups through a major upgrade and a destroy. */
final class CacheGroupRules {
    private CacheGroupRules() {}

    /**
     * I-11: a major upgrade of a pair with AWT cache groups is offline (targets 18.1 and later;
     * 11.2.1 allows it, decision D-9). In an online procedure, no database may move to a newer
     * major release while a database of the pair holds an AWT cache group.
     */
    static final class AwtMajorOffline implements Invariant {
        public String id() { return "I-11"; }

        public String rule() { return "a major upgrade with AWT cache groups is offline (18.1 and later)"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            if (!facts.online()) return Optional.empty();
            ModelState.Instance awt = null;
            for (ModelState state : List.of(before, after)) {
                for (ModelState.Instance db : state.all("database")) {
                    if (awt == null && exists(db) && awtGroup(db) && Physics.sym(db, "scheme").equals("pair")) awt = db;
                }
            }
            if (awt == null) return Optional.empty();
            for (ModelState.Instance db : after.all("database")) {
                ModelState.Instance was = same(before, db);
                if (was == null || !exists(db)) continue;
                String from = major(was);
                String to = major(db);
                if (!known(from) || !known(to) || compareRelease(to, from) <= 0) continue;
                if (compareRelease(to, "18.1") < 0) continue;
                return Optional.of(db.id() + " moves from " + from + " to " + to + " in an online procedure while " + awt.id()
                        + " has the AWT cache group " + Physics.sym(awt, "cgAwtName")
                        + ": a major upgrade with AWT cache groups is done offline");
            }
            return Optional.empty();
        }
    }

    /**
     * I-16: a database with cache groups is destroyed only with ttDestroy -force (which the cache
     * model records by clearing its groups), and the Oracle objects of its autorefresh cache group
     * are dropped with cacheCleanUp.sql before the procedure ends.
     */
    static final class CacheGroupsBlockDestroy implements Invariant {
        public String id() { return "I-16"; }

        public String rule() { return "cache groups block ttDestroy; after -force, cacheCleanUp.sql runs"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance db : after.all("database")) {
                ModelState.Instance was = same(before, db);
                if (exists(db)) continue;
                if (was != null && exists(was) && (readonlyGroup(db) || awtGroup(db))) {
                    return Optional.of(db.id() + " was destroyed with its cache groups ("
                            + String.join(", ", groups(db)) + "): ttDestroy needs -force (destroyWithCacheGroups), or drop them first");
                }
                if (facts.atEnd() && Physics.bool(db, "oracleObjects")) {
                    return Optional.of(db.id() + " was destroyed, but the Oracle objects of its autorefresh cache group remain:"
                            + " run cacheCleanUp.sql for " + Physics.host(db) + " and " + db.id());
                }
            }
            return Optional.empty();
        }

        private static List<String> groups(ModelState.Instance db) {
            List<String> out = new ArrayList<>();
            if (readonlyGroup(db)) out.add(Physics.sym(db, "cgReadonlyName"));
            if (awtGroup(db)) out.add(Physics.sym(db, "cgAwtName"));
            return out;
        }
    }
}
