package dev.runbook.check;

import dev.runbook.source.Span;
import java.util.HashMap;
import java.util.Map;

/** Names visible at a point: loop variables, then parameters, then model-wide values. */
final class Scope {

    enum Kind { PARAM, LOOP_VARIABLE, VERB_PARAM, GLOBAL }

    static final class Binding {
        final String name;
        final Kind kind;
        final Type type;
        final Span declared;
        /** What the name stands for where the checker can tell (a parameter's default), else null. */
        final dev.runbook.ast.Expr value;
        boolean used;
        /**
         * A parameter with no declared type whose default is a plain string literal: its uses decide
         * whether it is a string or a release (language.md, "Releases").
         */
        boolean untypedText;
        /** Where an untyped parameter was first used as a release, or null. */
        Span usedAsRelease;

        Binding(String name, Kind kind, Type type, Span declared, dev.runbook.ast.Expr value) {
            this.name = name;
            this.kind = kind;
            this.type = type;
            this.declared = declared;
            this.value = value;
        }
    }

    private final Scope parent;
    private final Map<String, Binding> bindings = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Binding lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Binding b = s.bindings.get(name);
            if (b != null) return b;
        }
        return null;
    }

    Binding lookupHere(String name) {
        return bindings.get(name);
    }

    void define(Binding binding) {
        bindings.put(binding.name, binding);
    }

    Iterable<Binding> all() {
        return bindings.values();
    }

    /** Every name visible from here, for "did you mean" hints. */
    java.util.Set<String> visibleNames() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Scope s = this; s != null; s = s.parent) out.addAll(s.bindings.keySet());
        return out;
    }
}
