package dev.runbook.bench;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.repl.Loader;
import dev.runbook.repl.ReplEngine;
import dev.runbook.repl.Request;
import dev.runbook.repl.Response;
import dev.runbook.repl.Target;
import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The REPL's {@code step} and {@code back} in simulation, warm, through the REPL engine as the
 * terminal drives it (the step on its own thread, its events rendered): one {@code step} of the
 * runbook {@code runbook}, or one {@code step} then {@code back}. When the run has ended, the
 * benchmark restarts it first (a snapshot restored), so the average is over every top-level step
 * of the runbook, restarts included.
 *
 * <pre>
 * mvn -q -Pbench -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar ReplStepBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReplStepBenchmark {

    @Param({"asp-major-online-nocg", "asp-patch-active-role-reversal"})
    public String runbook;

    private ReplEngine engine;

    @Setup
    public void load() {
        Path root = Path.of(System.getProperty("runbook.root", "."));
        Checker checker = new Checker(new Library(List.of()));
        Loader loader = new Loader() {
            @Override
            public Loaded load(String argument) throws Failed {
                Path file = root.resolve("runbooks").resolve(argument + ".rbk");
                try {
                    return new Loaded(argument, file.toString(), checker.check(Source.read(file, file.toString())));
                } catch (IOException e) {
                    throw new Failed("cannot read " + file + ": " + e.getMessage(), "run from the repository's root, or give -Drunbook.root=DIR");
                }
            }

            @Override
            public CheckResult check(Source source) {
                return checker.check(source);
            }

            @Override
            public List<String> ids() {
                return List.of(runbook);
            }
        };
        engine = new ReplEngine(loader, Target.simulation());
        Response r = engine.start(runbook, Map.of(), List.of());
        if (!(r instanceof Response.Output)) throw new IllegalStateException(Response.render(r));
    }

    private void atAStep() {
        if (engine.prompt().endsWith(" end> ")) engine.handle(new Request.Eval("restart"));
    }

    @Benchmark
    public Response step() {
        atAStep();
        return engine.handle(new Request.Eval("step"));
    }

    @Benchmark
    public Response stepThenBack() {
        atAStep();
        engine.handle(new Request.Eval("step"));
        return engine.handle(new Request.Eval("back"));
    }
}
