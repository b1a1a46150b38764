package dev.runbook.check;

import dev.runbook.ast.Expr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the arguments of a checked call to the callee's parameters by the rule the checker
 * enforces: positional parameters first, then keyword groups in any order, defaults for the rest.
 */
public final class Arguments {
    private Arguments() {}

    /** Parameter name to argument expression; a parameter left out maps to its declared default. */
    public static Map<String, Expr> bind(Vocabulary.Callable callable, List<Expr> args) {
        Map<String, Expr> bound = new LinkedHashMap<>();
        int i = 0;
        for (Vocabulary.Param p : callable.params()) {
            if (p.keyword() != null) continue;
            if (i < args.size() && !isKeyword(args.get(i), callable)) bound.put(p.name(), args.get(i++));
        }
        while (i + 1 < args.size()) {
            if (!(args.get(i) instanceof Expr.PathExpr word)) break;
            for (Vocabulary.Param p : callable.params()) {
                if (word.dotted().equals(p.keyword())) bound.put(p.name(), args.get(i + 1));
            }
            i += 2;
        }
        for (Vocabulary.Param p : callable.params()) {
            if (!bound.containsKey(p.name()) && p.decl().defaultValue() != null) bound.put(p.name(), p.decl().defaultValue());
        }
        return bound;
    }

    private static boolean isKeyword(Expr e, Vocabulary.Callable callable) {
        if (!(e instanceof Expr.PathExpr p) || p.names().size() != 1) return false;
        return callable.params().stream().anyMatch(param -> p.dotted().equals(param.keyword()));
    }
}
