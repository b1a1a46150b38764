package dev.runbook.sim;

import dev.runbook.ast.Expr;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.Vocabulary;
import java.util.Optional;

/**
 * An invariant a module declares ({@code invariant I-50 "...": requires COND else "..."}), checked on
 * the state after every step like the rules written in Java. Its message may name the first instance
 * that breaks an {@code all} quantifier that opens its condition.
 */
public final class DeclaredInvariant implements Invariant {

    private final Vocabulary.DeclaredInvariant declared;
    private final Vocabulary vocabulary;
    private final Evaluator evaluator;

    public DeclaredInvariant(Vocabulary.DeclaredInvariant declared, Vocabulary vocabulary, Evaluator evaluator) {
        this.declared = declared;
        this.vocabulary = vocabulary;
        this.evaluator = evaluator;
    }

    @Override
    public String id() {
        return declared.id();
    }

    @Override
    public String rule() {
        return declared.item().rule().value();
    }

    @Override
    public Optional<String> check(ModelState before, ModelState after, RunFacts facts) {
        Env env = Env.root();
        for (Vocabulary.Global g : vocabulary.globals().values()) env.define(g.name(), new Value.Ref(g.type().describe(), g.name()));
        for (VerbClause.RequiresClause r : declared.item().clausesOf(VerbClause.RequiresClause.class)) {
            if (evaluator.test(r.condition(), env, after)) continue;
            if (r.message() == null) return Optional.of("the rule does not hold (" + declared.source().name() + ":" + r.span().line() + ")");
            return Optional.of(evaluator.interpolate(r.message(), witnesses(r.condition(), env, after), after, Value::show));
        }
        return Optional.empty();
    }

    /** The environment with each opening {@code all} variable bound to the first instance that breaks the rest. */
    private Env witnesses(Expr condition, Env env, ModelState state) {
        Expr e = condition;
        Env out = env;
        while (e instanceof Expr.QuantifiedExpr q && q.quantifier() == Expr.Quantifier.ALL) {
            Value witness = evaluator.firstBreaking(q, out, state);
            if (witness == null) break;
            out = out.with(q.variable().text(), witness);
            e = q.condition();
        }
        return out;
    }
}
