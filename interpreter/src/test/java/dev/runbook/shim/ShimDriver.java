package dev.runbook.shim;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Item;
import dev.runbook.ast.Name;
import dev.runbook.ast.RunbookFile;
import dev.runbook.ast.Stmt;
import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.cli.PlanEntries;
import dev.runbook.engine.Command;
import dev.runbook.engine.QueryReader;
import dev.runbook.engine.Rendering;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.sim.Env;
import dev.runbook.sim.Evaluator;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs command lines on the shims of a host as local processes ({@code sh -c LINE} with the host's
 * environment, as sshd would run them), and drives a whole plan: commands on their hosts, the
 * operator's instructions through {@link ShimCluster#operator}, and waits by polling their queries
 * through the shims and reading the output with the queries' own {@code reads}.
 */
final class ShimDriver {

    /** How one command ended. */
    record Ran(String line, int exit, String out, String err) {
        String describe() {
            return "`" + line + "` exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static final long TIMEOUT_SECONDS = 60;

    private final ShimCluster cluster;
    private final Map<String, ShimCluster.HostShims> hosts;

    ShimDriver(ShimCluster cluster, Map<String, ShimCluster.HostShims> hosts) {
        this.cluster = cluster;
        this.hosts = hosts;
    }

    /** {@code line} run by the shell of {@code host}, with its shims first in PATH; bounded in time. */
    Ran run(String host, String line) {
        ShimCluster.HostShims shims = hosts.get(host);
        if (shims == null) throw new IllegalArgumentException("no shims for host " + host);
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", line).directory(shims.home().toFile());
        pb.environment().putAll(shims.environment());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("`" + line + "` on " + host + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            return new Ran(line, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A command answered by the shim code in this JVM, with the words the host's shell would make of it. */
    Ran inProcess(Command command) {
        Map<String, String> env = new java.util.HashMap<>(hosts.get(command.host()).environment());
        env.put("HOME", hosts.get(command.host()).home().toString());
        List<String> words = command.line().words(env::get);
        String program = words.get(0).substring(words.get(0).lastIndexOf('/') + 1);
        Shim.Result r = Shim.run(cluster, command.host(), program, words.subList(1, words.size()), null, env::get);
        if (r == null) throw new AssertionError("no verb has " + command.masked() + " and the real " + program + " would answer");
        return new Ran(command.masked() + " (in this JVM)", r.exit(), r.out(), r.err());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Drives the plan of {@code program} in order; stops at the first command that fails and
     * returns its description, or null when every line of the plan went through.
     * {@code params}: the run's parameters; {@code reference}: a state to render queries with
     * (their command lines read the model's placement of databases, which no step changes).
     */
    String drive(CheckResult program, List<PlanEntries.Entry> plan, Env params, ModelState reference) {
        for (PlanEntries.Entry e : plan) {
            switch (e.kind()) {
                case "manual" -> {
                    if (e.verb() != null) {
                        String failed = cluster.operator(e.host(), e.command());
                        if (failed != null) return "step " + e.step() + ": the operator's `" + e.command() + "`: " + failed;
                    } else if (!e.command().startsWith("confirm: ")) {
                        cluster.elapse(60_000); // a manual statement takes the engine's default minute
                    }
                }
                case "wait" -> {
                    String failed = await(program, e, params, reference);
                    if (failed != null) return "step " + e.step() + ": " + failed;
                }
                default -> {
                    Ran ran = run(e.host(), e.command());
                    if (ran.exit() != 0) return "step " + e.step() + " on " + e.host() + ": " + ran.describe();
                }
            }
        }
        return null;
    }

    /** A wait as the engine runs it: the condition now; while false, a poll period of model time, up to the timeout. */
    private String await(CheckResult program, PlanEntries.Entry e, Env params, ModelState reference) {
        Expr condition = waitCondition(program, e.command());
        if (condition == null) return "no wait `" + e.command() + "` in the runbook";
        long waited = 0;
        long every = e.everyMillis() == null ? 5_000 : e.everyMillis();
        boolean first = true;
        while (true) {
            if (Value.truthy(probe(program, condition, params, reference, first))) return null;
            first = false;
            if (waited >= e.timeoutMillis()) return "the wait `" + e.command() + "` timed out";
            long slice = Math.min(every, e.timeoutMillis() - waited);
            cluster.elapse(slice);
            waited += slice;
        }
    }

    /**
     * The condition's value with each query answered by the shims and read with its `reads`:
     * {@code process} through a shim process of the query's host, else by the same shim code in this
     * JVM (a wait polls hundreds of times; a JVM start for each would make the test minutes long).
     */
    Value probe(CheckResult program, Expr condition, Env params, ModelState reference, boolean process) {
        Expr answered = answered(program, condition, params, reference, process);
        return new Evaluator(program.vocabulary()).eval(answered, params, new ModelState());
    }

    private Expr answered(CheckResult program, Expr e, Env params, ModelState reference, boolean process) {
        if (e instanceof Expr.BinaryExpr b) {
            return new Expr.BinaryExpr(b.span(), b.op(), answered(program, b.left(), params, reference, process),
                    answered(program, b.right(), params, reference, process));
        }
        if (e instanceof Expr.NotExpr n) return new Expr.NotExpr(n.span(), answered(program, n.operand(), params, reference, process));
        if (e instanceof Expr.PathExpr p && p.names().size() > 1) {
            throw new IllegalArgumentException("this driver reads the cluster only through queries, not `" + p.dotted() + "`");
        }
        if (!(e instanceof Expr.QueryExpr q)) return e;
        Vocabulary.Callable query = program.vocabulary().queries().get(q.name().text());
        Evaluator evaluator = new Evaluator(program.vocabulary());
        Env env = evaluator.bind(query, q.args(), params, reference);
        Command command = Rendering.command(program, new SimulatedBackend(program.vocabulary(), reference, 0), query, env);
        Ran ran = process ? run(command.host(), command.masked()) : inProcess(command);
        if (ran.exit() != 0) throw new AssertionError("the query " + query.name() + ": " + ran.describe());
        Value value;
        try {
            value = QueryReader.read(query, ran.out());
        } catch (QueryReader.Unreadable u) {
            throw new AssertionError(u.getMessage());
        }
        if (value instanceof Value.Sym s) return new Expr.PathExpr(q.span(), List.of(new Name(q.span(), s.name())));
        if (value instanceof Value.Bool b) return new Expr.BoolLit(q.span(), b.value());
        if (value instanceof Value.Num n) return new Expr.NumberLit(q.span(), Value.show(n));
        throw new IllegalArgumentException("this driver cannot put a " + value + " in a condition");
    }

    /** The wait statement whose condition reads as the plan prints it, in the runbook or a runbook it runs. */
    private static Expr waitCondition(CheckResult program, String text) {
        List<Object[]> files = new ArrayList<>();
        files.add(new Object[] {program.file(), program.source()});
        for (CheckResult.UsedRunbook used : program.runbooks().values()) files.add(new Object[] {used.file(), used.source()});
        for (Object[] f : files) {
            Source source = (Source) f[1];
            for (Item.StepItem step : ((RunbookFile) f[0]).itemsOf(Item.StepItem.class)) {
                Expr found = find(step.body(), source, text);
                if (found != null) return found;
            }
        }
        return null;
    }

    private static Expr find(List<Stmt> body, Source source, String text) {
        for (Stmt s : body) {
            if (s instanceof Stmt.WaitStmt w && source.slice(w.condition().span()).replaceAll("\\s+", " ").strip().equals(text)) return w.condition();
            List<Stmt> inner = s instanceof Stmt.OnStmt on ? on.body() : s instanceof Stmt.ForStmt f ? f.body() : null;
            if (inner != null && find(inner, source, text) != null) return find(inner, source, text);
            if (s instanceof Stmt.IfStmt i) {
                Expr x = find(i.then(), source, text);
                if (x == null) x = find(i.otherwise(), source, text);
                if (x != null) return x;
            }
        }
        return null;
    }

}
