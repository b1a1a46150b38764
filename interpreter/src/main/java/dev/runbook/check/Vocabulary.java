package dev.runbook.check;

import dev.runbook.ast.Item;
import dev.runbook.source.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the used modules declare, merged: enumerations, entities and their fields, model-wide
 * values (a module's {@code param apps: applications}), verbs, queries and built-ins. The
 * simulator and the SSH runner read the same declarations.
 */
public final class Vocabulary {

    /** A declared verb, query or built-in, with the source it came from. */
    public record Callable(Item.VerbItem item, Source source, List<Param> params, Type result) {
        public String name() {
            return item.name().text();
        }

        public Item.VerbKind kind() {
            return item.kind();
        }
    }

    public record Param(Item.SigParam decl, String keyword, String name, Type type) {}

    /** A model-wide value such as {@code apps}. */
    public record Global(String name, Type type, Item.ParamItem item, Source source) {}

    /** A safety rule declared in a module ({@code invariant I-50 "...":}), checked by the simulator like the standard ones. */
    public record DeclaredInvariant(Item.InvariantItem item, Source source) {
        public String id() {
            return item.id();
        }
    }

    final Map<String, Type.Enum> enums = new LinkedHashMap<>();
    final Map<String, Type.Entity> entities = new LinkedHashMap<>();
    final Map<String, Global> globals = new LinkedHashMap<>();
    final Map<String, Callable> verbs = new LinkedHashMap<>();
    final Map<String, Callable> queries = new LinkedHashMap<>();
    final Map<String, Callable> builtins = new LinkedHashMap<>();
    final java.util.List<DeclaredInvariant> invariants = new java.util.ArrayList<>();
    /** entity -> field -> the value a new model starts with (a literal or a state name). */
    final Map<String, Map<String, dev.runbook.ast.Expr>> fieldDefaults = new LinkedHashMap<>();

    /** The comparisons ({@code <}, {@code ==}, ...) the checker typed as comparing releases, by identity. */
    final java.util.Set<dev.runbook.ast.Expr.BinaryExpr> releaseComparisons =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** The checked runbook's parameters and their types, as declared or inferred (a release parameter). */
    final Map<String, Type> paramTypes = new LinkedHashMap<>();

    Vocabulary() {
        for (String name : List.of("database", "host", "credential")) {
            entities.put(name, new Type.Entity(name, new LinkedHashMap<>()));
        }
    }

    public Map<String, Type.Enum> enums() { return enums; }

    public Map<String, Type.Entity> entities() { return entities; }

    public Map<String, Global> globals() { return globals; }

    public Map<String, Callable> verbs() { return verbs; }

    public Map<String, Callable> queries() { return queries; }

    public Map<String, Callable> builtins() { return builtins; }

    /** The invariants the used modules declare, in the order of the modules (two may share an id: the simulator refuses that). */
    public java.util.List<DeclaredInvariant> invariants() { return invariants; }

    public Map<String, Map<String, dev.runbook.ast.Expr>> fieldDefaults() { return fieldDefaults; }

    /** Whether the checker typed this comparison as one of releases, part by part as numbers. */
    public boolean comparesReleases(dev.runbook.ast.Expr.BinaryExpr comparison) {
        return releaseComparisons.contains(comparison);
    }

    public Map<String, Type> paramTypes() { return paramTypes; }

    /** The enumerations that have a value of this name. */
    List<Type.Enum> enumsWithValue(String value) {
        return enums.values().stream().filter(e -> e.values().contains(value)).toList();
    }
}
