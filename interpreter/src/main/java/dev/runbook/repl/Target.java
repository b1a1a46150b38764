package dev.runbook.repl;

import dev.runbook.engine.Backend;
import dev.runbook.engine.Event;
import dev.runbook.exec.RunSetup;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import java.util.List;
import java.util.Map;

/**
 * Where the REPL's steps go: the model of the cluster ({@link #simulation()}), or real hosts over
 * SSH ({@link HostsTarget}, which the command line builds from an inventory).
 */
public interface Target {

    /** What the prompt shows: {@code sim}, or the inventory's name. */
    String name();

    /** Whether a step can be undone: only the model keeps snapshots of the whole cluster. */
    boolean simulated();

    /**
     * A backend for one run of {@code loaded} from {@code start}. Real hosts: refused when the
     * rehearsal does not end well ({@link RunSetup.NotWell}) or the journal or hosts cannot be had.
     */
    Backend backend(Loader.Loaded loaded, Map<String, String> params, InitialState.Start start) throws RunSetup.Refusal;

    /** The cluster as the backend knows it: the model, or what the model predicts of real hosts. */
    ModelState model(Backend backend);

    /** Every engine event of the run as it happens: real hosts journal it and show it at once. */
    default void event(Event e) {}

    /** Whether the events were shown as they happened ({@link #event}), so that the REPL's answers leave them out. */
    default boolean showsLive() {
        return false;
    }

    /**
     * A statement typed at the prompt starts ({@code input}, run as the step {@code label}) or ends
     * ({@code input} null): real hosts journal its work apart from the runbook's.
     */
    default void statement(String input, String label) {}

    /**
     * What the real hosts answer to the stdlib's state queries about {@code of}, beside the model's
     * prediction, as lines to show under the state; empty for the simulation, which has nothing else to ask.
     */
    default String probe(Backend backend, List<Value.Ref> of) {
        return "";
    }

    /** What the banner says about the run besides the runbook (real hosts: the journal). */
    default String opened() {
        return "";
    }

    /**
     * Called when a run ends or another runbook is loaded: real hosts close the journal. Returns
     * what to tell the user then (how to continue the run), or the empty string.
     */
    default String close() {
        return "";
    }

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
            public Backend backend(Loader.Loaded loaded, Map<String, String> params, InitialState.Start start) {
                return new SimulatedBackend(loaded.result().vocabulary(), start.state(), 0);
            }

            @Override
            public ModelState model(Backend backend) {
                return ((SimulatedBackend) backend).state();
            }
        };
    }
}
