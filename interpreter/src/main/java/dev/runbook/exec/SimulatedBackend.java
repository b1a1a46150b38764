package dev.runbook.exec;

import dev.runbook.ast.Expr;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.Vocabulary;
import dev.runbook.engine.Backend;
import dev.runbook.engine.Command;
import dev.runbook.sim.Env;
import dev.runbook.sim.Evaluator;
import dev.runbook.sim.Fault;
import dev.runbook.sim.Invariant;
import dev.runbook.sim.Invariants;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Physics;
import dev.runbook.sim.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The backend of `simulate`, `plan` and `explore`: commands act on the cluster model through the
 * verbs' declared preconditions and effects, time is virtual, and the physics moves the model
 * between commands. With a seed other than 0, declared durations vary by up to 10%, reproducibly.
 */
public final class SimulatedBackend implements Backend {

    private final Vocabulary vocabulary;
    private final Evaluator evaluator;
    private final List<Invariant> invariants;
    private final SplittableRandom random;
    private ModelState state;
    private Observer observer;
    private java.util.function.BiFunction<Vocabulary.Callable, Env, Command> render;

    /** Sees the commands a run would send and the queries a run would ask (for an export); the model still answers. */
    public interface Observer {
        void sent(Command command);

        void asked(Vocabulary.Callable query, Command command);
    }

    public SimulatedBackend(Vocabulary vocabulary, ModelState initial, long seed) {
        this.vocabulary = vocabulary;
        this.evaluator = new Evaluator(vocabulary, (query, env) -> {
            if (observer != null && render != null) {
                try {
                    observer.asked(query, render.apply(query, env));
                } catch (RuntimeException cannotRender) {
                    // a query no command asks (the model's alone): nothing a real run would send
                }
            }
            return java.util.Optional.empty();
        });
        this.invariants = Invariants.with(vocabulary, evaluator);
        this.state = initial;
        this.random = seed == 0 ? null : new SplittableRandom(seed);
    }

    public ModelState state() {
        return state;
    }

    public void observe(Observer o) {
        this.observer = o;
    }

    @Override
    public void renderer(java.util.function.BiFunction<Vocabulary.Callable, Env, Command> r) {
        this.render = r;
    }

    @Override
    public Value evaluate(Expr expr, Env env) {
        return evaluator.eval(expr, env, state);
    }

    @Override
    public Outcome perform(Vocabulary.Callable verb, Env verbEnv, Command command) {
        if (observer != null) observer.sent(command);
        if (hostDown(command.host())) {
            return Outcome.failed(verb.name() + " cannot run: " + command.host() + " is down (no answer over SSH)");
        }
        for (VerbClause.RequiresClause r : verb.item().clausesOf(VerbClause.RequiresClause.class)) {
            if (!evaluator.test(r.condition(), verbEnv, state)) {
                String why = r.message() != null ? evaluator.interpolate(r.message(), verbEnv, state, Value::show)
                        : "a precondition on line " + r.span().line() + " of " + verb.source().name() + " does not hold";
                return Outcome.failed(verb.name() + " cannot run: " + why);
            }
        }
        ModelState before = state.copy();
        String refused = evaluator.applyEffects(verb, verbEnv, state);
        if (refused != null) return Outcome.failed(verb.name() + ": " + refused);
        List<Change> changes = changes(before, null);
        ModelState afterEffects = state.copy();
        long millis = duration(verb, command);
        Physics.advance(state, millis);
        changes.addAll(changes(afterEffects, QUIET));
        return new Outcome(true, null, changes, millis);
    }

    private long duration(Vocabulary.Callable verb, Command command) {
        long millis = command.kind().equals("manual") ? 60_000 : 5_000;
        for (VerbClause.TakesClause t : verb.item().clausesOf(VerbClause.TakesClause.class)) millis = t.duration().millis();
        if (random != null) millis = Math.round(millis * (0.9 + 0.2 * random.nextDouble()));
        return millis;
    }

    /** Fields the physics moves all the time: shown when a verb sets them, not when time passes. */
    private static final java.util.Set<String> QUIET = java.util.Set.of("applied");

    private List<Change> changes(ModelState before, java.util.Set<String> quiet) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, Value[]> d : state.diff(before).entrySet()) {
            String field = d.getKey().substring(d.getKey().lastIndexOf('.') + 1);
            if (quiet != null && quiet.contains(field)) continue;
            out.add(new Change(d.getKey(), Value.show(d.getValue()[0]), Value.show(d.getValue()[1])));
        }
        return out;
    }

    @Override
    public List<Change> changesSince(Object snapshot) {
        return changes((ModelState) snapshot, QUIET);
    }

    private boolean hostDown(String host) {
        Value up = state.get(new Value.Ref("host", host), "up");
        return up instanceof Value.Bool b && !b.value();
    }

    @Override
    public Outcome raw(Command command) {
        if (observer != null) observer.sent(command);
        if (hostDown(command.host())) return Outcome.failed(command.host() + " is down (no answer over SSH)");
        state.noteUnverified(command.masked() + " on " + command.host());
        Physics.advance(state, 5_000);
        return new Outcome(true, null, List.of(), 5_000);
    }

    @Override
    public boolean manual(String instruction, long millis) {
        Physics.advance(state, millis);
        return true;
    }

    @Override
    public void sleep(long millis) {
        Physics.advance(state, millis);
    }

    @Override
    public long now() {
        return state.clock();
    }

    @Override
    public Object snapshot() {
        return state.copy();
    }

    @Override
    public void restore(Object snapshot) {
        state = ((ModelState) snapshot).copy();
    }

    @Override
    public List<Violation> violations(Object before, Invariant.RunFacts facts) {
        List<Violation> out = new ArrayList<>();
        for (Invariant i : invariants) {
            i.check((ModelState) before, state, facts).ifPresent(m -> out.add(new Violation(i.id(), i.rule(), m)));
        }
        return out;
    }

    @Override
    public List<String> describe() {
        return describe(state);
    }

    @Override
    public List<String> describe(Object snapshot) {
        List<String> out = new ArrayList<>();
        for (ModelState.Instance i : ((ModelState) snapshot).instances()) {
            if (i.entity().equals("credential")) continue;
            StringBuilder line = new StringBuilder(i.entity()).append(' ').append(i.id()).append(':');
            for (Map.Entry<String, Value> f : i.fields().entrySet()) {
                if (f.getKey().equals("name") || f.getValue() instanceof Value.Nil) continue;
                if (f.getValue() instanceof Value.ListV l && l.items().isEmpty()) continue; // no users yet: said by its absence
                line.append(' ').append(f.getKey()).append('=').append(Value.show(f.getValue()));
            }
            out.add(line.toString());
        }
        return out;
    }

    @Override
    public long writeOutage() {
        return state.writeOutage();
    }

    @Override
    public List<String> unverified() {
        return state.unverified();
    }

    @Override
    public void inject(Fault fault, boolean heal) {
        if (heal) fault.heal(state); else fault.apply(state);
        Physics.settle(state); // e.g. an agent under repPolicy always is restarted at once (004 L720)
    }
}
