package dev.runbook.sim;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import static dev.runbook.sim.RuleSupport.*;

/** I-18, I-19 and I-34: where a copy comes from, when a copy may become active, and the log kept for a peer. */
final class CopyRules {
    private CopyRules() {}

    /**
     * I-18: a duplicate comes from an existing source whose replication agent ran. The rule sees the
     * states around the step, not the moment of the copy (duplicate's preconditions see that): the
     * source ran before the step or after it, so that "start the active's agent, then duplicate
     * from it" in one step (D1) keeps it.
     */
    static final class DuplicateSource implements Invariant {
        public String id() { return "I-18"; }

        public String rule() { return "duplicate sources are ready: existing, replication agent running"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance db : after.all("database")) {
                if (!created(before, db) || !Physics.sym(db, "origin").equals("duplicated")) continue;
                if (!(db.fields.get("duplicatedFrom") instanceof Value.Ref source)) continue;
                ModelState.Instance then = before.instance(source);
                ModelState.Instance now = after.instance(source);
                if (!(then != null && exists(then) || now != null && exists(now))) {
                    return Optional.of(db.id() + " was duplicated from " + source.id() + ", which did not exist");
                }
                if (!(then != null && exists(then) && agentUp(then) || now != null && exists(now) && agentUp(now))) {
                    return Optional.of(db.id() + " was duplicated from " + source.id() + ", whose replication agent was not running");
                }
            }
            return Optional.empty();
        }
    }

    /**
     * I-19: a role switch only when caught up. A STANDBY that becomes ACTIVE while the old active is
     * still there (ACTIVE or IDLE on a running host: a switch, not a failover) must be proved to hold
     * every transaction of it: a `caughtUp` query (ttRepSubscriberWait returning 00) records the proof
     * (`caughtUpFrom`, `caughtUpTo`), and any transaction the old active committed after it voids it.
     * Whatever the history, a new ACTIVE that lacks committed transactions breaks the rule too.
     */
    static final class CaughtUpBeforeActive implements Invariant {
        public String id() { return "I-19"; }

        public String rule() { return "role switch only when caught up"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance db : after.all("database")) {
                ModelState.Instance was = same(before, db);
                if (!exists(db) || !Physics.sym(db, "state").equals("ACTIVE")) continue;
                if (was != null && Physics.sym(was, "state").equals("ACTIVE")) continue;
                double missing = after.committed() - Physics.num(db, "applied");
                if (missing >= 1) {
                    return Optional.of(String.format(Locale.ROOT, "%s became ACTIVE without %d committed transactions:"
                            + " wait until ttRepSubscriberWait returns 00 (caughtUp) first", db.id(), (long) Math.ceil(missing)));
                }
                if (was == null || !Physics.sym(was, "state").equals("STANDBY")) continue;
                for (ModelState.Instance old : after.all("database")) {
                    ModelState.Instance oldBefore = same(before, old);
                    if (old == db || oldBefore == null || !Physics.sym(old, "role").equals("master")) continue;
                    if (!exists(old) || !Physics.hostUp(after, old)) continue;
                    String oldState = Physics.sym(oldBefore, "state");
                    if (!oldState.equals("ACTIVE") && !oldState.equals("IDLE")) continue;
                    String proof = unproved(db, old);
                    if (proof != null) return Optional.of(proof);
                }
            }
            return Optional.empty();
        }

        private static String unproved(ModelState.Instance db, ModelState.Instance old) {
            String wait = "wait caughtUp " + db.id() + " from " + old.id() + " with the applications paused, just before the switch";
            if (!(db.fields.get("caughtUpFrom") instanceof Value.Ref from) || !from.equals(old.ref())) {
                return db.id() + " became ACTIVE, but nothing proved it holds every transaction of " + old.id()
                        + ", the old active: " + wait;
            }
            if (!Physics.bool(db, "caughtUpPaused")) {
                return db.id() + " became ACTIVE, but the ttRepSubscriberWait that returned 00 ran while the applications"
                        + " still wrote to " + old.id() + ": " + wait;
            }
            double after = Physics.num(old, "applied") - Physics.num(db, "caughtUpTo");
            if (after >= 1) {
                return String.format(Locale.ROOT, "%s became ACTIVE, but %s committed %d transactions after ttRepSubscriberWait"
                        + " returned 00: %s", db.id(), old.id(), (long) Math.ceil(after), wait);
            }
            return null;
        }
    }

    /**
     * I-34 (a model addition, 003 L384-388, 000 L76-78): a procedure does not end with the ACTIVE
     * keeping its log for a destroyed member of the pair. Until the peer is marked FAILED (or
     * stopped), the ACTIVE retains every transaction for it, with nothing to drain it, until its log
     * space runs out. Retaining it while the peer is rebuilt is a documented choice (A7 destroys,
     * duplicates and restores master2 without marking it FAILED, and the restored copy catches up
     * from that log), so the rule looks at the end of the run. A member that has not existed in
     * the run yet is not destroyed: it is the standby of a pair being set up (D1).
     */
    static final class LogForDestroyedPeer implements Invariant {
        /** The databases seen existing in the run so far. */
        private final java.util.Set<String> existed = new java.util.HashSet<>();

        public String id() { return "I-34"; }

        public String rule() { return "no log kept for a destroyed peer"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance db : before.all("database")) if (exists(db)) existed.add(db.id());
            if (!facts.atEnd()) return Optional.empty();
            ModelState.Instance active = Physics.activeMaster(after);
            if (active == null) return Optional.empty();
            for (ModelState.Instance db : after.all("database")) {
                if (db == active || exists(db) || !Physics.sym(db, "role").equals("master")) continue;
                if (!existed.contains(db.id())) continue;
                String receiving = Physics.sym(db, "receiving");
                if (!receiving.equals("start") && !receiving.equals("pause")) continue;
                return Optional.of(active.id() + " (ACTIVE) still replicates to " + db.id() + " (" + receiving + "), which no longer"
                        + " exists when the procedure ends: it keeps its transaction log for " + db.id() + " until its log space runs out;"
                        + " mark it FAILED (markFailed " + db.id() + " from " + active.id() + ") or create it again");
            }
            return Optional.empty();
        }
    }
}
