package dev.runbook.sim;

import java.util.HashMap;
import java.util.Map;

/** Names and their values while a runbook or a verb runs, and the host of the enclosing `on`. */
public final class Env {
    private final Env parent;
    private final Map<String, Value> values = new HashMap<>();
    private final Value here;
    private final Value connected;

    private Env(Env parent, Value here, Value connected) {
        this.parent = parent;
        this.here = here;
        this.connected = connected;
    }

    public static Env root() {
        return new Env(null, null, null);
    }

    public Env child() {
        return new Env(this, here, connected);
    }

    /** A child whose `here` is a host and, for `on DATABASE:`, whose connection is that database. */
    public Env on(Value host, Value database) {
        return new Env(this, host, database);
    }

    public Env with(String name, Value value) {
        Env e = child();
        e.values.put(name, value);
        return e;
    }

    public void define(String name, Value value) {
        values.put(name, value);
    }

    public Value lookup(String name) {
        for (Env e = this; e != null; e = e.parent) {
            Value v = e.values.get(name);
            if (v != null) return v;
        }
        return null;
    }

    public Value here() {
        return here;
    }

    public Value connected() {
        return connected;
    }
}
