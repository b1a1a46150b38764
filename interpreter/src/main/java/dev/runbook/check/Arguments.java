package dev.runbook.check;

import dev.runbook.ast.Expr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule that binds a call's arguments to the callee's parameters, used by the checker (which
 * reports every {@link Problem}) and by the engine and the evaluator (which run only checked calls):
 *
 * <ol>
 *   <li>The positional parameters are filled first, in order, from the first arguments. A word
 *       spelled like one of the verb's keywords is still a value there ({@code createPair standby
 *       standby active} binds {@code db = standby}), with one exception: a positional parameter that
 *       has a default is left to its default when its argument is a bare keyword word, so that
 *       {@code verb v (x: number = 1) at (h: host)} can be called as {@code v at h}.</li>
 *   <li>Then keyword groups ({@code from standby}) in any order, each keyword once.</li>
 *   <li>Every parameter left out takes its declared default.</li>
 * </ol>
 *
 * Every parameter ends up bound exactly once, or the call has a problem the checker reports.
 */
public final class Arguments {
    private Arguments() {}

    /** What can be wrong with a call. */
    public enum Kind {
        /** A positional parameter without a default has no argument; {@code at} is null. */
        MISSING_POSITIONAL,
        /** A keyword parameter without a default is not given; {@code at} is null. */
        MISSING_KEYWORD,
        /** A keyword is the last argument: its value is missing; {@code at} is the keyword. */
        KEYWORD_WITHOUT_VALUE,
        /** A keyword appears twice; {@code at} is the second one. */
        DUPLICATE_KEYWORD,
        /** Arguments from {@code at} on match neither a positional slot nor a keyword. */
        EXTRA,
        /**
         * A bare keyword word that names no value stands in the slot of a positional parameter
         * without a default: the positional argument was left out ({@code duplicate from x ...}).
         */
        KEYWORD_FOR_POSITIONAL,
        /**
         * A bare keyword word that also names a value stands in the slot of a positional parameter
         * with a default: it is read as the keyword, which the author may not have meant.
         */
        AMBIGUOUS
    }

    public record Problem(Kind kind, Vocabulary.Param param, Expr at, int index) {}

    /** The parameters bound to argument expressions (defaults included), and what went wrong. */
    public record Binding(Map<String, Expr> arguments, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Parameter name to argument expression for a checked call; a parameter left out maps to its declared default. */
    public static Map<String, Expr> bind(Vocabulary.Callable callable, List<Expr> args) {
        return match(callable, args, word -> true).arguments();
    }

    /**
     * Binds by the rule above and lists every problem, in argument order. {@code namesAValue} tells
     * whether a bare word names something in scope; it never changes the binding, only which
     * problems explain a call that went wrong.
     */
    public static Binding match(Vocabulary.Callable callable, List<Expr> args, java.util.function.Predicate<String> namesAValue) {
        Map<String, Expr> bound = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        int i = 0;
        for (Vocabulary.Param p : callable.params()) {
            if (p.keyword() != null) continue;
            boolean optional = p.decl().defaultValue() != null;
            Expr arg = i < args.size() ? args.get(i) : null;
            boolean keywordWord = arg != null && keywordParam(arg, callable) != null;
            boolean nameToo = keywordWord && namesAValue.test(((Expr.PathExpr) arg).dotted());
            if (arg != null && !(optional && keywordWord)) {
                if (keywordWord && !nameToo) problems.add(new Problem(Kind.KEYWORD_FOR_POSITIONAL, p, arg, i));
                bound.put(p.name(), arg);
                i++;
            } else if (!optional) {
                problems.add(new Problem(Kind.MISSING_POSITIONAL, p, null, i));
            } else if (nameToo) {
                problems.add(new Problem(Kind.AMBIGUOUS, p, arg, i));
            }
        }
        while (i < args.size()) {
            Expr word = args.get(i);
            Vocabulary.Param p = keywordParam(word, callable);
            if (p == null) {
                problems.add(new Problem(Kind.EXTRA, null, word, i));
                break;
            }
            if (bound.containsKey(p.name())) {
                problems.add(new Problem(Kind.DUPLICATE_KEYWORD, p, word, i));
                break;
            }
            if (i + 1 >= args.size()) {
                problems.add(new Problem(Kind.KEYWORD_WITHOUT_VALUE, p, word, i));
                bound.put(p.name(), null); // given, without a value: not also "missing"
                break;
            }
            bound.put(p.name(), args.get(i + 1));
            i += 2;
        }
        for (Vocabulary.Param p : callable.params()) {
            if (p.keyword() == null || bound.containsKey(p.name()) || p.decl().defaultValue() != null) continue;
            problems.add(new Problem(Kind.MISSING_KEYWORD, p, null, args.size()));
        }
        bound.values().removeIf(java.util.Objects::isNull);
        for (Vocabulary.Param p : callable.params()) {
            if (!bound.containsKey(p.name()) && p.decl().defaultValue() != null) bound.put(p.name(), p.decl().defaultValue());
        }
        return new Binding(bound, List.copyOf(problems));
    }

    /** The keyword parameter a bare word names, or null. */
    public static Vocabulary.Param keywordParam(Expr e, Vocabulary.Callable callable) {
        if (!(e instanceof Expr.PathExpr p) || p.names().size() != 1) return null;
        for (Vocabulary.Param param : callable.params()) {
            if (p.dotted().equals(param.keyword())) return param;
        }
        return null;
    }
}
