package dev.runbook.engine;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.Name;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.Stmt;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.sim.Env;
import dev.runbook.sim.Fault;
import dev.runbook.sim.Invariant;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a checked runbook one step at a time against a {@link Backend} and reports everything as
 * {@link Event}s. It stops at the first broken invariant, failed precondition, failed command,
 * timed-out wait or failed expectation; in the last four cases it also checks the invariants on the
 * state where it stopped. It knows no terminal and no SSH.
 *
 * <p>Faults fire at the steps they name by the label the trace shows: {@code 7} for a top-level
 * step, {@code 1-6/3} for step 3 of the sub-runbook that step 1-6 runs.
 */
public final class Engine {

    public interface Sink {
        void accept(Event event);
    }

    /**
     * Called before each step starts, a top-level one ({@code depth} 0) or one of a sub-runbook
     * ({@code 1-6/3}, depth 1), once the checks before it held: a front end that steps through a run
     * (the REPL) may hold the run here, or unwind it by throwing.
     */
    public interface Gate {
        void before(String label, int depth);
    }

    /** Virtual time of statements that declare none. */
    static final long DEFAULT_COMMAND = 5_000;
    static final long DEFAULT_MANUAL = 60_000;
    static final long DEFAULT_POLL = 5_000;

    private final CheckResult program;
    private final Vocabulary vocabulary;
    private final Backend backend;
    private final Sink sink;
    private final List<Fault> faults;
    private final Env params;
    private final long seed;
    private final boolean online;
    /** The write outage the runbook allows itself ({@code online outage 5m}); -1 when it says none. */
    private final long outageLimit;
    private final List<Item.StepItem> steps;
    private int next;
    private boolean failed;
    /** The run stopped (not on an invariant) and the state where it stopped is not checked yet. */
    private boolean stopUnchecked;
    private boolean finished;
    private Gate gate = (label, depth) -> { };

    public Engine(CheckResult program, Env params, Backend backend, List<Fault> faults, Sink sink) {
        this(program, params, backend, faults, 0, sink);
    }

    /** {@code seed}: recorded in the trace so that a run can be replayed. */
    public Engine(CheckResult program, Env params, Backend backend, List<Fault> faults, long seed, Sink sink) {
        this.seed = seed;
        this.program = program;
        this.vocabulary = program.vocabulary();
        this.backend = backend;
        this.sink = sink;
        this.faults = List.copyOf(faults);
        this.params = params;
        this.online = program.file().header() instanceof Header.RunbookHeader h && h.online();
        this.outageLimit = program.file().header() instanceof Header.RunbookHeader h && h.outage() != null ? h.outage().millis() : -1;
        this.steps = program.file().itemsOf(Item.StepItem.class);
        backend.renderer(this::render);
    }

    /** Runs every remaining step, then the final checks; true when the run ends well. */
    public boolean run() {
        while (hasNext()) next();
        return finish();
    }

    /**
     * Starts a half-done procedure at the step labelled {@code label}: the steps before it are taken
     * as done (the state should describe the cluster at that point, e.g. from a cluster file).
     */
    public void skipTo(String label) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).number().text().equals(label)) {
                next = i;
                return;
            }
        }
        throw new IllegalArgumentException("there is no step " + label + " in " + program.file().declaredName()
                + ": the steps are " + String.join(", ", stepLabels()));
    }

    /** Where a front end may hold the run: before each step, at any depth. */
    public void gate(Gate gate) {
        this.gate = gate;
    }

    public boolean hasNext() {
        return !failed && next < steps.size();
    }

    /** The label of the step {@link #next()} would run. */
    public String nextLabel() {
        return hasNext() ? steps.get(next).number().text() : null;
    }

    public boolean failed() {
        return failed;
    }

    /** Runs one top-level step (with everything it calls). */
    public void next() {
        start();
        runStep(steps.get(next++), null, program.source(), params);
    }

    private boolean started;

    private void start() {
        if (started) return;
        started = true;
        Map<String, String> shown = new LinkedHashMap<>();
        for (Item.ParamItem p : program.file().itemsOf(Item.ParamItem.class)) {
            Value v = params.lookup(p.name().text());
            if (v != null) shown.put(p.name().text(), Value.show(v));
        }
        String id = program.file().declaredName();
        String title = program.file().header() instanceof Header.RunbookHeader h && h.title() != null ? h.title().value() : "";
        sink.accept(new Event.RunStarted(id, title, online, shown, seed));
    }

    /** Final expectations and end-of-run invariants; emits RunFinished. */
    public boolean finish() {
        if (finished) return !failed;
        finished = true;
        if (!started) start();
        if (!failed) {
            Object before = backend.snapshot();
            for (Item.ExpectItem e : program.file().itemsOf(Item.ExpectItem.class)) {
                if (!Value.truthy(backend.evaluate(e.condition(), params))) {
                    stop(new Event.ExpectFailed(text(program.source(), e.condition()), "end", program.source().name(),
                            e.condition().span(), backend.describe()));
                    break;
                }
            }
            if (!failed) checkInvariants(before, "end", program.source(), Span.NONE, true, List.of());
            else checkStopState(before, "end", program.source(), Span.NONE, backend.describe());
        }
        sink.accept(new Event.RunFinished(!failed, backend.now(), backend.writeOutage(), backend.describe(), backend.unverified()));
        return !failed;
    }

    private void inject(Fault f, boolean heal) {
        backend.inject(f, heal);
        sink.accept(new Event.FaultInjected(heal ? "heal: " + f.spec() : f.spec()));
    }

    // ------------------------------------------------------------------ steps

    /**
     * Runs a step of the runbook ({@code parent} null) or of a sub-runbook that the step of
     * {@code parent} runs (labelled "1-6/3"), with the faults that name its label.
     */
    private void runStep(Item.StepItem step, Frame parent, Source source, Env env) {
        String label = parent == null ? step.number().text() : parent.label + "/" + step.number().text();
        Frame frame = new Frame(label, source, parent);
        for (Fault f : faults) {
            if (!f.step().equals(label) || f.pass() != null) continue;
            if (!f.atBoundary()) frame.pending.add(f);
            else if (f.before()) inject(f, false);
        }
        // the statements of the step that runs this one, since its last check, are checked first
        if (parent != null) checkWindow(parent);
        if (failed) return;
        gate.before(label, frame.depth());
        sink.accept(new Event.StepStarted(label, step.title() == null ? "" : plain(step.title(), env), source.name(), step.span()));
        long start = backend.now();
        frame.span = step.span();
        restartWindow(frame);
        execute(step.body(), env, frame);
        if (failed) {
            // the innermost step where the run stopped checks once; the steps around it only unwind
            if (stopUnchecked) checkStopState(frame.windowStart, label, source, step.span(), null);
            return;
        }
        checkWindow(frame);
        if (failed) return;
        sink.accept(new Event.StepFinished(label, backend.now() - start));
        Object beforeFaults = backend.snapshot();
        boolean injected = false;
        for (Fault f : faults) {
            if (f.step().equals(label) && f.pass() == null && f.atBoundary() && !f.before()) {
                inject(f, false);
                injected = true;
            }
            if (label.equals(f.healStep())) inject(f, true);
        }
        // a fault can break a rule by itself: say so at once, not at the next step
        if (injected) checkInvariants(beforeFaults, label + " (after the fault)", source, step.span(), false, null);
        if (parent != null && !failed) restartWindow(parent);
    }

    /**
     * The invariants over a step's window: from its start, or from the end of the last sub-runbook
     * step it ran, to now. A sub-runbook's steps are checked on their own, so a step that runs one
     * is checked only over its own statements around them: a database stopped, upgraded and
     * started again across sub-steps is seen at each sub-step, never as "in use before and after".
     */
    private void checkWindow(Frame frame) {
        checkInvariants(frame.windowStart, frame.label, frame.source, frame.span, false, null);
        restartWindow(frame);
    }

    private void restartWindow(Frame frame) {
        frame.windowStart = backend.snapshot();
    }

    /**
     * One pass of a {@code for} loop, with the faults that name it ({@code fail step 17-22 for
     * subscriber2}): boundary faults before and after it, a failing command or wait inside it.
     */
    private void pass(String value, Frame frame, Runnable body) {
        List<Fault> inside = new ArrayList<>();
        for (Fault f : faults) {
            if (!value.equals(f.pass()) || !f.step().equals(frame.label)) continue;
            if (!f.atBoundary()) inside.add(f);
            else if (f.before()) inject(f, false);
        }
        frame.pending.addAll(inside);
        body.run();
        frame.pending.removeAll(inside);
        if (failed) return;
        Object before = backend.snapshot();
        boolean injected = false;
        for (Fault f : faults) {
            if (value.equals(f.pass()) && f.step().equals(frame.label) && f.atBoundary() && !f.before()) {
                inject(f, false);
                injected = true;
            }
        }
        if (injected) {
            checkInvariants(before, frame.label + " for " + value + " (after the fault)", frame.source, Span.NONE, false, null);
        }
    }

    /** Stops the run on a failed precondition, command, wait or expectation (an invariant stops it through checkInvariants). */
    private void stop(Event why) {
        sink.accept(why);
        failed = true;
        stopUnchecked = true;
    }

    /**
     * The invariants on the state where the run stopped, against the state before the step: the
     * commands of the step before the stop (or a fault) may have left it unsafe, and the operator
     * who takes over from here must know. Not the end-of-run rules: the procedure did not end.
     */
    private void checkStopState(Object before, String label, Source source, Span span, List<String> stateBefore) {
        stopUnchecked = false;
        checkInvariants(before, label + " (where the run stopped)", source, span, false, stateBefore);
    }

    /**
     * {@code stateBefore}: the state shown as before, or null for {@code before} itself, described
     * only when a rule is broken (most windows break none).
     */
    private void checkInvariants(Object before, String label, Source source, Span span, boolean atEnd, List<String> stateBefore) {
        for (Backend.Violation v : backend.violations(before, new Invariant.RunFacts(online, outageLimit, atEnd))) {
            sink.accept(new Event.InvariantViolated(v.id(), v.rule(), v.message(), label, source.name(), span,
                    stateBefore != null ? stateBefore : backend.describe(before), backend.describe()));
            failed = true;
            return;
        }
    }

    /** Where the statements of a step run. */
    private static final class Frame {
        final String label;
        final Source source;
        /** The step that runs this one's sub-runbook, or null. */
        final Frame parent;
        /** The step's {@code fail}/{@code timeout} faults not fired yet. */
        final List<Fault> pending = new ArrayList<>();
        /** Where the window of states not checked yet starts: the step's start, or the end of its last sub-runbook step. */
        Object windowStart;
        Span span;

        Frame(String label, Source source, Frame parent) {
            this.label = label;
            this.source = source;
            this.parent = parent;
        }

        /** 0 for a top-level step, 1 for a step of the sub-runbook it runs, and so on. */
        int depth() {
            return parent == null ? 0 : parent.depth() + 1;
        }

        /**
         * Whether a command (wait) fails (times out) by a fault: the first one that runs while the
         * step the fault names runs, in a sub-runbook of it too ({@code fail step 1-6} fails the
         * first command of step 1-6/1); a fault naming the sub-runbook's step is taken first.
         */
        boolean take(Fault.Kind kind) {
            for (Fault f : pending) {
                if (f.kind() == kind) {
                    pending.remove(f);
                    return true;
                }
            }
            return parent != null && parent.take(kind);
        }
    }

    private void execute(List<Stmt> body, Env env, Frame frame) {
        for (Stmt s : body) {
            if (failed) return;
            execute(s, env, frame);
        }
    }

    private void execute(Stmt stmt, Env env, Frame frame) {
        try {
            executeStatement(stmt, env, frame);
        } catch (Backend.Unanswered unanswered) {
            if (!failed) stop(new Event.CommandFailed(unanswered.what(), unanswered.getMessage(), frame.label, frame.source.name(), stmt.span()));
        }
    }

    private void executeStatement(Stmt stmt, Env env, Frame frame) {
        if (stmt instanceof Stmt.OnStmt on) {
            Value target = backend.evaluate(on.target(), env);
            Value host = target;
            Value database = null;
            if (target instanceof Value.Ref r && r.entity().equals("database")) {
                database = target;
                host = field(target, "host", env);
            } else if (target instanceof Value.Str s) {
                host = new Value.Ref("host", s.value());
            }
            execute(on.body(), env.on(host, database), frame);
        } else if (stmt instanceof Stmt.ForStmt f) {
            Value list = backend.evaluate(f.iterable(), env);
            List<Value> items = list instanceof Value.ListV l ? l.items() : List.of(list);
            for (Value item : items) {
                if (failed) return;
                pass(Value.show(item), frame, () -> execute(f.body(), env.with(f.variable().text(), item), frame));
            }
        } else if (stmt instanceof Stmt.IfStmt i) {
            execute(Value.truthy(backend.evaluate(i.condition(), env)) ? i.then() : i.otherwise(), env, frame);
        } else if (stmt instanceof Stmt.WaitStmt w) {
            await(w, env, frame);
        } else if (stmt instanceof Stmt.ExpectStmt e) {
            if (!Value.truthy(backend.evaluate(e.condition(), env))) {
                stop(new Event.ExpectFailed(text(frame.source, e.condition()), frame.label, frame.source.name(),
                        e.span(), backend.describe()));
            }
        } else if (stmt instanceof Stmt.ManualStmt m) {
            String text = plain(m.instruction(), env);
            sink.accept(new Event.ManualAction(text));
            Object start = backend.snapshot();
            if (!backend.manual(text, DEFAULT_MANUAL)) {
                stop(new Event.CommandFailed("manual", "no operator said this was done: " + text
                        + "; the run stops here (resume it at a terminal)", frame.label, frame.source.name(), m.span()));
                return;
            }
            for (Backend.Change c : backend.changesSince(start)) sink.accept(new Event.StateChanged(c.path(), c.before(), c.after()));
        } else if (stmt instanceof Stmt.ConfirmStmt c) {
            String question = plain(c.question(), env);
            sink.accept(new Event.ManualAction("confirm: " + question));
            if (!backend.confirm(question)) {
                stop(new Event.CommandFailed("confirm", "the operator answered no to: " + question
                        + "; the run stops here (resume it once the answer is yes)", frame.label, frame.source.name(), c.span()));
            }
        } else if (stmt instanceof Stmt.ShStmt sh) {
            String host = env.here() == null ? "" : Value.show(env.here());
            Command command = command("sh", stmt.span(), frame,
                    () -> Command.of(host, "sh", CommandTemplate.read(sh.command(), i -> backend.evaluate(i.path(), env)), null));
            if (command != null) raw(command, frame, stmt.span());
        } else if (stmt instanceof Stmt.SqlStmt sql) {
            Value db = backend.evaluate(sql.database(), env);
            Command command = command("sql", stmt.span(), frame,
                    () -> sqlCommand(db, SqlText.read(sql.sql(), i -> backend.evaluate(i.path(), env)), env, null));
            if (command != null) raw(command, frame, stmt.span());
        } else if (stmt instanceof Stmt.CallStmt call) {
            callBuiltin(call, env, frame);
        } else if (stmt instanceof Stmt.RunStmt run) {
            runSub(run, env, frame);
        } else if (stmt instanceof Stmt.VerbStmt verb) {
            performVerb(verb, env, frame);
        }
    }

    private void await(Stmt.WaitStmt w, Env env, Frame frame) {
        long timeout = w.timeout().millis();
        long every = w.every() == null ? DEFAULT_POLL : w.every().millis();
        String condition = text(frame.source, w.condition());
        if (frame.take(Fault.Kind.TIMEOUT)) {
            Object start = backend.snapshot();
            backend.sleep(timeout);
            for (Backend.Change c : backend.changesSince(start)) sink.accept(new Event.StateChanged(c.path(), c.before(), c.after()));
            timedOut(w, env, condition, timeout, every, frame, true);
            return;
        }
        long waited = 0;
        Object start = backend.snapshot();
        while (true) {
            if (Value.truthy(backend.evaluate(w.condition(), env))) {
                sink.accept(new Event.Waited(condition, waited, true, timeout, every));
                for (Backend.Change c : backend.changesSince(start)) sink.accept(new Event.StateChanged(c.path(), c.before(), c.after()));
                return;
            }
            if (waited >= timeout) {
                for (Backend.Change c : backend.changesSince(start)) sink.accept(new Event.StateChanged(c.path(), c.before(), c.after()));
                timedOut(w, env, condition, timeout, every, frame, false);
                return;
            }
            long slice = Math.min(every, timeout - waited);
            backend.polling(condition, waited, timeout);
            backend.sleep(slice);
            waited += slice;
        }
    }

    private void timedOut(Stmt.WaitStmt w, Env env, String condition, long timeout, long every, Frame frame, boolean forced) {
        sink.accept(new Event.Waited(condition, timeout, false, timeout, every));
        stop(new Event.WaitTimedOut(condition, timeout, frame.label, frame.source.name(), w.span(), backend.describe(), forced,
                forced ? null : lastValue(w, env, frame)));
    }

    /** The left side of a comparison a wait timed out on, as it was then: the value to show beside the one awaited. */
    private String lastValue(Stmt.WaitStmt w, Env env, Frame frame) {
        if (!(w.condition() instanceof Expr.BinaryExpr b) || b.op() == Expr.BinaryOp.AND || b.op() == Expr.BinaryOp.OR) return null;
        try {
            return text(frame.source, b.left()) + " is " + Value.show(backend.evaluate(b.left(), env));
        } catch (Backend.Unanswered unanswered) {
            return text(frame.source, b.left()) + " could not be read: " + unanswered.getMessage();
        }
    }

    private void performVerb(Stmt.VerbStmt stmt, Env env, Frame frame) {
        Vocabulary.Callable verb = vocabulary.verbs().get(stmt.verb().text());
        Env verbEnv = bind(verb, stmt.args(), env);
        Command command = command(verb.name(), stmt.span(), frame, () -> render(verb, verbEnv));
        if (command == null) return;
        // E300 at run time: where a loop variable hides the host from the checker, a verb placed
        // elsewhere than its block says must not run as if the block were right
        if (env.here() != null && !verb.item().clausesOf(VerbClause.PlaceClause.class).isEmpty()
                && !command.host().equals(Value.show(env.here()))) {
            stop(new Event.CommandFailed(verb.name(), "`" + verb.name() + "` runs on " + command.host() + ", but this block runs on "
                    + Value.show(env.here()) + ": move it under on " + command.host() + " (E300)", frame.label, frame.source.name(), stmt.span()));
            return;
        }
        sink.accept(new Event.CommandIssued(command.host(), command.kind(), command.masked(), verb.name()));
        if (frame.take(Fault.Kind.FAIL)) {
            stop(new Event.CommandFailed(verb.name(), "the command failed on " + command.host() + " (injected fault)",
                    frame.label, frame.source.name(), stmt.span()));
            return;
        }
        performed(backend.perform(verb, verbEnv, command), verb.name(), frame, stmt.span());
    }

    /** The events of a verb's or built-in's outcome: its changes, or why it stopped the run. */
    private void performed(Backend.Outcome outcome, String name, Frame frame, Span span) {
        if (outcome.ok()) {
            for (Backend.Change c : outcome.changes()) sink.accept(new Event.StateChanged(c.path(), c.before(), c.after()));
        } else if (outcome.commandFailed()) {
            stop(new Event.CommandFailed(name, outcome.message(), frame.label, frame.source.name(), span));
        } else {
            stop(new Event.PreconditionFailed(name, outcome.message(), frame.label, frame.source.name(), span, backend.describe()));
        }
    }

    private void raw(Command command, Frame frame, Span span) {
        sink.accept(new Event.CommandIssued(command.host(), command.kind(), command.masked(), null));
        if (frame.take(Fault.Kind.FAIL)) {
            stop(new Event.CommandFailed(command.kind(), "the command failed on " + command.host() + " (injected fault)",
                    frame.label, frame.source.name(), span));
            return;
        }
        Backend.Outcome outcome = backend.raw(command);
        if (!outcome.ok()) {
            stop(new Event.CommandFailed(command.kind(), outcome.message(), frame.label, frame.source.name(), span));
            return;
        }
        sink.accept(new Event.Unverified("step " + frame.label + ": `" + command.masked() + "` on " + command.host()
                + " is not in the model; the state after it is unverified"));
    }

    private void callBuiltin(Stmt.CallStmt call, Env env, Frame frame) {
        Vocabulary.Callable builtin = vocabulary.builtins().get(call.builtin().text());
        Command command = command(call.builtin().text(), call.span(), frame, () -> {
            List<Value> args = new ArrayList<>();
            for (Expr arg : call.args()) args.add(backend.evaluate(arg, env));
            return sqlCommand(env.connected(), Rendering.builtinCall(call.builtin().text(), args), env, call.builtin().text());
        });
        if (command == null) return;
        if (builtin == null) {
            raw(command, frame, call.span());
            return;
        }
        Env builtinEnv = Env.root().on(env.here(), env.connected());
        for (int i = 0; i < builtin.params().size() && i < call.args().size(); i++) {
            builtinEnv.define(builtin.params().get(i).name(), backend.evaluate(call.args().get(i), env));
        }
        sink.accept(new Event.CommandIssued(command.host(), command.kind(), command.masked(), builtin.name()));
        performed(backend.perform(builtin, builtinEnv, command), builtin.name(), frame, call.span());
    }

    private void runSub(Stmt.RunStmt run, Env env, Frame frame) {
        CheckResult.UsedRunbook used = program.runbook(run.dottedName());
        if (used == null) {
            // the checker reports an unknown runbook of the checked file; one a used runbook runs is found here
            stop(new Event.CommandFailed("run " + run.dottedName(), "no runbook `" + run.dottedName() + "` was found for this `run`:"
                    + " run `runbook check` on the file that uses it", frame.label, frame.source.name(), run.span()));
            return;
        }
        RunbookFile sub = used.file();
        Env subEnv = Env.root();
        for (Map.Entry<String, Value> g : globals(env).entrySet()) subEnv.define(g.getKey(), g.getValue());
        Map<String, Expr> given = new LinkedHashMap<>();
        for (Stmt.NamedArg a : run.args()) given.put(a.name().text(), a.value());
        for (Item.ParamItem p : sub.itemsOf(Item.ParamItem.class)) {
            Expr arg = given.get(p.name().text());
            subEnv.define(p.name().text(), arg != null ? backend.evaluate(arg, env) : backend.evaluate(p.defaultValue(), subEnv));
        }
        // what the shared part assumes of the cluster must hold where it is run: at the top a require
        // line sets the starting point, here nothing may be assumed
        if (sub.header() instanceof Header.RunbookHeader h) {
            for (HeaderClause.RequireClause r : h.requires()) {
                if (Value.truthy(backend.evaluate(r.condition(), subEnv))) continue;
                stop(new Event.CommandFailed("run " + run.dottedName(), "`" + run.dottedName() + "` requires `" + text(used.source(), r.condition())
                        + "` (" + used.source().name() + ":" + r.condition().span().line() + "), which does not hold here: make it hold in the steps before",
                        frame.label, frame.source.name(), run.span()));
                return;
            }
        }
        for (Item.StepItem step : sub.itemsOf(Item.StepItem.class)) {
            if (failed) return;
            runStep(step, frame, used.source(), subEnv);
        }
        for (Item.ExpectItem e : sub.itemsOf(Item.ExpectItem.class)) {
            if (failed) return;
            if (!Value.truthy(backend.evaluate(e.condition(), subEnv))) {
                stop(new Event.ExpectFailed(text(used.source(), e.condition()), frame.label + "/end", used.source().name(),
                        e.condition().span(), backend.describe()));
            }
        }
    }

    /** The model-wide values (apps) visible in every runbook. */
    private Map<String, Value> globals(Env env) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String name : vocabulary.globals().keySet()) {
            Value v = env.lookup(name);
            if (v != null) out.put(name, v);
        }
        return out;
    }

    // ------------------------------------------------------------------ commands

    private Env bind(Vocabulary.Callable verb, List<Expr> args, Env caller) {
        Env inner = Env.root().on(caller.here(), caller.connected());
        for (Map.Entry<String, Value> g : globals(caller).entrySet()) inner.define(g.getKey(), g.getValue());
        for (Map.Entry<String, Expr> a : dev.runbook.check.Arguments.bind(verb, args).entrySet()) {
            inner.define(a.getKey(), backend.evaluate(a.getValue(), caller));
        }
        return inner;
    }

    /** The command line a verb runs, on the host its `on` clause names. */
    Command render(Vocabulary.Callable verb, Env verbEnv) {
        Value placed = null;
        for (VerbClause.PlaceClause p : verb.item().clausesOf(VerbClause.PlaceClause.class)) placed = backend.evaluate(p.host(), verbEnv);
        List<VerbClause.SqlClause> sql = verb.item().clausesOf(VerbClause.SqlClause.class);
        if (!sql.isEmpty()) {
            List<CommandLine.Piece> statement = new ArrayList<>();
            for (VerbClause.SqlClause s : sql) {
                if (!holds(s.condition(), verbEnv)) continue;
                if (!statement.isEmpty()) statement.add(new CommandLine.Text(" "));
                statement.addAll(SqlText.read(s.sql(), i -> backend.evaluate(i.path(), verbEnv)));
            }
            return sqlCommand(placed, statement, verbEnv, verb.name());
        }
        String host = placed != null ? hostOf(placed, verbEnv) : verbEnv.here() != null ? Value.show(verbEnv.here()) : "operator";
        List<VerbClause.RunsClause> runs = verb.item().clausesOf(VerbClause.RunsClause.class);
        if (!runs.isEmpty()) {
            List<CommandLine.Token> tokens = new ArrayList<>();
            for (VerbClause.RunsClause r : runs) {
                if (holds(r.condition(), verbEnv)) tokens.addAll(CommandTemplate.read(r.command(), i -> backend.evaluate(i.path(), verbEnv)).tokens());
            }
            return Command.of(host, "run", new CommandLine(tokens), verb.name());
        }
        for (VerbClause.ManualClause m : verb.item().clausesOf(VerbClause.ManualClause.class)) {
            return Command.manual(host, plain(m.instruction(), verbEnv), verb.name());
        }
        return Command.of(host, "run", CommandLine.of(List.of(CommandLine.word(verb.name()))), verb.name());
    }

    /** Whether an optional part of a command is in it: no condition, or one that holds now. */
    private boolean holds(Expr condition, Env env) {
        return condition == null || Value.truthy(backend.evaluate(condition, env));
    }

    /** The command {@code make} builds, or null when a value cannot go where it stands: the run stops and says why. */
    private Command command(String what, Span span, Frame frame, java.util.function.Supplier<Command> make) {
        try {
            return make.get();
        } catch (CommandTemplate.Refused refused) {
            stop(new Event.CommandFailed(what, refused.getMessage(), frame.label, frame.source.name(), span));
            return null;
        }
    }

    /** A built-in's argument in SQL: a number as is, nothing as NULL, anything else a string literal. */
    static CommandLine.Piece sqlArgument(Value v) {
        if (v instanceof Value.Num) return new CommandLine.Text(Value.show(v));
        if (v instanceof Value.Nil) return new CommandLine.Text("NULL");
        if (v instanceof Value.Secret s) return new CommandLine.SecretRef(s.owner(), CommandLine.Escape.SQL_LITERAL);
        String shown = Value.show(v);
        if (shown.indexOf('\0') >= 0) throw new CommandTemplate.Refused("an argument of the call contains a NUL character");
        return new CommandLine.Text(SqlText.literal(shown));
    }

    /** A DSN that TimesTen reads from a connection string: nothing that could add an attribute. */
    private static final java.util.regex.Pattern DSN = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    /**
     * ttIsql running one statement in a database: the statement is one argument, so the shell
     * never reads it, and ttIsql's {@code quit;} ends the session.
     */
    private Command sqlCommand(Value db, List<CommandLine.Piece> statement, Env env, String verb) {
        String dsn = Value.show(db);
        if (!DSN.matcher(dsn).matches()) {
            throw new CommandTemplate.Refused("`" + dsn + "` is not a data source name ttIsql can connect to: use letters, digits, _ . -");
        }
        return Command.of(hostOf(db, env), "sql", ttIsql(dsn, statement), verb);
    }

    static CommandLine ttIsql(String dsn, List<CommandLine.Piece> statement) {
        List<CommandLine.Piece> script = new ArrayList<>(statement);
        script.add(new CommandLine.Text("; quit;"));
        return CommandLine.of(List.of(CommandLine.word("ttIsql"), CommandLine.word("-connStr"),
                CommandLine.word("DSN=" + dsn), CommandLine.word("-e"), new CommandLine.Word(script)));
    }

    private String hostOf(Value placed, Env env) {
        if (placed instanceof Value.Ref r && r.entity().equals("database")) return Value.show(field(placed, "host", env));
        return placed == null ? "operator" : Value.show(placed);
    }

    private Value field(Value of, String field, Env env) {
        Span none = Span.NONE;
        Env probe = env.with("$of", of);
        return backend.evaluate(new Expr.PathExpr(none, List.of(new Name(none, "$of"), new Name(none, field))), probe);
    }

    /** A string for people (an instruction, a question): values as they read, secrets masked. */
    private String plain(Expr.StringLit s, Env env) {
        StringBuilder out = new StringBuilder();
        for (Expr.StringLit.Part part : s.parts()) {
            if (part instanceof Expr.StringLit.Text t) out.append(t.text());
            else if (part instanceof Expr.StringLit.Interpolation i) out.append(Value.show(backend.evaluate(i.path(), env)));
        }
        return out.toString();
    }

    private static String text(Source source, Expr e) {
        return source.slice(e.span()).replaceAll("\\s+", " ").strip();
    }

    /** The steps of the runbook in order (for front ends that list them). */
    public List<String> stepLabels() {
        List<String> out = new ArrayList<>();
        for (Item.StepItem s : steps) out.add(s.number().text());
        return out;
    }

    /**
     * A step a fault can name: its {@code label} as the trace shows it ({@code 7}, {@code 1-6/3}),
     * the top-level step it runs in ({@code 1-6}), and the step itself.
     */
    public record StepAt(String label, String topLevel, Item.StepItem step) {}

    /**
     * Every step a fault can name, in the order they start: each top-level step, then the steps of
     * the sub-runbooks it runs (at any depth of {@code on}/{@code for}/{@code if}, and theirs in
     * turn), labelled as {@link #runStep} labels them. A label that two runs of a sub-runbook share
     * is listed once (a fault at it fires at each).
     */
    public static List<StepAt> faultSteps(CheckResult program) {
        Map<String, StepAt> out = new LinkedHashMap<>();
        for (Item.StepItem s : program.file().itemsOf(Item.StepItem.class)) {
            faultSteps(program, s, "", s.number().text(), out);
        }
        return List.copyOf(out.values());
    }

    private static void faultSteps(CheckResult program, Item.StepItem step, String prefix, String topLevel, Map<String, StepAt> out) {
        String label = prefix + step.number().text();
        out.putIfAbsent(label, new StepAt(label, topLevel, step));
        List<Stmt.RunStmt> runs = new ArrayList<>();
        runsIn(step.body(), runs);
        for (Stmt.RunStmt run : runs) {
            CheckResult.UsedRunbook used = program.runbook(run.dottedName());
            if (used == null) continue;
            for (Item.StepItem s : used.file().itemsOf(Item.StepItem.class)) faultSteps(program, s, label + "/", topLevel, out);
        }
    }

    private static void runsIn(List<Stmt> body, List<Stmt.RunStmt> out) {
        for (Stmt s : body) {
            if (s instanceof Stmt.RunStmt run) {
                out.add(run);
            } else if (s instanceof Stmt.OnStmt on) {
                runsIn(on.body(), out);
            } else if (s instanceof Stmt.ForStmt f) {
                runsIn(f.body(), out);
            } else if (s instanceof Stmt.IfStmt i) {
                runsIn(i.then(), out);
                runsIn(i.otherwise(), out);
            }
        }
    }
}
