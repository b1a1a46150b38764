package dev.runbook.sim;

import dev.runbook.ast.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The invariants the simulator checks after every step, in id order: those written here, which
 * need the state before the step, the run's history or the physics, and those the modules declare
 * ({@code invariant I-01 ...} in stdlib/timesten.rbk; a site's module can add its own).
 */
public final class Invariants {
    private Invariants() {}

    /**
     * The standard rules and those the used modules declare, in id order. A module's rule cannot take
     * the id of a standard one.
     */
    public static List<Invariant> with(dev.runbook.check.Vocabulary vocabulary, Evaluator evaluator) {
        List<Invariant> all = new ArrayList<>(all());
        java.util.Map<String, String> ids = new java.util.HashMap<>();
        for (Invariant i : all) ids.put(i.id(), "sim/");
        for (dev.runbook.check.Vocabulary.DeclaredInvariant d : vocabulary.invariants()) {
            String at = d.source().name() + ":" + d.item().idSpan().line() + ":" + d.item().idSpan().column();
            String earlier = ids.putIfAbsent(d.id(), at);
            if (earlier != null) {
                throw new IllegalArgumentException(at + ": invariant " + d.id() + " has the id of another rule (" + earlier
                        + "): give it an id of its own, such as SITE-1");
            }
            all.add(new DeclaredInvariant(d, vocabulary, evaluator));
        }
        all.sort(java.util.Comparator.comparing(Invariant::id));
        return List.copyOf(all);
    }

    /** The rules written in Java; {@link #with} adds the declared ones. */
    public static List<Invariant> all() {
        List<Invariant> all = new ArrayList<>(List.of(new LastCopy(), new WritableActive()));
        // in the order they are checked: the first broken one is the one reported
        all.addAll(List.of(new PeerRules.StaticPorts(), new PeerRules.SameCharset(), new PeerRules.SameBits(),
                new PeerRules.UpgradedFromOlder(), new PeerRules.InsecureBackwardsCompat(), new PeerRules.Pre70Types(),
                new CacheGroupRules.AwtMajorOffline(), new ReleaseRules.ToolCompatibility(), new ReleaseRules.InPlacePatch(),
                new CacheGroupRules.CacheGroupsBlockDestroy(), new CacheGroupRules.AwtReachesOracle(), new CopyRules.DuplicateSource(), new CopyRules.CaughtUpBeforeActive(),
                new CapacityRules.Capacity(), new CopyRules.LogForDestroyedPeer(), new ReleaseRules.AgentsStoppedForInstall()));
        all.addAll(List.of(new AgentPolicyRules.PolicyAlways(), new EndOfRunRules.CacheAgentAtEnd(), new EndOfRunRules.AgentsAtEnd(),
                new EndOfRunRules.TemporaryPrivileges(), new EndOfRunRules.TemporaryForceConnect(), new OpmnRules.OpmnCluster(),
                new EndOfRunRules.SymmetricApplications()));
        all.sort(java.util.Comparator.comparing(Invariant::id));
        return List.copyOf(all);
    }

    /** I-02: every committed transaction survives in a database, a ttMigrate file, or a backup. */
    static final class LastCopy implements Invariant {
        public String id() { return "I-02"; }

        public String rule() { return "never destroy the last copy of the data"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            double best = 0;
            for (ModelState.Instance db : after.all("database")) {
                if (Physics.bool(db, "exists")) best = Math.max(best, Physics.num(db, "applied"));
                if (!Physics.sym(db, "migrateFile").isEmpty()) best = Math.max(best, Physics.num(db, "savedApplied"));
                if (!Physics.sym(db, "backupFile").isEmpty()) best = Math.max(best, Physics.num(db, "backupApplied"));
            }
            double lost = after.committed - best;
            if (lost < 1) return Optional.empty();
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "%d committed transactions survive in no database and no file: they are lost", (long) Math.ceil(lost)));
        }
    }

    /**
     * I-03: in an online procedure the applications always have a writable ACTIVE, or are paused,
     * and paused only within the write outage the runbook declares (`online outage 5m`); none
     * paused at the end.
     */
    static final class WritableActive implements Invariant {
        public String id() { return "I-03"; }

        public String rule() { return "an online procedure keeps a writable ACTIVE for the applications"; }

        public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
            if (!facts.online()) return Optional.empty();
            for (ModelState.Instance apps : after.all("applications")) {
                boolean paused = Physics.bool(apps, "paused");
                if (paused && facts.atEnd()) return Optional.of("the applications are still paused when the procedure ends");
                if (paused && facts.outageLimit() < 0) {
                    return Optional.of("the applications are paused, but the runbook declares no bound on the write outage:"
                            + " add `online outage DURATION` to its header");
                }
                if (facts.outageLimit() >= 0 && after.writeOutage > facts.outageLimit()) {
                    return Optional.of("the applications have had no writable database for " + Durations.format(after.writeOutage / 1000 * 1000)
                            + ", more than the " + Durations.format(facts.outageLimit()) + " the runbook declares (online outage)");
                }
                if (paused) continue;
                if (!(apps.fields.get("target") instanceof Value.Ref target)) continue;
                ModelState.Instance db = after.instance(target);
                if (db == null || !Physics.writable(after, db)) {
                    String why = db == null || !Physics.bool(db, "exists") ? "gone"
                            : !Physics.hostUp(after, db) ? "on " + Physics.host(db) + ", which is down"
                            : Physics.sym(db, "state");
                    return Optional.of("the applications write to " + target.id() + ", which is " + why + ", not a writable ACTIVE");
                }
            }
            return Optional.empty();
        }
    }
}
