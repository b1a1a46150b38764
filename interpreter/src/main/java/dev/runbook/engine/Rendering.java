package dev.runbook.engine;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.sim.Env;
import java.util.List;

/**
 * The command a verb or a query runs, rendered exactly as a run of the engine renders it, for
 * callers outside a run: a runner that probes a query's value, a test double that recognises the
 * command line it is given.
 */
public final class Rendering {

    private Rendering() {}

    /**
     * The command of {@code callable} with its parameters bound in {@code env}, values read through
     * {@code backend}. Throws {@link CommandTemplate.Refused} when a value cannot go where it stands.
     */
    public static Command command(CheckResult program, Backend backend, Vocabulary.Callable callable, Env env) {
        return new Engine(program, Env.root(), backend, List.of(), event -> {}).render(callable, env);
    }
}
