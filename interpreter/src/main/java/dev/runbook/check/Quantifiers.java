package dev.runbook.check;

import java.util.Collection;

/** What a quantifier ({@code all d in databases: ...}) goes over when its list is the name of an entity kind. */
public final class Quantifiers {
    private Quantifiers() {}

    /**
     * The entity kind a bare name stands for in {@code all x in NAME:}: the kind itself
     * ({@code database}) or its plural with an {@code s} ({@code databases}); null if neither.
     * The checker and the evaluator ask only when the name names no value in scope.
     */
    public static String entityKind(String name, Collection<String> kinds) {
        if (kinds.contains(name)) return name;
        if (name.endsWith("s") && kinds.contains(name.substring(0, name.length() - 1))) return name.substring(0, name.length() - 1);
        return null;
    }
}
