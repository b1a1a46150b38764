package dev.runbook.repl;

import dev.runbook.check.CheckResult;
import dev.runbook.engine.Backend;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import java.util.List;

/**
 * Where the REPL's steps go: the model of the cluster ({@link #simulation()}), or real hosts over
 * SSH (a target the command line builds from an inventory).
 */
public interface Target {

    /** What the prompt shows: {@code sim}, or the inventory's name. */
    String name();

    /** Whether a step can be undone: only the model keeps snapshots of the whole cluster. */
    boolean simulated();

    /** A backend for one run of {@code program} from {@code start}. */
    Backend backend(CheckResult program, InitialState.Start start);

    /** The cluster as the backend knows it: the model, or what the model predicts of real hosts. */
    ModelState model(Backend backend);

    /**
     * What the real hosts answer to the stdlib's state queries, a line each, beside the model's
     * prediction; empty for the simulation, which has nothing else to ask.
     */
    default List<String> probe(Backend backend, CheckResult program) {
        return List.of();
    }

    /** Called when a run ends or another runbook is loaded (a real target closes its journal). */
    default void close() {}

    static Target simulation() {
        return new Target() {
            @Override
            public String name() {
                return "sim";
            }

            @Override
            public boolean simulated() {
                return true;
            }

            @Override
            public Backend backend(CheckResult program, InitialState.Start start) {
                return new SimulatedBackend(program.vocabulary(), start.state(), 0);
            }

            @Override
            public ModelState model(Backend backend) {
                return ((SimulatedBackend) backend).state();
            }
        };
    }
}
