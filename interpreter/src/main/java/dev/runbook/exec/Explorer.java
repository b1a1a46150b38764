package dev.runbook.exec;

import dev.runbook.ast.Durations;
import dev.runbook.ast.Stmt;
import dev.runbook.check.CheckResult;
import dev.runbook.engine.Engine;
import dev.runbook.engine.Event;
import dev.runbook.sim.Env;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code runbook explore}: every single fault at every step of a runbook, each simulated on its own,
 * and what came of it.
 *
 * <p><b>The fault points</b>, in this order, for each step S a fault can name ({@link Engine#faultSteps}:
 * each top-level step in the order of the file, from the options' {@code fromStep} when there is
 * one, followed by the steps of the sub-runbooks it runs, e.g. {@code 1-6}, {@code 1-6/1}, ...,
 * {@code 1-6/6}, {@code 7}; the next step N is the first one after S that is not inside S, the step
 * that starts once S is over):
 * <ol>
 *   <li>{@code crash H before step S}, {@code crash H after step S}, for every host H of the initial state;</li>
 *   <li>{@code agent D dies before step S}, {@code ... after step S}, for every database D of the initial state;</li>
 *   <li>for every pair of hosts H1 H2 (each unordered pair once, in the order of the initial state):
 *       {@code partition H1 H2 before step S heal after step S} (cut during S only),
 *       {@code partition H1 H2 before step S} (never healed),
 *       {@code partition H1 H2 after step S heal after step N} (cut during N only; not for the last step),
 *       {@code partition H1 H2 after step S} (never healed);</li>
 *   <li>{@code fail step S}, when S issues a command of its own (a verb, {@code sh}, {@code sql} or
 *       {@code call}, at any depth of {@code on}/{@code for}/{@code if}); the engine fails the first
 *       command that runs while S runs, in a sub-runbook of S too, so for a step that only runs a
 *       sub-runbook the point would repeat that of the first sub-runbook step with a command;</li>
 *   <li>{@code timeout step S}, when S has a {@code wait} of its own (same rule).</li>
 * </ol>
 * Each point is one simulation with that one fault. Up to the top-level step its fault is in, it is
 * the run without a fault: with the seed 0, it resumes from that run's state before that step rather
 * than simulating the steps before it again (the same result: ExplorerTest checks every row against
 * a whole simulation of its own).
 *
 * <p><b>The outcomes</b>, read from the engine's events alone, so that {@code runbook simulate} with
 * a row's fault shows the same:
 * <ul>
 *   <li>{@link Outcome#SAFE}: the run ends ok: every step ran, every invariant held after every step and
 *       at the end, and every final {@code expect} was met. The procedure absorbs the fault.</li>
 *   <li>{@link Outcome#UNSAFE}: an invariant was violated: the first one the engine reports, with the
 *       step it was found after ({@code end} for the final checks), or, when the run stopped on a
 *       failure, in the state where it stopped ({@code 7 (where the run stopped)}).</li>
 *   <li>{@link Outcome#STUCK}: the run stopped without a violation: a precondition, a command, a wait or
 *       an expectation failed. The operator must intervene, but no invariant was broken up to the stop,
 *       nor in the state where it stopped.</li>
 * </ul>
 */
public final class Explorer {

    public enum Outcome {
        SAFE, UNSAFE, STUCK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One fault point and what came of it. {@code invariant} is the id of the violated invariant
     * (unsafe rows only); {@code detail} the invariant's message or why the run stopped (empty when
     * safe); {@code step} the engine's label of where the run broke or stopped: a step ({@code 7}, or
     * {@code 1-6/3} inside a sub-runbook; the engine marks the check it makes right after a fault
     * injected after a step, {@code 7 (after the fault)}, and that of the state where a run stopped,
     * {@code 7 (where the run stopped)}), {@code end} for the final checks; null when safe.
     */
    public record Row(String spec, Outcome outcome, String invariant, String detail, String step) {}

    /**
     * Every row, in the order of {@link #faultPoints}; {@code steps} the labels of the steps the faults
     * were placed at (sub-runbook steps included); {@code resumed} is how many of the runs resumed from
     * the run without a fault at the top-level step of their fault, rather than simulating the steps
     * before it again (all of them, unless the seed is not 0 or the run without a fault stops early).
     */
    public record Report(String runbook, List<String> steps, List<String> hosts, List<String> databases, List<Row> rows,
                         int resumed) {
        public Report {
            steps = List.copyOf(steps);
            hosts = List.copyOf(hosts);
            databases = List.copyOf(databases);
            rows = List.copyOf(rows);
        }

        public int tried() {
            return rows.size();
        }

        public int count(Outcome outcome) {
            int n = 0;
            for (Row r : rows) if (r.outcome() == outcome) n++;
            return n;
        }

        public boolean allSafe() {
            return count(Outcome.SAFE) == rows.size();
        }
    }

    private Explorer() {}

    /**
     * Runs every fault point of {@code program} (a runbook checked without errors) with the
     * parameters, cluster file and seed of {@code base} (its own faults are ignored).
     *
     * @throws InitialState.Problem when the starting state cannot be built (bad parameters, a cluster file
     *         that contradicts a {@code require}): no fault can be tried then
     */
    public static Report explore(CheckResult program, Simulation.Options base) throws InitialState.Problem {
        return explore(program, base, true);
    }

    /**
     * As {@link #explore(CheckResult, Simulation.Options)}; {@code parallel} runs the simulations on
     * the common fork-join pool (the rows keep their order: each simulation is independent and
     * deterministic).
     */
    public static Report explore(CheckResult program, Simulation.Options base, boolean parallel) throws InitialState.Problem {
        Simulation.checkInvariantIds(program);
        Targets targets = targets(program, base);
        List<Fault> points = faultPoints(targets);
        Baseline baseline = baseline(program, base, targets.topLevel);
        IntStream each = IntStream.range(0, points.size());
        if (parallel) each = each.parallel();
        List<Row> rows;
        try {
            rows = each.mapToObj(k -> {
                Fault f = points.get(k);
                try {
                    return classify(f.spec(), run(program, base, baseline, targets, f));
                } catch (InitialState.Problem p) {
                    throw new ProblemInRun(p);
                }
            }).toList();
        } catch (ProblemInRun e) {
            throw e.problem;
        }
        int resumed = 0;
        for (Fault f : points) if (baseline.resumable(targets.topLevelIndex(f.step()))) resumed++;
        List<String> labels = targets.steps.stream().map(Engine.StepAt::label).toList();
        return new Report(program.file().declaredName(), labels, targets.hosts, targets.databases, rows, resumed);
    }

    /**
     * The run without a fault, stopped before each top-level step: a faulty run is the same up to the
     * top-level step its fault is in, so it resumes from the state there instead of simulating the
     * steps before it again. Only with the seed 0: with another seed the durations before the step
     * drew random numbers that a resumed run would not draw.
     */
    private record Baseline(Env env, List<ModelState> before, boolean usable) {
        boolean resumable(int step) {
            return usable && step >= 0 && step < before.size();
        }
    }

    private static Baseline baseline(CheckResult program, Simulation.Options base, List<String> steps) throws InitialState.Problem {
        if (base.seed() != 0) return new Baseline(null, List.of(), false);
        InitialState.Start start = new InitialState(program.vocabulary())
                .build(program.file(), base.params(), base.cluster(), base.fromStep() == null);
        SimulatedBackend backend = new SimulatedBackend(program.vocabulary(), start.state(), 0);
        Engine engine = new Engine(program, start.env(), backend, List.of(), 0, e -> { });
        if (base.fromStep() != null) {
            try {
                engine.skipTo(base.fromStep());
            } catch (IllegalArgumentException e) {
                throw new InitialState.Problem(e.getMessage());
            }
        }
        List<ModelState> before = new ArrayList<>();
        for (String label : steps) {
            if (!engine.hasNext() || !label.equals(engine.nextLabel())) break;
            before.add(backend.state().copy());
            engine.next();
        }
        return new Baseline(start.env(), before, true);
    }

    /**
     * One run with {@code fault}: resumed from the baseline before the top-level step the fault is in,
     * or from the start.
     */
    private static Simulation.Result run(CheckResult program, Simulation.Options base, Baseline baseline, Targets targets, Fault fault)
            throws InitialState.Problem {
        int step = targets.topLevelIndex(fault.step());
        if (!baseline.resumable(step)) return Simulation.run(program, base.withFaults(List.of(fault)));
        SimulatedBackend backend = new SimulatedBackend(program.vocabulary(), baseline.before().get(step).copy(), 0);
        List<Event> events = new ArrayList<>();
        Engine engine = new Engine(program, baseline.env(), backend, List.of(fault), 0, events::add);
        engine.skipTo(targets.topLevel.get(step));
        boolean ok = engine.run();
        return new Simulation.Result(ok, events, backend.state());
    }

    private static final class ProblemInRun extends RuntimeException {
        final InitialState.Problem problem;

        ProblemInRun(InitialState.Problem problem) {
            super(problem.getMessage(), problem, false, false);
            this.problem = problem;
        }
    }

    /** The fault points of {@code program}, in the documented order. */
    public static List<Fault> faultPoints(CheckResult program, Simulation.Options base) throws InitialState.Problem {
        return faultPoints(targets(program, base));
    }

    /**
     * What came of one simulated run: the first violation the engine reported (after a step, after a
     * fault, at the end, or in the state where the run stopped), else ok, else why it stopped.
     */
    public static Row classify(String spec, Simulation.Result result) {
        String stop = null;
        String stopStep = null;
        for (Event e : result.events()) {
            if (e instanceof Event.InvariantViolated v) {
                String detail = v.rule() + ": " + v.message();
                // a violation of the state where the run stopped: say why it stopped too
                return new Row(spec, Outcome.UNSAFE, v.id(), stop == null ? detail : detail + " (" + stop + ")", v.label());
            }
            if (stop != null) continue;
            if (e instanceof Event.PreconditionFailed p) {
                stop = "precondition: " + p.message();
                stopStep = p.label();
            } else if (e instanceof Event.CommandFailed c) {
                stop = "command failed: " + c.message();
                stopStep = c.label();
            } else if (e instanceof Event.WaitTimedOut w) {
                stop = "wait timed out after " + Durations.format(w.timeout()) + ": " + w.condition();
                stopStep = w.label();
            } else if (e instanceof Event.ExpectFailed x) {
                stop = "expectation not met: " + x.condition();
                stopStep = x.label();
            }
        }
        if (result.ok()) return new Row(spec, Outcome.SAFE, null, "", null);
        return new Row(spec, Outcome.STUCK, null, stop == null ? "the run stopped" : stop, stopStep);
    }

    // ------------------------------------------------------------------ fault points

    /**
     * The steps (in the order of {@link Engine#faultSteps}), the top-level steps among them, the hosts
     * and the databases the faults are drawn from.
     */
    private record Targets(List<Engine.StepAt> steps, List<String> topLevel, List<String> hosts, List<String> databases) {
        /** The index in {@code topLevel} of the top-level step that {@code label} runs in. */
        int topLevelIndex(String label) {
            for (Engine.StepAt s : steps) if (s.label().equals(label)) return topLevel.indexOf(s.topLevel());
            return -1;
        }
    }

    private static Targets targets(CheckResult program, Simulation.Options base) throws InitialState.Problem {
        ModelState start = new InitialState(program.vocabulary())
                .build(program.file(), base.params(), base.cluster(), base.fromStep() == null).state();
        List<String> hosts = new ArrayList<>();
        for (ModelState.Instance h : start.all("host")) hosts.add(h.id());
        List<String> databases = new ArrayList<>();
        for (ModelState.Instance d : start.all("database")) databases.add(d.id());
        List<Engine.StepAt> steps = new ArrayList<>();
        List<String> topLevel = new ArrayList<>();
        boolean reached = base.fromStep() == null;
        for (Engine.StepAt s : Engine.faultSteps(program)) {
            // with --from-step, the steps before it are taken as done: no fault can fire there
            reached = reached || s.topLevel().equals(base.fromStep());
            if (!reached) continue;
            steps.add(s);
            if (!topLevel.contains(s.topLevel())) topLevel.add(s.topLevel());
        }
        return new Targets(steps, topLevel, hosts, databases);
    }

    /** Whether {@code body} has, of its own (not in a sub-runbook), a command ({@code command}) or a wait. */
    private static boolean has(List<Stmt> body, boolean command) {
        for (Stmt s : body) {
            if (s instanceof Stmt.OnStmt on) {
                if (has(on.body(), command)) return true;
            } else if (s instanceof Stmt.ForStmt f) {
                if (has(f.body(), command)) return true;
            } else if (s instanceof Stmt.IfStmt i) {
                if (has(i.then(), command) || has(i.otherwise(), command)) return true;
            } else if (s instanceof Stmt.WaitStmt) {
                if (!command) return true;
            } else if (s instanceof Stmt.VerbStmt || s instanceof Stmt.ShStmt || s instanceof Stmt.SqlStmt
                    || s instanceof Stmt.CallStmt) {
                if (command) return true;
            }
        }
        return false;
    }

    /** The label of the step that starts once {@code steps[i]} is over: the next one not inside it, or null. */
    private static String next(List<Engine.StepAt> steps, int i) {
        String inside = steps.get(i).label() + "/";
        for (int j = i + 1; j < steps.size(); j++) {
            if (!steps.get(j).label().startsWith(inside)) return steps.get(j).label();
        }
        return null;
    }

    private static List<Fault> faultPoints(Targets t) {
        List<Fault> out = new ArrayList<>();
        for (int i = 0; i < t.steps.size(); i++) {
            String step = t.steps.get(i).label();
            String next = next(t.steps, i);
            for (String host : t.hosts) {
                out.add(new Fault(Fault.Kind.CRASH, host, null, true, step, null));
                out.add(new Fault(Fault.Kind.CRASH, host, null, false, step, null));
            }
            for (String db : t.databases) {
                out.add(new Fault(Fault.Kind.AGENT_DIES, db, null, true, step, null));
                out.add(new Fault(Fault.Kind.AGENT_DIES, db, null, false, step, null));
            }
            for (int a = 0; a < t.hosts.size(); a++) {
                for (int b = a + 1; b < t.hosts.size(); b++) {
                    String h1 = t.hosts.get(a);
                    String h2 = t.hosts.get(b);
                    out.add(new Fault(Fault.Kind.PARTITION, h1, h2, true, step, step));
                    out.add(new Fault(Fault.Kind.PARTITION, h1, h2, true, step, null));
                    if (next != null) out.add(new Fault(Fault.Kind.PARTITION, h1, h2, false, step, next));
                    out.add(new Fault(Fault.Kind.PARTITION, h1, h2, false, step, null));
                }
            }
            List<Stmt> body = t.steps.get(i).step().body();
            if (has(body, true)) out.add(new Fault(Fault.Kind.FAIL, null, null, true, step, null));
            if (has(body, false)) out.add(new Fault(Fault.Kind.TIMEOUT, null, null, true, step, null));
        }
        return out;
    }
}
