package dev.runbook.parse;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.parse.antlr.RunbookLexer;
import dev.runbook.parse.fuzz.Mutator;
import dev.runbook.parse.fuzz.RunbookGenerator;
import dev.runbook.parse.fuzz.Tok;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded generated inputs through parse and check: nothing may throw, and no finding may be an
 * internal error (E999). Half the inputs are token- and line-level mutations of the shipped .rbk
 * files, half come from a grammar-directed generator ({@link RunbookGenerator}).
 *
 * <p>Reproduce a failure with the seed and index it prints:
 * {@code mvn -pl interpreter test -Dtest=GeneratedInputsTest -Dfuzz.seed=S -Dfuzz.index=I}
 * (prints the input); run more with {@code -Dfuzz.count=N}, another sequence with {@code -Dfuzz.seed=N}.
 */
class GeneratedInputsTest {

    private static final long DEFAULT_SEED = 0x52554E424F4F4BL; // "RUNBOOK"
    private static final int DEFAULT_COUNT = 10_000;

    @TempDir
    Path scratch;

    @Test
    void parseAndCheckSurviveGeneratedInputs() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        Integer only = Integer.getInteger("fuzz.index");
        int count = Integer.getInteger("fuzz.count", DEFAULT_COUNT);
        int threads = Integer.getInteger("fuzz.threads", Math.min(2, Runtime.getRuntime().availableProcessors()));
        if (only != null) {
            Fuzz fuzz = new Fuzz(seed, repoRoot(), Files.createDirectories(scratch.resolve("lib")));
            Outcome o = fuzz.run(only);
            System.out.println(o.input().describe(seed, only));
            if (o.failure() != null) fail(o.failure() + (o.signature().startsWith("E999") ? "\n" + fuzz.internalTrace(only) : ""));
            return;
        }
        Stats stats = assertTimeoutPreemptively(Duration.ofMinutes(5), () -> runAll(seed, count, threads),
                "generated inputs did not finish in 5 minutes: a parser or checker loop? rerun with -Dfuzz.count");
        System.out.println(stats.summary(seed, threads));
        if (!stats.failures.isEmpty()) {
            Fuzz tracer = new Fuzz(seed, repoRoot(), Files.createDirectories(scratch.resolve("trace")));
            fail(stats.failureReport(seed, tracer));
        }
        assertTrue(stats.ran >= count, "ran " + stats.ran + " of " + count);
        if (Integer.getInteger("fuzz.count") == null) assertTrue(stats.ran >= 10_000, "ran only " + stats.ran);
        assertTrue(stats.cleanSyntax * 10 >= stats.ran,
                "only " + stats.cleanSyntax + " of " + stats.ran + " inputs parsed without syntax errors: the generator makes garbage");
    }

    /**
     * Input i goes to thread i % threads; every input depends only on (seed, i), so the outcomes,
     * merged in index order, are the same for any number of threads.
     */
    private Stats runAll(long seed, int count, int threads) throws Exception {
        Outcome[] outcomes = new Outcome[count];
        List<Thread> workers = new ArrayList<>();
        Throwable[] crash = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int first = t;
            Fuzz fuzz = new Fuzz(seed, repoRoot(), Files.createDirectories(scratch.resolve("lib" + t)));
            Thread worker = new Thread(() -> {
                try {
                    for (int i = first; i < count; i += threads) outcomes[i] = fuzz.run(i);
                } catch (Throwable e) {
                    synchronized (crash) {
                        crash[0] = e;
                    }
                }
            }, "fuzz-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) w.join();
        synchronized (crash) {
            if (crash[0] != null) throw new AssertionError("the fuzz harness itself failed", crash[0]);
        }
        Stats stats = new Stats();
        for (int i = 0; i < count; i++) stats.add(i, outcomes[i]);
        return stats;
    }

    private static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    // ------------------------------------------------------------------ inputs

    /** One input: the text checked, and optionally a mutated module or runbook it uses. */
    record Input(String kind, String name, String text, String usedPath, String usedText) {
        String describe(long seed, int index) {
            StringBuilder out = new StringBuilder();
            out.append("--- seed ").append(seed).append(" index ").append(index).append(" (").append(kind).append(", ")
                    .append(name).append("): reproduce with -Dfuzz.seed=").append(seed).append(" -Dfuzz.index=").append(index)
                    .append('\n').append(text);
            if (!text.endsWith("\n")) out.append("\n<no newline at end>\n");
            if (usedText != null) {
                out.append("--- with this ").append(usedPath).append(" in a --lib directory:\n").append(usedText);
                if (!usedText.endsWith("\n")) out.append("\n<no newline at end>\n");
            }
            return out.append("---").toString();
        }
    }

    record Outcome(Input input, boolean syntaxErrors, boolean checkErrors, String failure, String signature, long nanos) {}

    static final class Fuzz {
        private static final Pattern USE = Pattern.compile("(?m)^use ([A-Za-z0-9_.-]+)");

        private final long seed;
        private final Path root;
        private final Path scratch;
        /** Corpus files by path relative to their library directory (stdlib/ or runbooks/). */
        private final Map<String, String> corpus = new LinkedHashMap<>();
        private final List<String> corpusNames;
        /** Pairs (user, used) of corpus files where the user has `use` of the used file. */
        private final List<String[]> uses = new ArrayList<>();
        private final Mutator mutator;
        private final Checker checker;
        private final Checker scratchChecker;
        private final DiagnosticRenderer renderer = new DiagnosticRenderer();

        Fuzz(long seed, Path root, Path scratch) {
            this.seed = seed;
            this.root = root;
            this.scratch = scratch;
            List<Path> libs = List.of(root.resolve("stdlib"), root.resolve("runbooks"));
            for (Path lib : libs) {
                try (Stream<Path> files = Files.walk(lib)) {
                    files.filter(p -> p.toString().endsWith(".rbk")).sorted().forEach(p -> corpus.put(
                            lib.relativize(p).toString().replace('\\', '/'), read(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (corpus.isEmpty()) throw new IllegalStateException("no .rbk files under " + root + " (set -Drepo.root)");
            corpusNames = List.copyOf(corpus.keySet());
            for (Map.Entry<String, String> user : corpus.entrySet()) {
                Matcher m = USE.matcher(user.getValue());
                while (m.find()) {
                    String used = m.group(1).replace('.', '/') + ".rbk";
                    if (corpus.containsKey(used)) uses.add(new String[] {user.getKey(), used});
                }
            }
            List<String> corpusTokens = new ArrayList<>();
            for (String text : corpus.values()) {
                for (Tok t : lex(text)) if (t.significant()) corpusTokens.add(t.text());
            }
            mutator = new Mutator(GeneratedInputsTest::lex, corpusTokens, keywords());
            checker = new Checker(new Library(libs));
            List<Path> scratchFirst = new ArrayList<>();
            scratchFirst.add(scratch);
            scratchFirst.addAll(libs);
            scratchChecker = new Checker(new Library(scratchFirst));
        }

        Input input(int index) {
            Random random = new Random(mix(seed, index));
            if (index % 2 == 1) {
                return new Input("generated", "generated-" + index + ".rbk", RunbookGenerator.generate(random), null, null);
            }
            if (!uses.isEmpty() && random.nextInt(10) == 0) {
                String[] pair = uses.get(random.nextInt(uses.size()));
                return new Input("mutated-used", pair[0], corpus.get(pair[0]), pair[1], mutator.mutate(corpus.get(pair[1]), random));
            }
            String name = corpusNames.get(random.nextInt(corpusNames.size()));
            return new Input("mutated", name, mutator.mutate(corpus.get(name), random), null, null);
        }

        Outcome run(int index) {
            Input input;
            try {
                input = input(index);
            } catch (RuntimeException e) {
                throw new IllegalStateException("the generator itself failed at index " + index, e);
            }
            long start = System.nanoTime();
            Source source = Source.of(input.name(), input.text());
            ParseResult parsed = null;
            String failure = null;
            String signature = null;
            boolean checkErrors = true;
            Path written = null;
            try {
                Checker chosen = checker;
                if (input.usedText() != null) {
                    Path used = scratch.resolve(input.usedPath());
                    Files.createDirectories(used.getParent());
                    Files.writeString(used, input.usedText(), StandardCharsets.UTF_8);
                    written = used;
                    chosen = scratchChecker;
                }
                parsed = Parser.parse(source);
                CheckResult checked = chosen.check(parsed);
                checkErrors = checked.hasErrors();
                for (Diagnostic d : checked.diagnostics()) {
                    if (d.code() == Code.INTERNAL) {
                        failure = "internal error (E999): " + d.message();
                        signature = "E999 " + d.message().replaceAll("\\d+", "N");
                        break;
                    }
                    Span s = d.span();
                    int length = d.source() == null ? 0 : d.source().text().length();
                    if (!s.isNone() && (s.start() < 0 || s.end() > length || s.line() < 1)) {
                        failure = "diagnostic " + d.code().id() + " has span " + s.start() + ".." + s.end()
                                + " outside its text of " + length + " chars: " + d.message();
                        signature = "span out of range " + d.code().id();
                        break;
                    }
                    renderer.render(d);
                }
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                String stage = parsed == null ? "parse" : "check or render";
                failure = t.getClass().getName() + " escaped " + stage + ":\n" + trace;
                signature = t.getClass().getName() + " at " + firstProjectFrame(t);
            }
            if (written != null) {
                try {
                    Files.delete(written); // the next input must not see it
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (failure != null) dump(index, input);
            return new Outcome(input, parsed == null || parsed.hasErrors(), checkErrors, failure, signature,
                    System.nanoTime() - start);
        }

        /**
         * The checker turns its own exceptions into E999 findings; check input {@code index} again with
         * runbook.debug, which lets the exception out, for its stack trace. Not thread-safe: run alone.
         */
        String internalTrace(int index) {
            Input input = input(index);
            String before = System.getProperty("runbook.debug");
            System.setProperty("runbook.debug", "true");
            Path written = null;
            try {
                Checker chosen = checker;
                if (input.usedText() != null) {
                    written = scratch.resolve(input.usedPath());
                    Files.createDirectories(written.getParent());
                    Files.writeString(written, input.usedText(), StandardCharsets.UTF_8);
                    chosen = scratchChecker;
                }
                chosen.check(Parser.parse(Source.of(input.name(), input.text())));
                return "(no exception when checked again with -Drunbook.debug=true)";
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                return "checked again with -Drunbook.debug=true: " + trace;
            } finally {
                if (before == null) System.clearProperty("runbook.debug");
                else System.setProperty("runbook.debug", before);
                try {
                    if (written != null) Files.deleteIfExists(written);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** With -Dfuzz.dump=DIR, every failing input is written there (and the mutated file it uses, beside it). */
    private static void dump(int index, Input input) {
        String dir = System.getProperty("fuzz.dump");
        if (dir == null || dir.isBlank()) return;
        try {
            Path base = Path.of(dir);
            Files.createDirectories(base);
            Files.writeString(base.resolve("input-" + index + ".rbk"), input.text(), StandardCharsets.UTF_8);
            if (input.usedText() != null) {
                Path used = base.resolve("input-" + index + ".lib").resolve(input.usedPath());
                Files.createDirectories(used.getParent());
                Files.writeString(used, input.usedText(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Stats {
        int ran;
        int syntax;
        int cleanSyntax;
        int zeroErrors;
        final Map<String, int[]> byKind = new LinkedHashMap<>();
        long slowestNanos;
        int slowestIndex;
        long totalNanos;
        /** Failures by signature: the smallest input of each, and how many there were. */
        final Map<String, Outcome> failures = new LinkedHashMap<>();
        final Map<String, Integer> failureIndex = new LinkedHashMap<>();
        final Map<String, Integer> failureCount = new LinkedHashMap<>();

        void add(int index, Outcome o) {
            ran++;
            totalNanos += o.nanos();
            if (o.nanos() > slowestNanos) {
                slowestNanos = o.nanos();
                slowestIndex = index;
            }
            int[] k = byKind.computeIfAbsent(o.input().kind(), x -> new int[3]);
            k[0]++;
            if (o.syntaxErrors()) {
                syntax++;
            } else {
                cleanSyntax++;
                k[1]++;
                if (!o.checkErrors()) {
                    zeroErrors++;
                    k[2]++;
                }
            }
            if (o.failure() != null) {
                failureCount.merge(o.signature(), 1, Integer::sum);
                Outcome previous = failures.get(o.signature());
                if (previous == null || size(o.input()) < size(previous.input())) {
                    failures.put(o.signature(), o);
                    failureIndex.put(o.signature(), index);
                }
            }
        }

        private static int size(Input i) {
            return i.text().length() + (i.usedText() == null ? 0 : i.usedText().length());
        }

        String summary(long seed, int threads) {
            StringBuilder out = new StringBuilder();
            out.append(String.format("GeneratedInputsTest seed %d: ran %d inputs (%.1f s of parse+check on %d threads); "
                            + "%d with syntax errors; %d reached the checker without syntax errors, %d of them checked with zero errors; "
                            + "%d failures%n",
                    seed, ran, totalNanos / 1e9, threads, syntax, cleanSyntax, zeroErrors,
                    failureCount.values().stream().mapToInt(Integer::intValue).sum()));
            byKind.forEach((kind, k) -> out.append(String.format("  %-13s %6d inputs, %6d without syntax errors, %6d with zero errors%n",
                    kind, k[0], k[1], k[2])));
            out.append(String.format("  slowest input: index %d, %.1f ms", slowestIndex, slowestNanos / 1e6));
            return out.toString();
        }

        String failureReport(long seed, Fuzz tracer) {
            StringBuilder out = new StringBuilder();
            out.append(failures.size()).append(" distinct failure(s); the smallest input of each:\n");
            for (Map.Entry<String, Outcome> e : failures.entrySet()) {
                int index = failureIndex.get(e.getKey());
                out.append("\n=== ").append(e.getKey()).append(" (").append(failureCount.get(e.getKey())).append(" inputs)\n")
                        .append(e.getValue().failure()).append('\n')
                        .append(e.getKey().startsWith("E999") ? tracer.internalTrace(index) + "\n" : "")
                        .append(e.getValue().input().describe(seed, index)).append('\n');
            }
            return out.toString();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The project's lexer, trivia included; offsets are UTF-16 chars (the token texts add up to the text). */
    static List<Tok> lex(String text) {
        RunbookLexer lexer = new RunbookLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Tok> out = new ArrayList<>();
        int at = 0;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            String s = t.getText();
            boolean significant = t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != RunbookLexer.NL;
            out.add(new Tok(at, at + s.length(), s, significant));
            at += s.length();
        }
        return out;
    }

    private static List<String> keywords() {
        List<String> out = new ArrayList<>();
        for (int type = 1; type <= RunbookLexer.VOCABULARY.getMaxTokenType(); type++) {
            String literal = RunbookLexer.VOCABULARY.getLiteralName(type);
            if (literal != null) out.add(literal.substring(1, literal.length() - 1));
        }
        return out;
    }

    private static String firstProjectFrame(Throwable t) {
        if (t.getStackTrace().length == 0) return "? (the JIT dropped the stack trace of a frequent exception: rerun the index alone)";
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("dev.runbook.") && !e.getClassName().startsWith("dev.runbook.parse.GeneratedInputsTest")) {
                return e.getClassName() + "." + e.getMethodName() + ":" + e.getLineNumber();
            }
        }
        return t.getStackTrace().length > 0 ? t.getStackTrace()[0].toString() : "?";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A well-spread seed for input {@code index} of a run with {@code seed}. */
    static long mix(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
