package dev.runbook.bench;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.Parser;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Front-end throughput over a corpus of at least 10,000 lines made from the real runbooks and
 * stdlib ({@link Corpus}). One operation is one pass over the whole corpus; the {@code lines}
 * counter JMH prints beside each result is the same figure in lines per second.
 *
 * <ul>
 *   <li>{@code parse}: {@link Parser#parse} of every file (lexing, layout, ANTLR, AST);</li>
 *   <li>{@code parseAndCheck}: {@link Checker#check(Source)} of every file, as {@code runbook check} does
 *       (which also finds, reads and parses the modules each file uses);</li>
 *   <li>{@code checkOnly}: {@link Checker#check(ParseResult)} of files parsed beforehand, to split the two.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParseCheckBenchmark {

    private Corpus corpus;
    private Checker checker;
    private List<ParseResult> parsed;

    /** Lines processed: JMH reports it per second, with its error, beside the benchmark's own score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Lines {
        public long lines;

        @Setup(Level.Iteration)
        public void reset() {
            lines = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        corpus = Corpus.build();
        checker = new Checker(new Library(List.of(corpus.root.resolve("stdlib"), corpus.root.resolve("runbooks"))));
        parsed = new ArrayList<>();
        int errors = 0;
        for (Source s : corpus.sources) {
            ParseResult p = Parser.parse(s);
            parsed.add(p);
            CheckResult r = checker.check(p);
            for (Diagnostic d : r.diagnostics()) {
                if (!d.isError()) continue;
                errors++;
                if (s == corpus.sources.get(0)) {
                    throw new IllegalStateException("the generated runbook does not check clean, so this would time error paths:\n"
                            + new DiagnosticRenderer().render(d));
                }
            }
        }
        System.out.printf("%ncorpus: %d files, %d lines (a runbook of %d lines from %d copies of %s's steps, "
                        + "and %d copies of each shipped .rbk file); %d errors found by check%n",
                corpus.sources.size(), corpus.lines, corpus.bigRunbookLines, corpus.stepCopies, Corpus.BIG_FROM,
                Corpus.REAL_COPIES, errors);
    }

    @Benchmark
    public void parse(Lines lines, Blackhole bh) {
        for (Source s : corpus.sources) bh.consume(Parser.parse(s));
        lines.lines += corpus.lines;
    }

    @Benchmark
    public void parseAndCheck(Lines lines, Blackhole bh) {
        for (Source s : corpus.sources) bh.consume(checker.check(s));
        lines.lines += corpus.lines;
    }

    @Benchmark
    public void checkOnly(Lines lines, Blackhole bh) {
        for (ParseResult p : parsed) bh.consume(checker.check(p));
        lines.lines += corpus.lines;
    }
}
