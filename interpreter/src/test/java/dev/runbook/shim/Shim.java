package dev.runbook.shim;

import dev.runbook.ast.Item;
import dev.runbook.ast.VerbClause;
import dev.runbook.engine.QueryReader;
import dev.runbook.sim.Evaluator;
import dev.runbook.sim.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TimesTen command on one host, answered by the model: {@code Shim PROGRAM ARG...}, started by
 * a generated script of {@link ShimCluster#install} with {@code RUNBOOK_SHIM_HOST} and
 * {@code RUNBOOK_SHIM_STATE} set. Exit codes: 0 done; 1 the command failed as the real one would
 * (a precondition of the model, or the verb's database is on another host), with a TimesTen-like
 * error on stderr; 2 no stdlib verb or query has this command line ({@code shim: unsupported
 * command line}), or the shim cannot answer.
 */
public final class Shim {

    /** What an invocation prints and how it ends. */
    record Result(int exit, String out, String err) {}

    private Shim() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = System.getenv(ShimCluster.ENV_HOST);
        String stateDir = System.getenv(ShimCluster.ENV_STATE);
        if (args.length == 0 || host == null || stateDir == null) {
            System.err.println("shim: run me through a script of ShimCluster.install (" + ShimCluster.ENV_HOST + " and "
                    + ShimCluster.ENV_STATE + " are set there)");
            System.exit(2);
        }
        String program = args[0];
        List<String> argv = ShimCluster.argv(args);
        String stdin = ShimClient.readsStdin(program, argv) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : null;
        Result r;
        try {
            r = run(ShimCluster.open(Path.of(stateDir)), host, program, argv, stdin, System::getenv);
        } catch (RuntimeException e) {
            r = new Result(2, "", "shim: cannot answer " + program + ": " + e + "\n");
        }
        if (r == null) {
            System.exit(ShimClient.passThrough(program, argv));
        }
        System.out.print(r.out());
        System.out.flush();
        System.err.print(r.err());
        System.err.flush();
        System.exit(r.exit());
    }

    /**
     * The answer to one invocation, or null when no verb has it and the program is one of
     * {@link ShimCluster#PASS_THROUGH} (the real program answers).
     */
    static Result run(ShimCluster cluster, String host, String program, List<String> argv, String stdin,
                      java.util.function.Function<String, String> environment) {
        return cluster.locked(world -> {
            CommandMatcher matcher = new CommandMatcher(world.program, world.state, host, environment);
            List<CommandMatcher.Match> all = matcher.find(program, argv, stdin);
            if (all.isEmpty()) {
                if (ShimCluster.PASS_THROUGH.contains(program)) return null;
                return new Result(2, "", "shim: unsupported command line: " + program + " " + masked(argv) + "\n");
            }
            List<CommandMatcher.Match> here = all.stream().filter(m -> m.command().host().equals(host)).toList();
            if (here.isEmpty()) {
                CommandMatcher.Match other = all.get(0);
                return new Result(1, "", tt(world, host, null, "Data source name not found and no default driver specified")
                        + "shim: " + other.callable().name() + " runs on " + other.command().host() + ", not on " + host + "\n");
            }
            Output output = new Output(world, host, program, argv);
            List<CommandMatcher.Match> queries = here.stream().filter(m -> m.callable().kind() == Item.VerbKind.QUERY).toList();
            if (!queries.isEmpty()) return answer(world, output, queries);
            ShimCluster.Performed performed = ShimCluster.perform(world, here);
            if (performed.done() != null) return new Result(0, output.done(performed.done()), "");
            return new Result(1, "", failed(world, host, program, performed.failure()));
        });
    }

    /**
     * A query: its value in the model (its effects recorded when true, as in a simulation), printed as
     * the program prints it, and checked: every query with this command line must read its own value
     * back from what was printed (ttStatus answers two queries with one report).
     */
    private static Result answer(ShimCluster.World world, Output output, List<CommandMatcher.Match> queries) {
        Evaluator evaluator = new Evaluator(world.program.vocabulary());
        List<Value> values = new ArrayList<>();
        for (CommandMatcher.Match m : queries) {
            Value value = Value.NIL;
            for (VerbClause.ModelClause model : m.callable().item().clausesOf(VerbClause.ModelClause.class)) {
                value = evaluator.eval(model.value(), m.env(), world.state);
            }
            if (Value.truthy(value) && !m.callable().item().clausesOf(VerbClause.EffectClause.class).isEmpty()) {
                evaluator.applyEffects(m.callable(), m.env(), world.state);
                world.dirty = true;
            }
            values.add(value);
        }
        Output.Printed printed = output.answer(queries.get(0), values.get(0));
        if (printed.exit() != 0) return new Result(printed.exit(), printed.out(), printed.err());
        for (int i = 0; i < queries.size(); i++) {
            String name = queries.get(i).callable().name();
            try {
                Value read = QueryReader.read(queries.get(i).callable(), printed.out());
                if (!Value.show(read).equals(Value.show(values.get(i)))) {
                    return new Result(2, printed.out(), "shim: `reads` of " + name + " reads " + Value.show(read)
                            + " from what the shim printed for " + Value.show(values.get(i)) + "\n");
                }
            } catch (QueryReader.Unreadable e) {
                return new Result(2, printed.out(), "shim: " + e.getMessage() + "\n");
            }
        }
        return new Result(0, printed.out(), printed.err());
    }

    private static final Pattern CODE = Pattern.compile("\\b(TT\\d{4,5})\\b");

    /** What TimesTen prints for the codes the model's messages name (the seeds' wording). */
    private static final java.util.Map<String, String> TEXTS = java.util.Map.of(
            "TT12027", "The agent is already stopped for the data store.",
            "TT8160", "REPLICATION not found");

    /** A failed precondition: the TimesTen error when the model names its code, then the model's reason. */
    private static String failed(ShimCluster.World world, String host, String program, String message) {
        Matcher m = CODE.matcher(message);
        if (m.find()) {
            String text = TEXTS.getOrDefault(m.group(1), message);
            return tt(world, host, m.group(1), text) + "shim: " + message + "\n";
        }
        return program + ": " + message + "\n";
    }

    /** A line as TimesTen's ODBC driver prints an error: {@code [TimesTen][TimesTen 22.1 ODBC Driver][TimesTen]TT12027: ...}. */
    static String tt(ShimCluster.World world, String host, String code, String text) {
        String release = Value.show(world.state.get(new Value.Ref("host", host), "release"));
        return "[TimesTen][TimesTen " + release + " ODBC Driver]" + (code == null ? "" : "[TimesTen]" + code + ": ") + text + "\n";
    }

    /** The arguments for a message, passwords masked: they follow -pwd and -cachePwd, or stand in a statement. */
    static String masked(List<String> argv) {
        List<String> out = new ArrayList<>();
        boolean next = false;
        for (String a : argv) {
            boolean secret = next || a.contains("IDENTIFIED BY") || a.contains("UidPwdSet");
            out.add(secret ? "********" : a);
            next = a.toLowerCase(java.util.Locale.ROOT).endsWith("pwd");
        }
        return String.join(" ", out);
    }
}
