package dev.runbook.exec;

import dev.runbook.ast.Durations;
import dev.runbook.ast.Header;
import dev.runbook.ast.Item;
import dev.runbook.ast.Stmt;
import dev.runbook.check.CheckResult;
import dev.runbook.engine.Engine;
import dev.runbook.engine.Event;
import dev.runbook.sim.Env;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.Invariant;
import dev.runbook.sim.Invariants;
import dev.runbook.sim.ModelState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code runbook explore}: every single fault at every step of a runbook, each simulated on its own,
 * and what came of it.
 *
 * <p><b>The fault points</b>, in this order, for each top-level step S (in the order of the file, from
 * the options' {@code fromStep} when there is one; the next step is N):
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
 *       command of the step, and never one inside a sub-runbook the step runs, so a step that only
 *       runs a sub-runbook has no such point;</li>
 *   <li>{@code timeout step S}, when S has a {@code wait} of its own (same rule).</li>
 * </ol>
 * Each point is one simulation with that one fault. Up to the step the fault names, it is the run
 * without a fault: with the seed 0, it resumes from that run's state before the step rather than
 * simulating the steps before it again (the same result: ExplorerTest checks every row against a
 * whole simulation of its own).
 *
 * <p><b>The outcomes</b>:
 * <ul>
 *   <li>{@link Outcome#SAFE}: the run ends ok: every step ran, every invariant held after every step and
 *       at the end, and every final {@code expect} was met. The procedure absorbs the fault.</li>
 *   <li>{@link Outcome#UNSAFE}: an invariant was violated: the first one the engine reports, with the
 *       step it was found after ({@code end} for the final checks); or, when the run stopped without a
 *       violation, one that the state where it stopped breaks (the engine checks the invariants only
 *       after a step that completes), with the step where it stopped.</li>
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
     * injected after a step, e.g. {@code 7 (after the fault)}), {@code end} for the final checks; null
     * when safe.
     */
    public record Row(String spec, Outcome outcome, String invariant, String detail, String step) {}

    /**
     * Every row, in the order of {@link #faultPoints}; {@code resumed} is how many of the runs resumed
     * from the run without a fault at the step their fault names, rather than simulating the steps
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
        Targets targets = targets(program, base);
        List<Fault> points = faultPoints(program, targets);
        Baseline baseline = baseline(program, base, targets.steps);
        IntStream each = IntStream.range(0, points.size());
        if (parallel) each = each.parallel();
        List<Row> rows;
        try {
            rows = each.mapToObj(k -> {
                Fault f = points.get(k);
                try {
                    return classify(program, f.spec(), run(program, base, baseline, targets.steps.indexOf(f.step()), f));
                } catch (InitialState.Problem p) {
                    throw new ProblemInRun(p);
                }
            }).toList();
        } catch (ProblemInRun e) {
            throw e.problem;
        }
        int resumed = 0;
        for (Fault f : points) if (baseline.resumable(targets.steps.indexOf(f.step()))) resumed++;
        return new Report(program.file().declaredName(), targets.steps, targets.hosts, targets.databases, rows, resumed);
    }

    /**
     * The run without a fault, stopped before each step: a faulty run is the same up to the step its
     * fault names, so it resumes from the state there instead of simulating the steps before it
     * again. Only with the seed 0: with another seed the durations before the step drew random
     * numbers that a resumed run would not draw.
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

    /** One run with {@code fault}, whose step is {@code steps[step]}: resumed from the baseline, or from the start. */
    private static Simulation.Result run(CheckResult program, Simulation.Options base, Baseline baseline, int step, Fault fault)
            throws InitialState.Problem {
        if (!baseline.resumable(step)) return Simulation.run(program, base.withFaults(List.of(fault)));
        SimulatedBackend backend = new SimulatedBackend(program.vocabulary(), baseline.before().get(step).copy(), 0);
        List<Event> events = new ArrayList<>();
        Engine engine = new Engine(program, baseline.env(), backend, List.of(fault), 0, events::add);
        engine.skipTo(fault.step());
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
        return faultPoints(program, targets(program, base));
    }

    /**
     * What came of one simulated run of {@code program}: the first violation the engine reported,
     * else ok, else a violation of the state where the run stopped, else why it stopped.
     */
    public static Row classify(CheckResult program, String spec, Simulation.Result result) {
        String stop = null;
        String stopStep = null;
        for (Event e : result.events()) {
            if (e instanceof Event.InvariantViolated v) {
                return new Row(spec, Outcome.UNSAFE, v.id(), v.rule() + ": " + v.message(), v.label());
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
        String why = stop == null ? "the run stopped" : stop;
        // The engine checks the invariants after a step that completes, not where a step stops: the
        // fault (or the commands before the stop) may have left an unsafe state all the same.
        ModelState at = result.finalState();
        Invariant.RunFacts facts = new Invariant.RunFacts(online(program), false);
        for (Invariant i : Invariants.all()) {
            java.util.Optional<String> broken = i.check(at, at, facts);
            if (broken.isPresent()) {
                return new Row(spec, Outcome.UNSAFE, i.id(), i.rule() + ": " + broken.get()
                        + " (in the state where the run stopped; " + why + ")", stopStep);
            }
        }
        return new Row(spec, Outcome.STUCK, null, why, stopStep);
    }

    private static boolean online(CheckResult program) {
        return program.file().header() instanceof Header.RunbookHeader h && h.online();
    }

    // ------------------------------------------------------------------ fault points

    /** The steps, hosts and databases the faults are drawn from. */
    private record Targets(List<String> steps, List<String> hosts, List<String> databases,
                           List<Boolean> commands, List<Boolean> waits) {}

    private static Targets targets(CheckResult program, Simulation.Options base) throws InitialState.Problem {
        ModelState start = new InitialState(program.vocabulary())
                .build(program.file(), base.params(), base.cluster(), base.fromStep() == null).state();
        List<String> hosts = new ArrayList<>();
        for (ModelState.Instance h : start.all("host")) hosts.add(h.id());
        List<String> databases = new ArrayList<>();
        for (ModelState.Instance d : start.all("database")) databases.add(d.id());
        List<String> steps = new ArrayList<>();
        List<Boolean> commands = new ArrayList<>();
        List<Boolean> waits = new ArrayList<>();
        boolean reached = base.fromStep() == null;
        for (Item.StepItem s : program.file().itemsOf(Item.StepItem.class)) {
            // with --from-step, the steps before it are taken as done: no fault can fire there
            reached = reached || s.number().text().equals(base.fromStep());
            if (!reached) continue;
            steps.add(s.number().text());
            commands.add(has(s.body(), true));
            waits.add(has(s.body(), false));
        }
        return new Targets(steps, hosts, databases, commands, waits);
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

    private static List<Fault> faultPoints(CheckResult program, Targets t) {
        List<Fault> out = new ArrayList<>();
        for (int i = 0; i < t.steps.size(); i++) {
            String step = t.steps.get(i);
            String next = i + 1 < t.steps.size() ? t.steps.get(i + 1) : null;
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
            if (t.commands.get(i)) out.add(new Fault(Fault.Kind.FAIL, null, null, true, step, null));
            if (t.waits.get(i)) out.add(new Fault(Fault.Kind.TIMEOUT, null, null, true, step, null));
        }
        return out;
    }
}
