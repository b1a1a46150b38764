package dev.runbook.check;

import java.util.List;
import java.util.Map;

/** The types of the language: primitives, the model's entities and enumerations, lists. */
public sealed interface Type {

    String describe();

    enum Prim implements Type {
        STRING("string"), NUMBER("number"), DURATION("duration"), BOOL("bool"),
        /** A release such as 22.1.1.2: ordered part by part as numbers ({@link Releases}), never as text. */
        RELEASE("release");

        private final String name;

        Prim(String name) {
            this.name = name;
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** An entity of the model ({@code database}, {@code host}, ...): its fields come from modules. */
    record Entity(String name, Map<String, Type> fields) implements Type {
        @Override
        public String describe() {
            return name;
        }

        // fields may refer back to entities: identity is the name, never the (cyclic) field map
        @Override
        public boolean equals(Object o) {
            return o instanceof Entity e && e.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }

        @Override
        public String toString() {
            return "Entity[" + name + "]";
        }
    }

    /** An enumeration of state names ({@code repstate = IDLE | ACTIVE | ...}). */
    record Enum(String name, List<String> values) implements Type {
        @Override
        public String describe() {
            return name;
        }
    }

    record ListOf(Type element) implements Type {
        @Override
        public String describe() {
            return "[" + element.describe() + "]";
        }
    }

    /** The type of something already reported as wrong: compatible with everything, so errors don't cascade. */
    record Unknown() implements Type {
        @Override
        public String describe() {
            return "unknown";
        }
    }

    Type UNKNOWN = new Unknown();

    static boolean isUnknown(Type t) {
        return t instanceof Unknown;
    }

    /** Whether a value of {@code actual} may stand where {@code expected} is wanted. */
    static boolean assignable(Type expected, Type actual) {
        if (isUnknown(expected) || isUnknown(actual)) return true;
        if (expected == Prim.STRING && actual == Prim.RELEASE) return true; // a release has a text; not the other way round
        if (expected instanceof ListOf e && actual instanceof ListOf a) return assignable(e.element(), a.element());
        if (expected instanceof Entity e && actual instanceof Entity a) return e.name().equals(a.name());
        if (expected instanceof Enum e && actual instanceof Enum a) return e.name().equals(a.name());
        return expected.equals(actual);
    }
}
