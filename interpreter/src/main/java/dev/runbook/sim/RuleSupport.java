package dev.runbook.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the rules written in Java share: releases compared part by part, the replication edges,
 * and the fields every rule reads (exists, host, name). The rules themselves are in one class
 * per concern (docs/model.md §4.1 says which rule is where).
 */
final class RuleSupport {
    private RuleSupport() {}

    // ------------------------------------------------------------------ replication edges (Physics.edges)

    /** The first edge that breaks a rule, as a message. */
    interface EdgeRule {
        String broken(ModelState s, Physics.Edge e);
    }

    static Optional<String> firstEdge(ModelState s, EdgeRule rule) {
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

    static int number(String part) {
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

    // ------------------------------------------------------------------ cache groups

    /** The cache model (stdlib/cache.rbk) keeps at most one read-only and one AWT cache group per database. */
    static boolean readonlyGroup(ModelState.Instance db) {
        return Physics.bool(db, "cgReadonly");
    }

    static boolean awtGroup(ModelState.Instance db) {
        return Physics.bool(db, "cgAwt");
    }

    // ------------------------------------------------------------------ releases and tools

    static boolean agentUp(ModelState.Instance db) {
        return Physics.sym(db, "rep").equals("up");
    }

    // ------------------------------------------------------------------ helpers

    static String str(ModelState.Instance i, String field) {
        Value v = i.fields.get(field);
        return v instanceof Value.Str s ? s.value() : "";
    }

    static boolean has(ModelState.Instance i, String field) {
        Value v = i.fields.get(field);
        return v != null && !(v instanceof Value.Nil);
    }

    /** "ocmsdb2 on node2.example.com", or the id alone when the database has no host. */
    static String where(ModelState.Instance db) {
        String host = Physics.host(db);
        String name = str(db, "name");
        String label = name.isEmpty() || name.equals(db.id()) ? db.id() : db.id() + " (" + name + ")";
        return host.isEmpty() ? label : label + " on " + host;
    }

    /** The daemon of the database's host is not known to be down. */
    static boolean daemonUp(ModelState s, ModelState.Instance db) {
        ModelState.Instance h = hostOf(s, db);
        return h == null || !Physics.sym(h, "daemon").equals("down");
    }

    static List<String> strings(ModelState.Instance i, String field) {
        List<String> out = new ArrayList<>();
        if (i.fields.get(field) instanceof Value.ListV l) for (Value v : l.items()) out.add(Value.show(v));
        return out;
    }
}
