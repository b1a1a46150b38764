package dev.runbook.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import static dev.runbook.sim.RuleSupport.*;

/** I-11, I-16 and I-36: cache groups through a major upgrade and a destroy. */
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
            // a database that exists again, or still, can hold objects of a group that is gone too
            if (facts.atEnd()) {
                for (ModelState.Instance db : after.all("database")) {
                    if (exists(db) && Physics.bool(db, "oracleOrphans")) {
                        return Optional.of("the Oracle objects of an autorefresh cache group of " + db.id() + " that no longer exists remain"
                                + " (dropped with the cache agent stopped, or destroyed with the database): run cacheCleanUp.sql for "
                                + Physics.host(db) + " and " + db.id());
                    }
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

    /**
     * I-36 (a model addition, 000 L394-397): the updates of an AWT cache group reach the Oracle
     * database before the last database that still holds them to propagate is destroyed. A
     * database holds them while it exists with its AWT group and was not itself restored from a
     * file (a ttMigrate or ttBackup copy has the data, not the queue of updates to propagate). What
     * reached Oracle is what a ttRepSubscriberWait on '_ORACLE' proved ({@code oracle.awtFlushedTo}).
     */
    static final class AwtReachesOracle implements Invariant {
        public String id() { return "I-36"; }

        public String rule() { return "AWT updates reach Oracle before the last database holding them is destroyed"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            ModelState.Instance oracle = after.all("oracledb").stream().findFirst().orElse(null);
            if (oracle == null) return Optional.empty();
            double flushed = Physics.num(oracle, "awtFlushedTo");
            for (ModelState.Instance was : before.all("database")) {
                ModelState.Instance now = same(after, was);
                if (!exists(was) || !awtGroup(was) || now == null || exists(now)) continue;
                double applied = Physics.num(was, "applied");
                if (flushed >= applied || heldElsewhere(after, was, applied)) continue;
                return Optional.of(was.id() + " was destroyed with the AWT cache group " + Physics.sym(was, "cgAwtName")
                        + " while no other database holds its updates to propagate and nothing proved they reached Oracle:"
                        + " wait until ttRepSubscriberWait on '_ORACLE' returns 00 (awtFlushed) with the applications stopped, before stopping the cache agents");
            }
            return Optional.empty();
        }

        private static boolean heldElsewhere(ModelState after, ModelState.Instance gone, double applied) {
            for (ModelState.Instance db : after.all("database")) {
                if (db.id().equals(gone.id()) || !exists(db) || !awtGroup(db)) continue;
                String origin = Physics.sym(db, "origin");
                if (origin.equals("migrated") || origin.equals("restored")) continue;
                if (Physics.num(db, "applied") >= applied) return true;
            }
            return false;
        }
    }
}
