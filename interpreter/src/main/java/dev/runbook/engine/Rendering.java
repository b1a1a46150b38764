package dev.runbook.engine;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.sim.Env;
import dev.runbook.sim.Value;
import java.util.ArrayList;
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

    /** The statement of {@code call NAME(ARGS)}: a number as is, nothing as NULL, anything else a string literal. */
    public static List<CommandLine.Piece> builtinCall(String name, List<Value> args) {
        List<CommandLine.Piece> sql = new ArrayList<>();
        sql.add(new CommandLine.Text("call " + name + "("));
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) sql.add(new CommandLine.Text(", "));
            sql.add(Engine.sqlArgument(args.get(i)));
        }
        sql.add(new CommandLine.Text(")"));
        return sql;
    }

    /** ttIsql running {@code statement} in the database {@code dsn}, as every sql command of a run. */
    public static CommandLine ttIsql(String dsn, List<CommandLine.Piece> statement) {
        return Engine.ttIsql(dsn, statement);
    }
}
