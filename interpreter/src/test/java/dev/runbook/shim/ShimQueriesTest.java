package dev.runbook.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Type;
import dev.runbook.check.Vocabulary;
import dev.runbook.engine.Command;
import dev.runbook.engine.QueryReader;
import dev.runbook.engine.Rendering;
import dev.runbook.exec.Simulation;
import dev.runbook.exec.SimulatedBackend;
import dev.runbook.sim.Env;
import dev.runbook.sim.Evaluator;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import dev.runbook.source.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of the stdlib, asked of the shims for every instance it can be asked about, prints
 * an answer that its own `reads` reads back as the model's value (the shim code in this JVM: the
 * process path is ShimTest's).
 */
class ShimQueriesTest {

    @TempDir
    Path dir;

    /** The OCMS recovery uses timesten, cache and ocms: every query of the stdlib. */
    static final Path FILE = SimRun.repoRoot().resolve("runbooks/ocms-tt-recover-failed-instance.rbk");

    @Test
    void everyQueryOfTheStdlibReadsBackTheModelsValueFromWhatTheShimPrints() throws Exception {
        CheckResult program = SimRun.check(Source.read(FILE, FILE.getFileName().toString()));
        InitialState.Start start = Simulation.start(program, Simulation.Options.defaults());
        assertEquals(List.of(), wrongAnswers(program, start, start.state(), dir.resolve("as-required")));
    }

    /** The other side of each answer: an agent down, a daemon down, a cache group, OPMN down. */
    @Test
    void theOtherAnswersToo() throws Exception {
        CheckResult program = SimRun.check(Source.read(FILE, FILE.getFileName().toString()));
        InitialState.Start start = Simulation.start(program, Simulation.Options.defaults());
        ModelState changed = start.state().copy();
        changed.set(new Value.Ref("database", "ocmsdb1"), "rep", new Value.Sym("down"));
        changed.set(new Value.Ref("database", "ocmsdb1"), "cgReadonly", Value.of(true));
        changed.set(new Value.Ref("database", "ocmsdb1"), "cgReadonlyName", new Value.Str("cacheuser.readcache"));
        changed.set(new Value.Ref("database", "ocmsdb2"), "cache", new Value.Sym("up"));
        changed.set(new Value.Ref("database", "ocmsdb2"), "scheme", new Value.Sym("none"));
        changed.set(new Value.Ref("host", "node2.example.com"), "daemon", new Value.Sym("down"));
        changed.set(new Value.Ref("host", "node1.example.com"), "opmnRunning", Value.of(false));
        assertEquals(List.of(), wrongAnswers(program, start, changed, dir.resolve("changed")));
    }

    private static List<String> wrongAnswers(CheckResult program, InitialState.Start start, ModelState state, Path where) throws Exception {
        ShimCluster cluster = ShimCluster.create(where, FILE, ShimTest.LIBS, state, 0);
        Map<String, ShimCluster.HostShims> hosts = cluster.install(start.state().all("host").stream().map(ModelState.Instance::id).toList());
        List<String> wrong = new ArrayList<>();
        int asked = 0;
        for (Vocabulary.Callable query : program.vocabulary().queries().values()) {
            for (List<Value> args : arguments(query, start.state())) {
                if (args == null) {
                    wrong.add(query.name() + ": not asked (a parameter that is no entity)");
                    break;
                }
                Env env = Env.root();
                for (int i = 0; i < args.size(); i++) env.define(query.params().get(i).name(), args.get(i));
                for (Vocabulary.Global g : program.vocabulary().globals().values()) env.define(g.name(), start.env().lookup(g.name()));
                ModelState now = cluster.state();
                Command command = Rendering.command(program, new SimulatedBackend(program.vocabulary(), now, 0), query, env);
                Value expected = new Evaluator(program.vocabulary()).eval(
                        query.item().clausesOf(dev.runbook.ast.VerbClause.ModelClause.class).get(0).value(), env, now.copy());
                Map<String, String> vars = new HashMap<>(hosts.get(command.host()).environment());
                vars.put("HOME", hosts.get(command.host()).home().toString());
                List<String> words = command.line().words(vars::get);
                List<String> invocation = words.subList(words.indexOf("|") + 1, words.size()); // `echo ... | ttIsql`: the program after the pipe
                String name = invocation.get(0).substring(invocation.get(0).lastIndexOf('/') + 1);
                Shim.Result r = Shim.run(cluster, command.host(), name, invocation.subList(1, invocation.size()), null, vars::get);
                asked++;
                String label = query.name() + " " + args.stream().map(Value::show).toList() + " (" + command.masked() + ")";
                if (r == null || r.exit() != 0) {
                    wrong.add(label + ": " + (r == null ? "passed through" : "exit " + r.exit() + " " + r.err().strip()));
                    continue;
                }
                Value read = QueryReader.read(query, r.out());
                if (!Value.show(read).equals(Value.show(expected))) wrong.add(label + ": read " + Value.show(read) + ", model " + Value.show(expected));
            }
        }
        assertTrue(asked >= 10, asked + " answers asked");
        return wrong;
    }

    /** Every combination of the model's instances for the query's parameters; a single null when one is no entity. */
    private static List<List<Value>> arguments(Vocabulary.Callable query, ModelState state) {
        List<List<Value>> out = new ArrayList<>();
        out.add(List.of());
        for (Vocabulary.Param p : query.params()) {
            if (!(p.type() instanceof Type.Entity e)) return java.util.Collections.singletonList(null);
            List<List<Value>> longer = new ArrayList<>();
            for (List<Value> prefix : out) {
                for (ModelState.Instance i : state.all(e.name())) {
                    List<Value> next = new ArrayList<>(prefix);
                    next.add(i.ref());
                    longer.add(next);
                }
            }
            out = longer;
        }
        return out;
    }
}
