package dev.runbook.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import static dev.runbook.sim.RuleSupport.*;

/** I-04 to I-09: what two databases that replicate to each other must share (static ports, character set, bit level, releases, data types). */
final class PeerRules {
    private PeerRules() {}

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
}
