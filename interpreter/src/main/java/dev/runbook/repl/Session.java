package dev.runbook.repl;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Header;
import dev.runbook.ast.Item;
import dev.runbook.check.CheckResult;
import dev.runbook.engine.Backend;
import dev.runbook.engine.Engine;
import dev.runbook.engine.Event;
import dev.runbook.exec.RunSetup;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.exec.Simulation;
import dev.runbook.render.Plan;
import dev.runbook.render.TraceText;
import dev.runbook.sim.Env;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One loaded runbook being stepped through: the engine over its backend, the stops it can go
 * back to, and what each command of the prompt does to the run. Every command answers a
 * {@link Response}; nothing here prints.
 */
final class Session {

    /**
     * A place the run can be put back to. At a top-level boundary ({@code calls} 0, not {@code ran}):
     * before step {@code top}. Held inside step {@code top} before its {@code calls}-th step
     * ({@code held}). After step {@code top} ran and stopped the run, or ended it ({@code ran}).
     * {@code snapshot} is the backend's state there, {@code topSnapshot} its state when step
     * {@code top} started (a held or ran stop is rebuilt by running that step again up to it).
     */
    record Stop(Object snapshot, String top, Object topSnapshot, int calls, String held, int heldDepth, boolean ran) {}

    /** A breakpoint's condition, checked in this session's run, and whether it held when last checked. */
    private static final class Condition {
        final Expr expr;
        final Env env;
        boolean last;

        Condition(Expr expr, Env env) {
            this.expr = expr;
            this.env = env;
        }
    }

    final Loader.Loaded loaded;
    final CheckResult program;
    final Map<String, String> params;
    final List<Fault> faults;
    final Target target;
    private final Loader loader;
    private final Breakpoints breaks;
    private final InitialState.Start start;
    private final Backend backend;
    private Engine engine;
    private Runner runner;
    private final List<Event> events = new ArrayList<>();
    private boolean recording = true;
    private final List<Stop> stops = new ArrayList<>();
    private final Map<Integer, Condition> conditions = new HashMap<>();
    private final List<String> labels;
    /** Every step by the label the engine gives it, sub-runbooks' included, in the order the run reaches them. */
    private final Map<String, Item.StepItem> steps = new LinkedHashMap<>();
    /** The state at the previous prompt, before the last command that ran something: what {@code diff} compares with. */
    private List<String> before;
    /** The breakpoint that held the run last, said in the stop's message. */
    private String hitBy;
    /** A one-off stop before a step (where {@code --fault} fires), or null. */
    private String until;

    private Session(Loader loader, Loader.Loaded loaded, Map<String, String> params, List<Fault> faults, Target target,
                    Breakpoints breaks, InitialState.Start start) throws RunSetup.Refusal {
        this.loader = loader;
        this.loaded = loaded;
        this.program = loaded.result();
        this.params = Map.copyOf(params);
        this.faults = List.copyOf(faults);
        this.target = target;
        this.breaks = breaks;
        this.start = start;
        for (Engine.StepAt at : Engine.faultSteps(program)) steps.put(at.label(), at.step());
        this.labels = List.copyOf(steps.keySet());
        this.backend = target.backend(loaded, params, start);
        this.engine = newEngine();
        this.runner = new Runner(engine);
        stops.add(new Stop(backend.snapshot(), engine.nextLabel(), null, 0, null, 0, false));
        before = backend.describe();
    }

    /**
     * A session at the start of {@code loaded}'s run; {@link InitialState.Problem} when it cannot start (a bad -p, a require
     * nothing can satisfy), {@link RunSetup.Refusal} when real hosts refuse it (a rehearsal that fails, a journal or host in use).
     */
    static Session open(Loader loader, Loader.Loaded loaded, Map<String, String> params, List<Fault> faults, Target target,
                        Breakpoints breaks) throws InitialState.Problem, RunSetup.Refusal {
        Simulation.Options options = new Simulation.Options(params, null, faults, 0);
        Simulation.checkFaults(loaded.result(), options);
        return new Session(loader, loaded, params, faults, target, breaks, Simulation.start(loaded.result(), options));
    }

    private Engine newEngine() {
        return new Engine(program, start.env(), backend, faults, 0, e -> {
            if (!recording) return;
            events.add(e);
            target.event(e);
        });
    }

    String id() {
        return program.file().declaredName();
    }

    ModelState model() {
        return target.model(backend);
    }

    private Stop here() {
        return stops.get(stops.size() - 1);
    }

    boolean started() {
        return stops.size() > 1 || here().ran() || here().calls() > 0;
    }

    /** What the prompt shows after the runbook: the next step, {@code end}, or {@code stopped}. */
    String position() {
        if (runner.held()) return here().held();
        if (engine.failed()) return "stopped";
        if (!engine.hasNext()) return "end";
        return engine.nextLabel();
    }

    // ------------------------------------------------------------------ running

    /** {@code step}: the next step, into a sub-runbook: held before its first step. */
    Response step() {
        Response ended = ended();
        if (ended != null) return ended;
        if (runner.held()) return advance(runner.resume((label, depth, call) -> true));
        return startStep((label, depth, call) -> call > 1);
    }

    /** {@code next}: the next step, over a sub-runbook (held only by a breakpoint in it). */
    Response next() {
        Response ended = ended();
        if (ended != null) return ended;
        if (runner.held()) {
            int depth = here().heldDepth();
            return advance(runner.resume((label, d, call) -> d <= depth || breakHere(label)));
        }
        return startStep((label, depth, call) -> call > 1 && breakHere(label));
    }

    /** {@code continue}: steps until a breakpoint, a failure or the end. */
    Response continueRun() {
        Response ended = ended();
        if (ended != null) return ended;
        before = backend.describe();
        hitBy = null;
        boolean first = true;
        Runner.Signal signal;
        while (true) {
            if (runner.held()) {
                signal = runner.resume((label, depth, call) -> breakHere(label));
            } else {
                // the step before was settled: its stop is recorded already
                if (!first && breakHere(engine.nextLabel())) return new Response.Output(render(null) + stopLine());
                String top = engine.nextLabel();
                Object topSnapshot = backend.snapshot();
                signal = runner.start((label, depth, call) -> call > 1 && breakHere(label), runsSubSteps(top));
                Response stopped = settle(signal, top, topSnapshot);
                if (stopped != null) return stopped;
                first = false;
                continue;
            }
            Stop held = here();
            Response stopped = settle(signal, held.top(), held.topSnapshot());
            if (stopped != null) return stopped;
            first = false;
        }
    }

    /** The run cannot go on: it ended, or stopped. Null when it can. */
    private Response ended() {
        if (runner.held()) return null;
        if (engine.failed()) {
            return new Response.Error("the run stopped at step " + here().top() + ": there is no next step",
                    target.simulated() ? "back undoes the step, restart starts the run again"
                            : "once the cause is fixed, run --resume continues this run from its journal (quit prints the line); load would start another from step 1");
        }
        if (!engine.hasNext()) {
            return new Response.Error("the run has ended: every step ran", target.simulated() ? "back undoes the last step, restart starts again" : "load starts another run");
        }
        return null;
    }

    private Response startStep(Runner.Hold hold) {
        before = backend.describe();
        hitBy = null;
        String top = engine.nextLabel();
        Object topSnapshot = backend.snapshot();
        Runner.Signal signal = runner.start(hold, runsSubSteps(top));
        Response stopped = settle(signal, top, topSnapshot);
        return stopped != null ? stopped : new Response.Output(render(null) + stopLine());
    }

    private Response advance(Runner.Signal signal) {
        before = backend.describe();
        Stop held = here();
        Response stopped = settle(signal, held.top(), held.topSnapshot());
        return stopped != null ? stopped : new Response.Output(render(null) + stopLine());
    }

    /**
     * Records where a step left the run. Returns the response when the run stops there for good or
     * is held (a failure, the end, a hold inside the step), null when it is at the next top-level
     * step and may go on.
     */
    private Response settle(Runner.Signal signal, String top, Object topSnapshot) {
        if (signal instanceof Runner.Crashed c) {
            String message = c.error().getMessage() == null ? c.error().toString() : c.error().getMessage();
            stops.add(new Stop(backend.snapshot(), top, topSnapshot, 0, null, 0, true));
            return new Response.Error("internal error in step " + top + ": " + message,
                    "this is a bug in runbook, not in your runbook; restart, and report the runbook and the commands that led here");
        }
        if (signal instanceof Runner.Held h) {
            stops.add(new Stop(backend.snapshot(), top, topSnapshot, h.call(), h.label(), h.depth(), false));
            return new Response.Output(render(null) + stopLine());
        }
        if (engine.failed()) {
            stops.add(new Stop(backend.snapshot(), top, topSnapshot, 0, null, 0, true));
            return new Response.Stopped(render(null) + stoppedHint());
        }
        if (!engine.hasNext()) {
            engine.finish();
            stops.add(new Stop(backend.snapshot(), top, topSnapshot, 0, null, 0, true));
            String text = render(null);
            return engine.failed() ? new Response.Stopped(text + stoppedHint()) : new Response.Output(text);
        }
        stops.add(new Stop(backend.snapshot(), engine.nextLabel(), null, 0, null, 0, false));
        return null;
    }

    private String stoppedHint() {
        return target.simulated()
                ? "the run stopped here: look with state, diff and where; back undoes the step, then try another way (a statement, set)\n"
                : "the run stopped here: look with state and where; the real hosts cannot be put back, the journal says what was done;"
                        + " quit prints the run --resume line that continues it\n";
    }

    /** Whether the run is to be held before the step {@code label}: a breakpoint there, the --fault stop, or a condition that became true. */
    private boolean breakHere(String label) {
        if (label == null) return false;
        if (label.equals(until)) {
            until = null;
            hitBy = "just before step " + label + ", where the fault fires";
            return true;
        }
        for (Breakpoints.Break b : breaks.all()) {
            if (b instanceof Breakpoints.AtStep s && s.label().equals(label)) {
                hitBy = "breakpoint " + b.id() + " (" + s.shown() + ")";
                return true;
            }
            if (b instanceof Breakpoints.When w) {
                Condition c = condition(w);
                if (c == null) continue;
                boolean now = holds(c);
                boolean rose = now && !c.last;
                c.last = now;
                if (rose) {
                    hitBy = "breakpoint " + b.id() + ": " + w.condition() + " holds now";
                    return true;
                }
            }
        }
        return false;
    }

    private boolean holds(Condition c) {
        try {
            return Value.truthy(backend.evaluate(c.expr, c.env));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Condition condition(Breakpoints.When w) {
        return conditions.computeIfAbsent(w.id(), id -> {
            Statements.Checked checked = Statements.check(loader, program, start.env(), model(), "expect " + w.condition());
            Expr expr = checked.hasErrors() ? null : Statements.condition(checked);
            if (expr == null) return null;
            Condition c = new Condition(expr, checked.env());
            c.last = holds(c);
            return c;
        });
    }

    /** Checks a breakpoint's condition now; the rendered diagnostics when it does not check, else null. */
    String checkCondition(String condition) {
        Statements.Checked checked = Statements.check(loader, program, start.env(), model(), "expect " + condition);
        if (checked.hasErrors()) return new DiagnosticRenderer().renderAll(checked.diagnostics().stream().filter(d -> d.isError()).toList());
        return null;
    }

    /** Runs the --fault stop: to just before the first step a fault names. */
    Response runToFault() {
        List<String> order = Engine.faultSteps(program).stream().map(Engine.StepAt::label).toList();
        String first = null;
        for (String label : order) {
            for (Fault f : faults) if (f.step().equals(label) && first == null) first = label;
        }
        if (first == null) return new Response.Output("");
        if (first.equals(engine.nextLabel())) {
            return new Response.Output("held before step " + first + ", where the fault fires: step or next runs it\n");
        }
        until = first;
        Response r = continueRun();
        until = null;
        return r;
    }

    /** The line that says where the run is, after a step. */
    private String stopLine() {
        StringBuilder out = new StringBuilder();
        if (hitBy != null) out.append("stopped: ").append(hitBy).append('\n');
        hitBy = null;
        if (runner.held()) {
            out.append("held before step ").append(here().held()).append(title(here().held())).append(" (in step ").append(here().top())
                    .append("; next runs it, step goes into it, continue runs on)\n");
        } else if (engine.hasNext()) {
            out.append("next: step ").append(engine.nextLabel()).append(title(engine.nextLabel())).append('\n');
        }
        return out.toString();
    }

    private String title(String label) {
        Item.StepItem step = steps.get(label);
        return step == null || step.title() == null ? "" : "  " + plainTitle(step);
    }

    private static String plainTitle(Item.StepItem step) {
        StringBuilder out = new StringBuilder();
        for (Expr.StringLit.Part p : step.title().parts()) {
            if (p instanceof Expr.StringLit.Text t) out.append(t.text());
            else if (p instanceof Expr.StringLit.Interpolation i) out.append("{").append(i.path().toString()).append("}");
        }
        return out.toString();
    }

    /** The events since the last render, as the trace shows them; {@code statement}: the label of a statement's step, said as "the statement". */
    private String render(String statement) {
        StringBuilder out = new StringBuilder();
        if (target.showsLive()) {
            // shown already, as it happened
            events.clear();
            return "";
        }
        Map<Integer, Long> durations = TraceText.stepDurations(events);
        List<String> faultSpecs = faults.stream().map(Fault::spec).toList();
        int depth = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            String pad = "  ".repeat(Math.max(1, depth));
            if (e instanceof Event.StepStarted s) {
                if (statement != null && s.label().equals(statement)) {
                    depth++;
                    continue;
                }
                String head = "  ".repeat(depth) + TraceText.stepHeader(s);
                Long millis = durations.get(i);
                out.append(head).append(millis == null ? "" : "  (" + TraceText.duration(millis) + ")").append('\n');
                depth++;
            } else if (e instanceof Event.StepFinished) {
                depth = Math.max(0, depth - 1);
            } else if (TraceText.line(e) != null) {
                out.append(pad).append(TraceText.line(e)).append('\n');
            } else if (e instanceof Event.FaultInjected f) {
                out.append(pad).append("fault injected: ").append(f.fault()).append('\n');
            } else if (TraceText.isFailure(e)) {
                out.append('\n');
                TraceText.failure(out, e, null, faultSpecs, statement != null && label(e).startsWith(statement) ? "the statement" : null);
            } else if (e instanceof Event.RunFinished f) {
                out.append('\n').append(f.ok() ? "the run ended well: every step ran, every invariant held, every expect was met"
                        : "the run ended, and not well").append('\n');
                out.append("  virtual time ").append(TraceText.duration(f.totalMillis())).append(", write outage ")
                        .append(TraceText.duration(f.writeOutageMillis())).append('\n');
            }
        }
        events.clear();
        return out.toString();
    }

    private static String label(Event e) {
        if (e instanceof Event.InvariantViolated v) return v.label();
        if (e instanceof Event.PreconditionFailed p) return p.label();
        if (e instanceof Event.ExpectFailed x) return x.label();
        if (e instanceof Event.WaitTimedOut w) return w.label();
        if (e instanceof Event.CommandFailed c) return c.label();
        return "";
    }

    // ------------------------------------------------------------------ statements

    /** A statement typed at the prompt: checked as {@code check} would, then run where the run is. */
    Response statement(String input) {
        Statements.Checked checked = Statements.check(loader, program, start.env(), model(), input);
        if (checked.hasErrors()) {
            long errors = checked.diagnostics().stream().filter(d -> d.isError()).count();
            return new Response.Rejected(new DiagnosticRenderer().renderAll(checked.diagnostics()),
                    (errors == 1 ? "1 error" : errors + " errors") + ": nothing ran (help lists the REPL commands; any other line is a statement)");
        }
        before = backend.describe();
        List<Event> mine = new ArrayList<>();
        Engine statement = new Engine(checked.program(), checked.env(), backend, List.of(), 0, e -> {
            mine.add(e);
            target.event(e);
        });
        statement.skipTo(checked.label());
        target.statement(input, checked.label());
        try {
            statement.next();
        } catch (RuntimeException e) {
            return new Response.Error("the statement could not run: " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    target.simulated() ? "this is a bug in runbook; the state may have changed: state shows it, back puts it back"
                            : "this is a bug in runbook; the hosts may have changed: state asks them, the journal says what was sent");
        } finally {
            target.statement(null, null);
        }
        events.addAll(mine);
        Stop at = here();
        stops.add(new Stop(backend.snapshot(), at.top(), at.topSnapshot(), at.calls(), at.held(), at.heldDepth(), at.ran()));
        String text = render(checked.label());
        if (statement.failed()) {
            return new Response.Stopped(text + (target.simulated()
                    ? "the statement stopped: back puts the cluster as it was before it\n"
                    : "the statement stopped: the hosts cannot be put back by the REPL; state asks them where they are\n"));
        }
        if (!target.simulated()) return new Response.Output(text.isEmpty() ? "ok\n" : text);
        return new Response.Output(text.isEmpty() ? "ok: nothing changed\n" : text);
    }

    // ------------------------------------------------------------------ going back

    /** {@code back}: the state and place of the stop before this one. */
    Response back() {
        if (!target.simulated()) {
            return new Response.Error("back is not possible on real hosts: what a command did on " + target.name()
                    + " cannot be undone by the REPL (a destroyed database stays destroyed)",
                    "undo it with statements of your own, checked against the model first; or practise the way back in a simulation: runbook repl "
                            + loaded.argument());
        }
        if (stops.size() < 2) return new Response.Error("nothing to undo: the run is at its start", null);
        before = backend.describe();
        stops.remove(stops.size() - 1);
        restore(here());
        return new Response.Output("back to " + placeOf(here()) + "\n" + diffText("what going back changed"));
    }

    /** {@code restart}: the run's start, breakpoints kept. */
    Response restart() {
        if (!target.simulated()) {
            return new Response.Error("restart is not possible on real hosts: the steps already run stay done",
                    "load the runbook again for a new run, or practise in a simulation");
        }
        before = backend.describe();
        Stop first = stops.get(0);
        stops.clear();
        stops.add(first);
        restore(first);
        return new Response.Output("restarted: the cluster is as it was before step " + first.top() + "\n");
    }

    private String placeOf(Stop s) {
        if (s.held() != null) return "step " + s.held() + " (held in step " + s.top() + ")";
        if (s.ran()) return "the end of step " + s.top();
        return s.top() == null ? "the end" : "before step " + s.top();
    }

    private void restore(Stop s) {
        runner.abandon();
        engine = newEngine();
        runner = new Runner(engine);
        conditions.clear();
        recording = false;
        try {
            if (s.held() == null && !s.ran()) {
                if (s.top() != null) engine.skipTo(s.top());
            } else {
                backend.restore(s.topSnapshot());
                engine.skipTo(s.top());
                int calls = s.calls();
                runner.start((label, depth, call) -> s.held() != null && call == calls, runsSubSteps(s.top()));
                if (s.ran() && !engine.failed() && !engine.hasNext()) engine.finish();
            }
            backend.restore(s.snapshot());
        } finally {
            recording = true;
            events.clear();
        }
    }

    // ------------------------------------------------------------------ looking

    /** {@code diff}: what changed since the previous prompt. */
    Response diff() {
        return new Response.Output(diffText("changed by the last command"));
    }

    private String diffText(String what) {
        List<String> lines = TraceText.diff(before, backend.describe());
        if (lines.isEmpty()) return "the cluster did not change\n";
        StringBuilder out = new StringBuilder(what).append(", before (-) and after (+):\n");
        for (String l : lines) out.append("  ").append(l).append('\n');
        return out.toString();
    }

    /** {@code state} and {@code state NAME}. */
    Response state(String name) {
        ModelState state = model();
        StringBuilder out = new StringBuilder();
        if (name == null) {
            if (!target.simulated()) out.append("the model's prediction of the hosts, from the commands sent so far:\n");
            TraceText.StateTable.render(out, state, "  ");
            out.append("\n  ").append(target.simulated() ? "virtual time " : "time since the run started ").append(TraceText.duration(backend.now()))
                    .append(", write outage ").append(TraceText.duration(backend.writeOutage())).append('\n');
            List<Value.Ref> probed = new ArrayList<>();
            for (ModelState.Instance i : state.instances()) {
                if (i.entity().equals("database") || i.entity().equals("host")) probed.add(new Value.Ref(i.entity(), i.id()));
            }
            String asked = target.probe(backend, probed);
            if (!asked.isEmpty()) out.append('\n').append(asked);
            return new Response.Output(out.toString());
        }
        ModelState.Instance found = null;
        Value param = start.env().lookup(name);
        if (param instanceof Value.Ref r && !r.entity().equals("credential")) found = state.instance(r);
        if (found == null) {
            for (ModelState.Instance i : state.instances()) {
                if (i.id().equals(name) && !i.entity().equals("credential")) found = i;
            }
        }
        if (found == null) {
            List<String> known = new ArrayList<>();
            for (ModelState.Instance i : state.instances()) if (!i.entity().equals("credential")) known.add(i.id());
            return new Response.Error("no database, host or parameter `" + name + "` in this cluster",
                    "state alone shows every one; the names are " + String.join(", ", known));
        }
        out.append(found.entity()).append(' ').append(found.id()).append(param instanceof Value.Ref && !name.equals(found.id()) ? " (" + name + ")" : "")
                .append(target.simulated() ? "" : ", as the model predicts it").append('\n');
        // the fields of the state table first, then the others in the model's order
        List<String> first = found.entity().equals("database") ? TraceText.StateTable.DATABASE
                : found.entity().equals("host") ? TraceText.StateTable.HOST : List.of();
        List<Map.Entry<String, Value>> fields = new ArrayList<>();
        for (String key : first) if (found.fields().containsKey(key)) fields.add(Map.entry(key, found.fields().get(key)));
        for (Map.Entry<String, Value> f : found.fields().entrySet()) if (!first.contains(f.getKey())) fields.add(f);
        StringBuilder line = new StringBuilder(" ");
        for (Map.Entry<String, Value> f : fields) {
            if (f.getKey().equals("name") || f.getValue() instanceof Value.Nil) continue;
            String shown = Value.show(f.getValue());
            String field = f.getKey() + "=" + (shown.isEmpty() ? "\"\"" : shown);
            if (line.length() + 1 + field.length() > 100 && line.length() > 2) {
                out.append(line).append('\n');
                line = new StringBuilder(" ");
            }
            line.append(' ').append(field);
        }
        if (line.length() > 2) out.append(line).append('\n');
        String asked = target.probe(backend, List.of(new Value.Ref(found.entity(), found.id())));
        if (!asked.isEmpty()) out.append('\n').append(asked);
        return new Response.Output(out.toString());
    }

    /** {@code where}: the runbook, the step the run is at and its text. */
    Response where() {
        StringBuilder out = new StringBuilder();
        String title = program.file().header() instanceof Header.RunbookHeader h && h.title() != null ? h.title().value() : "";
        out.append(id()).append(title.isEmpty() ? "" : "  " + title).append('\n');
        out.append("  file ").append(loaded.display()).append(", ").append(target.simulated() ? "simulated" : "on the hosts of " + target.name())
                .append(target.simulated() ? ", virtual time " : ", time since the run started ").append(TraceText.duration(backend.now())).append('\n');
        List<String> labels = engine.stepLabels();
        Stop s = here();
        if (runner.held()) {
            out.append("  in step ").append(s.top()).append(", held before step ").append(s.held()).append(title(s.held())).append('\n');
            listing(out, s.held());
        } else if (engine.failed()) {
            out.append("  the run stopped in step ").append(s.top()).append(target.simulated() ? ": back undoes it\n" : "\n");
            listing(out, s.top());
        } else if (!engine.hasNext()) {
            out.append("  the run has ended: all ").append(labels.size()).append(" steps ran\n");
        } else {
            int done = labels.indexOf(engine.nextLabel());
            out.append("  ").append(done).append(" of ").append(labels.size()).append(" steps done; next: step ").append(engine.nextLabel())
                    .append(title(engine.nextLabel())).append('\n');
            listing(out, engine.nextLabel());
        }
        return new Response.Output(out.toString());
    }

    /** The source lines of the step labelled {@code label}, numbered, as the file has them. */
    private void listing(StringBuilder out, String label) {
        Item.StepItem step = steps.get(label);
        Source source = step == null ? null : sourceOf(step);
        if (source == null) return;
        int first = step.span().line();
        int last = Math.min(step.span().endLine(), first + 11);
        int width = Integer.toString(last).length();
        out.append("  ").append(source.name()).append(':').append(first).append('\n');
        for (int line = first; line <= last; line++) {
            String text = source.line(line);
            if (line > first && text.isBlank()) break;
            out.append("  ").append(" ".repeat(width - Integer.toString(line).length())).append(line).append(" | ").append(text).append('\n');
        }
    }

    private Source sourceOf(Item.StepItem step) {
        for (Item.StepItem s : program.file().itemsOf(Item.StepItem.class)) if (s == step) return program.source();
        for (CheckResult.UsedRunbook used : program.runbooks().values()) {
            for (Item.StepItem s : used.file().itemsOf(Item.StepItem.class)) if (s == step) return used.source();
        }
        return null;
    }

    /** {@code plan}: the commands the rest of the run sends, from a simulation of it that changes nothing here. */
    Response plan() {
        if (engine.failed() || !engine.hasNext() && !runner.held()) {
            return new Response.Output("nothing remains: the run has " + (engine.failed() ? "stopped" : "ended") + "\n");
        }
        Stop s = here();
        boolean held = runner.held();
        ModelState from = held ? copyOf(s.topSnapshot()) : model().copy();
        SimulatedBackend copy = new SimulatedBackend(program.vocabulary(), from, 0);
        List<Event> simulated = new ArrayList<>();
        Engine rest = new Engine(program, start.env(), copy, faults, 0, simulated::add);
        rest.skipTo(held ? s.top() : engine.nextLabel());
        boolean ok = rest.run();
        Plan plan = Plan.of(program, new Simulation.Result(ok, simulated, copy.state()));
        int fromIndex = 0;
        if (held) {
            for (int i = 0; i < plan.steps().size(); i++) {
                if (plan.steps().get(i).label().equals(s.held())) {
                    fromIndex = i;
                    break;
                }
            }
        }
        String text = plan.steps(fromIndex, "the plan stops here: from where the run is, the simulation fails");
        return new Response.Output("the commands the rest of the run sends, in order (simulated from here; nothing was run):\n"
                + text.substring(text.startsWith("\n") ? 1 : 0));
    }

    private ModelState copyOf(Object snapshot) {
        return snapshot instanceof ModelState m ? m.copy() : model().copy();
    }

    /** What {@code state NAME} takes: the parameters that name a database or host, and every instance of the cluster. */
    List<String> stateNames() {
        List<String> out = new ArrayList<>();
        for (Item.ParamItem p : program.file().itemsOf(Item.ParamItem.class)) {
            if (start.env().lookup(p.name().text()) instanceof Value.Ref r && !r.entity().equals("credential")) out.add(p.name().text());
        }
        for (ModelState.Instance i : model().instances()) if (!i.entity().equals("credential")) out.add(i.id());
        return out;
    }

    /** The parameters as the run has them, for {@code set} without an argument. */
    Map<String, String> shownParams() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Item.ParamItem p : program.file().itemsOf(Item.ParamItem.class)) {
            Value v = start.env().lookup(p.name().text());
            if (v != null) out.put(p.name().text(), Value.show(v));
        }
        return out;
    }

    /** Whether the top-level step {@code top} runs a sub-runbook (so that the run may be held inside it). */
    private boolean runsSubSteps(String top) {
        for (String label : labels()) if (label.startsWith(top + "/")) return true;
        return false;
    }

    /** The labels a breakpoint or a fault can name, in the order the run reaches them. */
    List<String> labels() {
        return labels;
    }

    /** The step of the runbook's own file that line {@code line} is in (or the first one after it), or null. */
    String stepAtLine(int line) {
        for (Item.StepItem s : program.file().itemsOf(Item.StepItem.class)) {
            if (s.span().endLine() >= line) return s.span().line() <= line || s.span().line() > line ? s.number().text() : null;
        }
        return null;
    }

    /** Leaves the run: a held step is unwound. Returns what the target says then (real hosts: how to continue the run). */
    String close() {
        runner.abandon();
        return target.close();
    }
}
