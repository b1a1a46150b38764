package dev.runbook.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole simulated cluster at one instant: every entity instance and its fields, the virtual
 * clock, and the counters the physics keeps. Copied for snapshots, so cheap to copy.
 */
public final class ModelState {

    /** One entity instance: its fields, in declaration order. */
    public static final class Instance {
        final String entity;
        final String id;
        final LinkedHashMap<String, Value> fields;

        Instance(String entity, String id, LinkedHashMap<String, Value> fields) {
            this.entity = entity;
            this.id = id;
            this.fields = fields;
        }

        public String entity() { return entity; }

        public String id() { return id; }

        public Map<String, Value> fields() { return java.util.Collections.unmodifiableMap(fields); }

        public Value.Ref ref() { return new Value.Ref(entity, id); }
    }

    private final LinkedHashMap<String, Instance> instances = new LinkedHashMap<>();
    /** Virtual time since the start, in milliseconds. */
    long clock;
    /** The highest transaction number ever committed by the applications. */
    double committed;
    /** Virtual time during which no database accepted the applications' writes. */
    long writeOutage;
    /** Host pairs that cannot reach each other ("a|b" with a < b). */
    final Set<String> partitions = new LinkedHashSet<>();
    /** Raw commands whose effect the model could not know, by step. */
    final List<String> unverified = new ArrayList<>();

    public ModelState copy() {
        ModelState c = new ModelState();
        for (Instance i : instances.values()) c.instances.put(key(i.entity, i.id), new Instance(i.entity, i.id, new LinkedHashMap<>(i.fields)));
        c.clock = clock;
        c.committed = committed;
        c.writeOutage = writeOutage;
        c.partitions.addAll(partitions);
        c.unverified.addAll(unverified);
        return c;
    }

    static String key(String entity, String id) {
        return entity + ":" + id;
    }

    public Instance add(String entity, String id) {
        return instances.computeIfAbsent(key(entity, id), k -> new Instance(entity, id, new LinkedHashMap<>()));
    }

    public Instance instance(Value.Ref ref) {
        return instances.get(ref.key());
    }

    public List<Instance> all(String entity) {
        List<Instance> out = new ArrayList<>();
        for (Instance i : instances.values()) if (i.entity.equals(entity)) out.add(i);
        return out;
    }

    public List<Instance> instances() {
        return new ArrayList<>(instances.values());
    }

    public Value get(Value.Ref ref, String field) {
        Instance i = instances.get(ref.key());
        if (i == null) return Value.NIL;
        return i.fields.getOrDefault(field, Value.NIL);
    }

    public void set(Value.Ref ref, String field, Value value) {
        Instance i = instances.get(ref.key());
        if (i == null) throw new IllegalStateException("no " + ref.key() + " in the model");
        i.fields.put(field, value);
    }

    public long clock() { return clock; }

    public double committed() { return committed; }

    public long writeOutage() { return writeOutage; }

    public Set<String> partitions() { return java.util.Collections.unmodifiableSet(partitions); }

    public List<String> unverified() { return java.util.Collections.unmodifiableList(unverified); }

    public void noteUnverified(String what) {
        unverified.add(what);
    }

    public void partition(String hostA, String hostB, boolean cut) {
        String pair = hostA.compareTo(hostB) < 0 ? hostA + "|" + hostB : hostB + "|" + hostA;
        if (cut) partitions.add(pair); else partitions.remove(pair);
    }

    public boolean reachable(String hostA, String hostB) {
        if (hostA.equals(hostB)) return true;
        String pair = hostA.compareTo(hostB) < 0 ? hostA + "|" + hostB : hostB + "|" + hostA;
        return !partitions.contains(pair);
    }

    /** Every field that differs from {@code before}: "master2.state" -> [before, after]. */
    public Map<String, Value[]> diff(ModelState before) {
        Map<String, Value[]> out = new LinkedHashMap<>();
        for (Instance i : instances.values()) {
            Instance old = before.instances.get(key(i.entity, i.id));
            for (Map.Entry<String, Value> f : i.fields.entrySet()) {
                Value was = old == null ? Value.NIL : old.fields.getOrDefault(f.getKey(), Value.NIL);
                if (!was.equals(f.getValue())) out.put(i.id + "." + f.getKey(), new Value[] {was, f.getValue()});
            }
        }
        return out;
    }
}
