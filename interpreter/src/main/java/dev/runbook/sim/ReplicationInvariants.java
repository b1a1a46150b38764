package dev.runbook.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Invariants of docs/model.md §5 (replication, releases, data: I-04 to I-21 and I-33). Each reads
 * the fields that stdlib/timesten.rbk declares (and, for cache groups, stdlib/cache.rbk); a field a
 * runbook's modules do not declare reads as unset and the rule does not apply. docs/model.md says,
 * for each, what the state lets it decide and what it leaves out (I-10, I-20, I-21).
 */
final class ReplicationInvariants {
    private ReplicationInvariants() {}

    static List<Invariant> all() {
        return List.of(new StaticPorts(), new SameCharset(), new SameBits(), new UpgradedFromOlder(), new InsecureBackwardsCompat(),
                new Pre70Types(), new AwtMajorOffline(), new ToolCompatibility(),
                new InPlacePatch(), new CacheGroupsBlockDestroy(), new DuplicateSource(),
                new CaughtUpBeforeActive(), new Capacity(), new LogForDestroyedPeer(), new AgentsStoppedForInstall());
    }

    // ------------------------------------------------------------------ replication edges (Physics.edges)

    /** The first edge that breaks a rule, as a message. */
    private interface EdgeRule {
        String broken(ModelState s, Physics.Edge e);
    }

    private static Optional<String> firstEdge(ModelState s, EdgeRule rule) {
        for (Physics.Edge e : Physics.edges(s)) {
            String why = rule.broken(s, e);
            if (why != null) return Optional.of(why);
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ releases

    /** -1, 0 or 1 as release {@code a} is older, the same or newer than {@code b}, part by number. */
    static int compareRelease(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? number(x[i]) : 0;
            int q = i < y.length ? number(y[i]) : 0;
            if (p != q) return p < q ? -1 : 1;
        }
        return 0;
    }

    private static int number(String part) {
        try {
            return Integer.parseInt(part.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String major(ModelState.Instance db) {
        return Physics.sym(db, "major");
    }

    static boolean known(String value) {
        return !value.isEmpty() && !value.equals("unset");
    }

    static boolean crossRelease(Physics.Edge e) {
        return known(major(e.from())) && known(major(e.to())) && compareRelease(major(e.from()), major(e.to())) != 0;
    }

    static boolean pre70(ModelState.Instance db) {
        return known(major(db)) && compareRelease(major(db), "7.0") < 0;
    }

    static ModelState.Instance hostOf(ModelState s, ModelState.Instance db) {
        return db.fields.get("host") instanceof Value.Ref h ? s.instance(h) : null;
    }

    static boolean exists(ModelState.Instance db) {
        return Physics.bool(db, "exists");
    }

    static ModelState.Instance same(ModelState other, ModelState.Instance i) {
        return other.instance(i.ref());
    }

    /** Came into existence during the step. */
    static boolean created(ModelState before, ModelState.Instance db) {
        ModelState.Instance was = same(before, db);
        return exists(db) && (was == null || !exists(was));
    }

    // ------------------------------------------------------------------ I-04 .. I-09

    /** I-04: replication between two major releases needs a static PORT on both stores. */
    static final class StaticPorts implements Invariant {
        public String id() { return "I-04"; }

        public String rule() { return "cross-release replication only with static ports"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            return firstEdge(after, (s, e) -> {
                if (!crossRelease(e)) return null;
                List<String> dynamic = new ArrayList<>();
                for (ModelState.Instance db : List.of(e.from(), e.to())) if (Physics.num(db, "port") <= 0) dynamic.add(db.id());
                if (dynamic.isEmpty()) return null;
                return "replication " + e.describe() + " runs between releases " + major(e.from()) + " and " + major(e.to())
                        + ", but " + String.join(" and ", dynamic) + (dynamic.size() == 1 ? " has" : " have")
                        + " no static PORT in the scheme";
            });
        }
    }

    /** I-05: replication only between databases of the same character set. */
    static final class SameCharset implements Invariant {
        public String id() { return "I-05"; }

        public String rule() { return "replication only between identical character sets"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            return firstEdge(after, (s, e) -> {
                String a = Physics.sym(e.from(), "charset");
                String b = Physics.sym(e.to(), "charset");
                if (a.equals(b)) return null;
                return "replication " + e.describe() + " runs between the character sets " + a + " (" + e.from().id() + ") and "
                        + b + " (" + e.to().id() + ")";
            });
        }
    }

    /** I-06: no replication between a 32-bit and a 64-bit database. */
    static final class SameBits implements Invariant {
        public String id() { return "I-06"; }

        public String rule() { return "no replication between 32-bit and 64-bit databases"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            return firstEdge(after, (s, e) -> {
                double a = Physics.num(e.from(), "bits");
                double b = Physics.num(e.to(), "bits");
                if (a == b) return null;
                return String.format(Locale.ROOT, "replication %s runs between a %d-bit (%s) and a %d-bit (%s) database",
                        e.describe(), (long) a, e.from().id(), (long) b, e.to().id());
            });
        }
    }

    /**
     * I-07: across releases, the newer database must have been upgraded from the older release. A
     * database's `upgradedFrom` is the major release ttMigrate -r brought it from (its own major:
     * created or restored in its release); unset (`""`), its history is unknown and the rule gives
     * it the benefit of the doubt.
     */
    static final class UpgradedFromOlder implements Invariant {
        public String id() { return "I-07"; }

        public String rule() { return "cross-release replication only if the newer database was upgraded from the older release"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            return firstEdge(after, (s, e) -> {
                if (!crossRelease(e)) return null;
                boolean fromNewer = compareRelease(major(e.from()), major(e.to())) > 0;
                ModelState.Instance newer = fromNewer ? e.from() : e.to();
                ModelState.Instance older = fromNewer ? e.to() : e.from();
                String upgradedFrom = Physics.sym(newer, "upgradedFrom");
                if (!known(upgradedFrom) || upgradedFrom.equals(major(older))) return null;
                return "replication " + e.describe() + " runs between releases " + major(older) + " (" + older.id() + ") and "
                        + major(newer) + " (" + newer.id() + "), but " + newer.id() + " was "
                        + (upgradedFrom.equals(major(newer)) ? "created in " + major(newer) : "upgraded from " + upgradedFrom)
                        + ", not upgraded from " + major(older);
            });
        }
    }

    /** I-08: 7.0+ with pre-7.0 replication needs -insecure-backwards-compat on the 7.0+ daemon. */
    static final class InsecureBackwardsCompat implements Invariant {
        public String id() { return "I-08"; }

        public String rule() { return "7.0+ and pre-7.0 replicate only with -insecure-backwards-compat"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            return firstEdge(after, (s, e) -> {
                if (pre70(e.from()) == pre70(e.to()) || !known(major(e.from())) || !known(major(e.to()))) return null;
                ModelState.Instance modern = pre70(e.from()) ? e.to() : e.from();
                ModelState.Instance host = hostOf(s, modern);
                if (host != null && Physics.bool(host, "insecureBackwardsCompat")) return null;
                return "replication " + e.describe() + " runs between " + major(e.from()) + " and " + major(e.to())
                        + ", but the main daemon of " + Physics.host(modern) + " (" + modern.id() + ", " + major(modern)
                        + ") does not run with -insecure-backwards-compat";
            });
        }
    }

    /** I-09: an online upgrade from before 7.0 through replication keeps TimesTen types and TIMESTEN8. */
    static final class Pre70Types implements Invariant {
        public String id() { return "I-09"; }

        public String rule() { return "pre-7.0 replication keeps TimesTen data types and TIMESTEN8"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            return firstEdge(after, (s, e) -> {
                if (pre70(e.from()) == pre70(e.to()) || !known(major(e.from())) || !known(major(e.to()))) return null;
                for (ModelState.Instance db : List.of(e.from(), e.to())) {
                    if (!Physics.sym(db, "charset").equals("TIMESTEN8")) {
                        return "replication " + e.describe() + " crosses release 7.0, but " + db.id() + " has the character set "
                                + Physics.sym(db, "charset") + ", not TIMESTEN8";
                    }
                    if (Physics.sym(db, "dataTypes").equals("OracleTypes")) {
                        return "replication " + e.describe() + " crosses release 7.0, but " + db.id()
                                + " has Oracle data types (ttMigrate -convertTypesToOra)";
                    }
                }
                return null;
            });
        }
    }

    // ------------------------------------------------------------------ cache groups

    /** The cache model (stdlib/cache.rbk) keeps at most one read-only and one AWT cache group per database. */
    static boolean readonlyGroup(ModelState.Instance db) {
        return Physics.bool(db, "cgReadonly");
    }

    static boolean awtGroup(ModelState.Instance db) {
        return Physics.bool(db, "cgAwt");
    }

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

    // ------------------------------------------------------------------ releases and tools

    /** I-13: ttRestore within a major release and bit level; ttMigrate files within a platform. */
    static final class ToolCompatibility implements Invariant {
        public String id() { return "I-13"; }

        public String rule() { return "ttBackup/ttRestore within a major release and bit level; ttMigrate files within a platform"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance db : after.all("database")) {
                if (!created(before, db)) continue;
                ModelState.Instance host = hostOf(after, db);
                if (host == null) continue;
                String origin = Physics.sym(db, "origin");
                if (origin.equals("restored")) {
                    if (known(major(db)) && known(Physics.sym(host, "major")) && !major(db).equals(Physics.sym(host, "major"))) {
                        return Optional.of(db.id() + " was restored by ttRestore as " + major(db) + " into the " + Physics.sym(host, "major")
                                + " instance of " + host.id() + ": ttRestore stays within a major release");
                    }
                    if (Physics.num(db, "bits") != Physics.num(host, "bits")) {
                        return Optional.of(String.format(Locale.ROOT, "%s was restored by ttRestore as %d-bit into the %d-bit instance of %s:"
                                + " ttRestore stays within a bit level", db.id(), (long) Physics.num(db, "bits"),
                                (long) Physics.num(host, "bits"), host.id()));
                    }
                } else if (origin.equals("migrated")) {
                    String platform = Physics.sym(db, "savedPlatform");
                    if (known(platform) && !platform.equals(Physics.sym(host, "platform"))) {
                        return Optional.of(db.id() + " was restored on " + host.id() + " (" + Physics.sym(host, "platform")
                                + ") from a ttMigrate file made on " + platform + ": ttMigrate files do not cross platforms");
                    }
                }
            }
            return Optional.empty();
        }
    }

    /**
     * I-14: an in-place upgrade is a patch of the same major, with every database of the host
     * unloaded and idle. Decided from the states around the step that installs: a database in use
     * (an agent, memory, applications) both when the step starts and when it ends was in use
     * during the install; one unloaded and reloaded inside the same step is not seen.
     */
    static final class InPlacePatch implements Invariant {
        public String id() { return "I-14"; }

        public String rule() { return "in-place upgrade: patch only, applications disconnected, databases unloaded"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance host : after.all("host")) {
                ModelState.Instance was = same(before, host);
                if (was == null || !Physics.bool(host, "inPlace")) continue;
                String from = Physics.sym(was, "release");
                String to = Physics.sym(host, "release");
                if (from.equals(to)) continue;
                String major = Physics.sym(host, "major");
                if (known(major) && !(to.equals(major) || to.startsWith(major + "."))) {
                    return Optional.of(host.id() + " was upgraded in place from " + from + " to " + to + ", which is not a patch of "
                            + major + ": a new major release needs a new installation and ttMigrate");
                }
                for (ModelState.Instance db : after.all("database")) {
                    ModelState.Instance then = same(before, db);
                    if (then == null || !exists(db) || !exists(then) || !host.id().equals(Physics.host(db))) continue;
                    List<String> busy = busy(before, then);
                    busy.retainAll(busy(after, db));
                    if (!busy.isEmpty()) {
                        return Optional.of(host.id() + " was upgraded in place to " + to + " while " + db.id() + " was in use: "
                                + String.join(", ", busy));
                    }
                }
            }
            return Optional.empty();
        }

        /** Why a database is in use: its agents, its memory, the applications connected to it. */
        private static List<String> busy(ModelState s, ModelState.Instance db) {
            List<String> out = new ArrayList<>();
            if (Physics.sym(db, "rep").equals("up")) out.add("its replication agent runs");
            if (Physics.sym(db, "cache").equals("up")) out.add("its cache agent runs");
            if (Physics.bool(db, "loaded")) out.add("it is loaded in memory");
            for (ModelState.Instance apps : s.all("applications")) {
                if (db.ref().equals(apps.fields.get("target")) && !(apps.fields.get("connected") instanceof Value.Bool b && !b.value())) {
                    out.add("applications are connected to it");
                }
            }
            return out;
        }
    }

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

    static boolean agentUp(ModelState.Instance db) {
        return Physics.sym(db, "rep").equals("up");
    }

    /**
     * I-34 (a model addition, 003 L384-388, 000 L76-78): a master does not keep its log for a
     * destroyed member of the pair. Until the peer is marked FAILED (or stopped), the ACTIVE retains
     * every transaction for it, with nothing to drain it, until its log space runs out. A member that
     * has not existed in the run yet is not destroyed: it is the standby of a pair being set up,
     * which its duplicate will create (D1).
     */
    static final class LogForDestroyedPeer implements Invariant {
        /** The databases seen existing in the run so far. */
        private final java.util.Set<String> existed = new java.util.HashSet<>();

        public String id() { return "I-34"; }

        public String rule() { return "no log kept for a destroyed peer"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance db : before.all("database")) if (exists(db)) existed.add(db.id());
            ModelState.Instance active = Physics.activeMaster(after);
            if (active == null) return Optional.empty();
            for (ModelState.Instance db : after.all("database")) {
                if (db == active || exists(db) || !Physics.sym(db, "role").equals("master")) continue;
                if (!existed.contains(db.id())) continue;
                String receiving = Physics.sym(db, "receiving");
                if (!receiving.equals("start") && !receiving.equals("pause")) continue;
                return Optional.of(active.id() + " (ACTIVE) still replicates to " + db.id() + " (" + receiving + "), which no longer"
                        + " exists: it keeps its transaction log for " + db.id() + " until its log space runs out;"
                        + " mark it FAILED first (markFailed " + db.id() + " from " + active.id() + ")");
            }
            return Optional.empty();
        }
    }

    /**
     * I-35 (a model addition, 000 L17-24, 001 L98): a database's agents are stopped while a new
     * instance is installed on its host. An agent that runs through the install still runs the old
     * release, so the database was never moved to the new one: its `release` stays the old instance's
     * while the host's changes. An agent stopped and started again inside the installing step starts in
     * the new release and keeps the rule. In-place installs are I-14's.
     */
    static final class AgentsStoppedForInstall implements Invariant {
        public String id() { return "I-35"; }

        public String rule() { return "agents are stopped while a new instance is installed on their host"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance host : after.all("host")) {
                ModelState.Instance was = same(before, host);
                if (was == null || Physics.bool(host, "inPlace")) continue;
                String to = Physics.sym(host, "release");
                if (Physics.sym(was, "release").equals(to)) continue;
                for (ModelState.Instance db : after.all("database")) {
                    ModelState.Instance then = same(before, db);
                    if (then == null || !exists(db) || !exists(then) || !host.id().equals(Physics.host(db))) continue;
                    if (Physics.sym(db, "release").equals(to)) continue;
                    for (String agent : List.of("rep", "cache")) {
                        if (!Physics.sym(then, agent).equals("up") || !Physics.sym(db, agent).equals("up")) continue;
                        String which = agent.equals("rep") ? "replication agent" : "cache agent";
                        return Optional.of(db.id() + " kept its " + which + " running while " + host.id() + " was upgraded from "
                                + Physics.sym(was, "release") + " to " + to + ": the agent still runs the old release; stop it"
                                + " before the install and start it after (000 L17-24)");
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** I-33: what a host holds fits its memory and disk (when the cluster says how much it has). */
    static final class Capacity implements Invariant {
        public String id() { return "I-33"; }

        public String rule() { return "online upgrade capacity: the copies fit in memory and on disk"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            for (ModelState.Instance host : after.all("host")) {
                double memory = Physics.num(host, "memory");
                double disk = Physics.num(host, "disk");
                if (memory <= 0 && disk <= 0) continue;
                double inMemory = 0;
                double onDisk = 0;
                List<String> what = new ArrayList<>();
                for (ModelState.Instance db : after.all("database")) {
                    boolean here = host.id().equals(Physics.host(db));
                    if (here && exists(db)) {
                        if (Physics.bool(db, "loaded")) inMemory += Physics.num(db, "permSize") + Physics.num(db, "tempSize");
                        onDisk += Physics.num(db, "permSize");
                        what.add(db.id());
                    }
                    if (here && !Physics.sym(db, "migrateFile").isEmpty()) {
                        onDisk += Physics.num(db, "savedPermInUse");
                        what.add("ttMigrate file " + Physics.sym(db, "migrateFile"));
                    }
                    if (!Physics.sym(db, "backupFile").isEmpty() && db.fields.get("backupHost") instanceof Value.Ref b
                            && b.id().equals(host.id())) {
                        onDisk += Physics.num(db, "backupPermInUse");
                        what.add("ttBackup file " + Physics.sym(db, "backupFile"));
                    }
                }
                if (memory > 0 && inMemory > memory) {
                    return Optional.of(String.format(Locale.ROOT, "%s needs %d MB of memory for the loaded databases (%s) and has %d MB",
                            host.id(), (long) inMemory, String.join(", ", what), (long) memory));
                }
                if (disk > 0 && onDisk > disk) {
                    return Optional.of(String.format(Locale.ROOT, "%s needs %d MB of disk for %s and has %d MB",
                            host.id(), (long) onDisk, String.join(", ", what), (long) disk));
                }
            }
            return Optional.empty();
        }
    }
}
