package dev.runbook.bench;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.exec.Explorer;
import dev.runbook.exec.Simulation;
import dev.runbook.sim.InitialState;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The simulator, warm: one simulation of each standard runbook, and the exploration of every single
 * fault of all of them ({@link Explorer}). The runbooks are those of {@code runbooks/*.rbk} on disk
 * (not {@code common/}), checked once in the set-up; the simulations start from the runbook's own
 * parameters. Average time per operation:
 *
 * <ul>
 *   <li>{@code simulate} (parameter {@code runbook}): one simulation of that runbook;</li>
 *   <li>{@code simulateAll}: one simulation of every standard runbook;</li>
 *   <li>{@code exploreAll}: {@link Explorer#explore} of every standard runbook (its simulations on the
 *       common fork-join pool); its {@code faultPoints} counter, per second, is the number of fault
 *       points answered per second;</li>
 *   <li>{@code exploreAllSequential}: the same on one thread.</li>
 * </ul>
 *
 * <pre>
 * mvn -q -Pbench -DskipTests package
 * java -jar benchmarks/target/benchmarks.jar SimulateBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SimulateBenchmark {

    /** The standard runbooks by id, checked. */
    private Map<String, CheckResult> programs;

    /** Fault points explored, reported per second beside {@code exploreAll}. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class FaultPoints {
        public long faultPoints;

        @Setup(Level.Iteration)
        public void reset() {
            faultPoints = 0;
        }
    }

    /** Which runbook {@code simulate} runs (override with -p runbook=ID). */
    @State(Scope.Benchmark)
    public static class One {
        @Param({"asp-major-online-nocg", "asp-patch-active-role-reversal"})
        public String runbook;
    }

    @Setup(Level.Trial)
    public void setUp() throws InitialState.Problem {
        programs = standardRunbooks(Corpus.findRoot());
        int points = 0;
        for (Map.Entry<String, CheckResult> e : programs.entrySet()) {
            Simulation.Result r = Simulation.run(e.getValue(), Simulation.Options.defaults());
            Explorer.Report report = Explorer.explore(e.getValue(), Simulation.Options.defaults());
            points += report.tried();
            System.out.printf("%n%s: simulates %s; explore: %d fault points, %d safe, %d unsafe, %d stuck (%d resumed from the run without a fault)", e.getKey(),
                    r.ok() ? "clean" : "with a failure", report.tried(), report.count(Explorer.Outcome.SAFE),
                    report.count(Explorer.Outcome.UNSAFE), report.count(Explorer.Outcome.STUCK), report.resumed());
        }
        System.out.printf("%n%d standard runbooks, %d fault points in all%n", programs.size(), points);
    }

    /** Every {@code runbooks/*.rbk} under {@code root}, by id, checked; fails on a check error. */
    static Map<String, CheckResult> standardRunbooks(Path root) {
        Checker checker = new Checker(new Library(List.of(root.resolve("stdlib"), root.resolve("runbooks"))));
        Map<String, CheckResult> out = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(root.resolve("runbooks"))) {
            list.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".rbk")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            String name = root.relativize(file).toString();
            CheckResult r;
            try {
                r = checker.check(Source.read(file, name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Diagnostic d : r.diagnostics()) {
                if (d.isError()) throw new IllegalStateException(name + " does not check:\n" + new DiagnosticRenderer().render(d));
            }
            String id = file.getFileName().toString();
            out.put(id.substring(0, id.length() - ".rbk".length()), r);
        }
        if (out.isEmpty()) throw new IllegalStateException("no runbooks/*.rbk under " + root);
        return out;
    }

    @Benchmark
    public Simulation.Result simulate(One one) throws InitialState.Problem {
        CheckResult program = programs.get(one.runbook);
        if (program == null) throw new IllegalArgumentException("no standard runbook " + one.runbook + ": " + programs.keySet());
        return Simulation.run(program, Simulation.Options.defaults());
    }

    @Benchmark
    public void simulateAll(Blackhole bh) throws InitialState.Problem {
        for (CheckResult program : programs.values()) bh.consume(Simulation.run(program, Simulation.Options.defaults()));
    }

    @Benchmark
    public void exploreAll(FaultPoints points, Blackhole bh) throws InitialState.Problem {
        for (CheckResult program : programs.values()) {
            Explorer.Report report = Explorer.explore(program, Simulation.Options.defaults());
            points.faultPoints += report.tried();
            bh.consume(report);
        }
    }

    @Benchmark
    public void exploreAllSequential(FaultPoints points, Blackhole bh) throws InitialState.Problem {
        for (CheckResult program : programs.values()) {
            Explorer.Report report = Explorer.explore(program, Simulation.Options.defaults(), false);
            points.faultPoints += report.tried();
            bh.consume(report);
        }
    }
}
