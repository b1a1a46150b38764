package dev.runbook.sim;

import java.util.List;

/** A value in the model: what expressions evaluate to and fields hold. */
public sealed interface Value {

    record Str(String value) implements Value {}

    record Num(double value) implements Value {}

    record Bool(boolean value) implements Value {}

    /** A state name of an enumeration (ACTIVE, up, master). */
    record Sym(String name) implements Value {}

    /** An instance of an entity of the model: {@code database master1}, {@code host master1host}. */
    record Ref(String entity, String id) implements Value {
        public String key() {
            return entity + ":" + id;
        }
    }

    record ListV(List<Value> items) implements Value {
        public ListV {
            items = List.copyOf(items);
        }
    }

    /** A secret (a password): its value never reaches a trace, a plan or a journal. */
    record Secret(String owner) implements Value {}

    /** A field nobody has set. */
    record Nil() implements Value {}

    Value NIL = new Nil();

    static Value of(boolean b) {
        return new Bool(b);
    }

    /** How a value reads in a trace and in a command line: entities by their id. */
    static String show(Value v) {
        if (v instanceof Str s) return s.value();
        if (v instanceof Num n) {
            double d = n.value();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        if (v instanceof Bool b) return Boolean.toString(b.value());
        if (v instanceof Sym s) return s.name();
        if (v instanceof Ref r) return r.id();
        if (v instanceof Secret) return "********";
        if (v instanceof ListV l) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < l.items().size(); i++) out.append(i == 0 ? "" : ", ").append(show(l.items().get(i)));
            return out.append(']').toString();
        }
        return "unset";
    }

    static boolean truthy(Value v) {
        if (v instanceof Bool b) return b.value();
        if (v instanceof ListV l) return l.items().stream().allMatch(Value::truthy);
        return false;
    }
}
