package dev.runbook.exec;

import dev.runbook.check.CheckResult;
import dev.runbook.engine.Engine;
import dev.runbook.engine.Event;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One simulated run of a checked runbook: the initial state, the engine over the simulated backend, the events. */
public final class Simulation {

    /** {@code fromStep}: the label of the step to start at, or null for the beginning. */
    public record Options(Map<String, String> params, Source cluster, List<Fault> faults, long seed, String fromStep) {
        public Options {
            params = Map.copyOf(params);
            faults = List.copyOf(faults);
        }

        public Options(Map<String, String> params, Source cluster, List<Fault> faults, long seed) {
            this(params, cluster, faults, seed, null);
        }

        public static Options defaults() {
            return new Options(Map.of(), null, List.of(), 0, null);
        }

        public Options withFaults(List<Fault> more) {
            return new Options(params, cluster, more, seed, fromStep);
        }

        public Options fromStep(String label) {
            return new Options(params, cluster, faults, seed, label);
        }
    }

    /** {@code assumptions}: the facts of the starting state that nothing given said (InitialState.Assumption). */
    public record Result(boolean ok, List<Event> events, ModelState finalState, List<InitialState.Assumption> assumptions) {
        public Result {
            assumptions = List.copyOf(assumptions);
        }

        public Result(boolean ok, List<Event> events, ModelState finalState) {
            this(ok, events, finalState, List.of());
        }
    }

    private Simulation() {}

    /** Two rules with one id (a module's and a standard one, or two modules') would make a verdict ambiguous: refuse the run. */
    static void checkInvariantIds(CheckResult program) throws InitialState.Problem {
        try {
            dev.runbook.sim.Invariants.with(program.vocabulary(), new dev.runbook.sim.Evaluator(program.vocabulary()));
        } catch (IllegalArgumentException e) {
            throw new InitialState.Problem(e.getMessage(), "invariant ids are unique across the standard library and the modules a runbook uses");
        }
    }

    /** Runs the whole runbook; the events are also handed to {@code sink} as they happen. */
    public static Result run(CheckResult program, Options options, Engine.Sink sink) throws InitialState.Problem {
        return run(program, options, sink, null);
    }

    /** Runs the whole runbook, showing {@code observer} each command and query a real run would send (for an export). */
    public static Result run(CheckResult program, Options options, Engine.Sink sink, SimulatedBackend.Observer observer)
            throws InitialState.Problem {
        checkInvariantIds(program);
        InitialState.Start start = new InitialState(program.vocabulary(), program.source())
                .build(program.file(), options.params(), options.cluster(), options.fromStep() == null);
        SimulatedBackend backend = new SimulatedBackend(program.vocabulary(), start.state(), options.seed());
        backend.observe(observer);
        List<Event> events = new ArrayList<>();
        Engine engine = new Engine(program, start.env(), backend, options.faults(), options.seed(), e -> {
            events.add(e);
            if (sink != null) sink.accept(e);
        });
        if (options.fromStep() != null) {
            try {
                engine.skipTo(options.fromStep());
            } catch (IllegalArgumentException e) {
                throw new InitialState.Problem(e.getMessage());
            }
        }
        boolean ok = engine.run();
        return new Result(ok, events, backend.state(), start.assumptions());
    }

    /** The starting state alone, as a run would build it (what it assumes, for a front end that runs nothing). */
    public static InitialState.Start start(CheckResult program, Options options) throws InitialState.Problem {
        return new InitialState(program.vocabulary(), program.source())
                .build(program.file(), options.params(), options.cluster(), options.fromStep() == null);
    }

    public static Result run(CheckResult program, Options options) throws InitialState.Problem {
        return run(program, options, null);
    }

    /**
     * A fault must name a step of this runbook, or of a sub-runbook it runs, by its label in the trace
     * ({@code 7}, {@code 1-6/3}), and a host or database of its cluster; otherwise it would silently
     * never fire, or fail in the middle.
     */
    public static void checkFaults(CheckResult program, Options options) throws InitialState.Problem {
        List<Fault> faults = options.faults();
        if (faults.isEmpty()) return;
        List<String> steps = Engine.faultSteps(program).stream().map(Engine.StepAt::label).toList();
        ModelState state = start(program, options).state();
        for (Fault f : faults) {
            for (String step : f.healStep() == null ? List.of(f.step()) : List.of(f.step(), f.healStep())) {
                if (!steps.contains(step)) {
                    throw new InitialState.Problem("--fault '" + f.spec() + "': " + program.file().declaredName()
                            + " has no step " + step + "; faults go at its steps, as the trace labels them: " + String.join(", ", steps));
                }
            }
            switch (f.kind()) {
                case CRASH -> known(state, "host", f.target(), f);
                case AGENT_DIES -> known(state, "database", f.target(), f);
                case PARTITION -> {
                    known(state, "host", f.target(), f);
                    known(state, "host", f.other(), f);
                }
                default -> { }
            }
        }
    }

    private static void known(ModelState state, String entity, String id, Fault f) throws InitialState.Problem {
        if (state.instance(new Value.Ref(entity, id)) != null) return;
        List<String> ids = state.all(entity).stream().map(ModelState.Instance::id).toList();
        throw new InitialState.Problem("--fault '" + f.spec() + "': no " + entity + " `" + id + "` in this runbook's cluster; "
                + (ids.isEmpty() ? "it has none" : "its " + entity + "s are " + String.join(", ", ids)));
    }
}
