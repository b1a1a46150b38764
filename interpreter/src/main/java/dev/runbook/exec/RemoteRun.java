package dev.runbook.exec;

import dev.runbook.check.CheckResult;
import dev.runbook.engine.Engine;
import dev.runbook.engine.Event;
import dev.runbook.engine.SecretSource;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One real run of a checked runbook: the same starting state and engine as its simulation, over
 * the {@link RemoteBackend}. The caller simulates first and runs only a runbook whose simulation
 * ends well (cli RunCommand).
 */
public final class RemoteRun {

    /** Everything a run needs besides the runbook: where its commands go, who answers, what the journal says was done. */
    /** {@code stepByStep}: the operator says yes before each top-level step the run reaches (`run --step`). */
    public record Setup(Transport transport, SecretSource secrets, Operator operator, RemoteBackend.QueryReader reader,
                        RemoteBackend.Listener listener, RemoteBackend.Options options, Replay replay, boolean stepByStep) {
        public Setup(Transport transport, SecretSource secrets, Operator operator, RemoteBackend.QueryReader reader,
                     RemoteBackend.Listener listener, RemoteBackend.Options options, Replay replay) {
            this(transport, secrets, operator, reader, listener, options, replay, false);
        }
    }

    /** {@code predicted}: the model's state after the commands sent; {@code notReplayed}: journal actions the run never reached. */
    /** {@code heldBefore}: the step the operator did not let start (`--step`), or null. */
    public record Result(boolean ok, List<Event> events, ModelState predicted, List<InitialState.Assumption> assumptions,
                         List<Replay.Action> notReplayed, String heldBefore) {}

    private RemoteRun() {}

    public static Result run(CheckResult program, Map<String, String> params, Source cluster, Setup setup, Engine.Sink sink)
            throws InitialState.Problem {
        Simulation.checkInvariantIds(program);
        InitialState.Start start = new InitialState(program.vocabulary(), program.source()).build(program.file(), params, cluster, true);
        RemoteBackend backend = backend(program, start, setup);
        List<Event> events = new ArrayList<>();
        Engine engine = new Engine(program, start.env(), backend, List.of(), 0, e -> {
            events.add(e);
            if (sink != null) sink.accept(e);
        });
        String held = null;
        while (engine.hasNext()) {
            // a step the journal says is done is replayed without asking
            if (setup.stepByStep() && backend.notReplayed().isEmpty()) {
                Operator.Answer go = setup.operator().confirm("Run step " + engine.nextLabel() + "?");
                setup.listener().stepAnswered(engine.nextLabel(), go);
                if (!go.yes()) {
                    held = engine.nextLabel();
                    break;
                }
            }
            engine.next();
        }
        boolean ok = held == null && engine.finish();
        return new Result(ok, events, backend.predicted(), start.assumptions(), backend.notReplayed(), held);
    }

    /** The backend of a real run of {@code program} from {@code start}: this run's, and the REPL's on real hosts. */
    public static RemoteBackend backend(CheckResult program, InitialState.Start start, Setup setup) {
        return new RemoteBackend(program.vocabulary(), start.state(), setup.transport(), setup.secrets(),
                setup.operator(), setup.reader(), setup.listener(), setup.options(), setup.replay());
    }
}
