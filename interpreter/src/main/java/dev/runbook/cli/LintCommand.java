package dev.runbook.cli;

import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.lint.Finding;
import dev.runbook.lint.Formats;
import dev.runbook.lint.Linter;
import dev.runbook.lint.Rule;
import dev.runbook.lint.Rules;
import dev.runbook.source.Severity;
import dev.runbook.source.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook lint FILE|DIR...}: check diagnostics, lint rules and the simulation's findings, in
 * one of five formats for a person, a script or a code review. The findings go to stdout; problems
 * with the run itself to stderr.
 */
@Command(name = "lint", sortOptions = false,
        description = {
            "Lint runbooks for code review: the check's findings, the lint rules, and what a simulation from the",
            "runbook's defaults finds (a broken invariant, a refused precondition, an unmet expectation), each at the",
            "line of the step that causes it. `# lint: disable=ID -- reason` suppresses a finding on a step or a line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no finding at the --fail-on level",
            "1:a finding at the --fail-on level (error by default)",
            "2:bad usage, an unknown rule id, or a file that cannot be read"})
final class LintCommand implements Callable<Integer> {

    enum Format { text, json, sarif, github, checkstyle }

    enum Level { warning, error }

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR", description = "Runbooks or modules (.rbk), or directories: every .rbk under them.")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (schema " + Formats.SCHEMA + "), sarif (2.1.0), github (Actions annotations) or checkstyle (XML).")
    Format format;

    @Option(names = "--enable", paramLabel = "RULE", description = "Run only these rules (repeatable); the check and the simulation still report.")
    List<String> enable = new ArrayList<>();

    @Option(names = "--disable", paramLabel = "RULE", description = "Do not report this rule, check code or simulation finding (repeatable).")
    List<String> disable = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error", description = "Exit 1 when a finding is at least this severe: warning or error (default).")
    Level failOn;

    @Option(names = "--no-simulate", description = "Do not simulate the runbooks (the check and the rules only).")
    boolean noSimulate;

    @Option(names = "--explain", paramLabel = "RULE", description = "Print the page of a rule (what it finds, a problematic and a correct runbook) and exit.")
    String explain;

    @Option(names = "--list-rules", description = "List the rules: id, default severity, description.")
    boolean listRules;

    @Option(names = "--lib", paramLabel = "DIR", description = "Also look up `use` names in DIR (as check does). Repeatable.")
    List<String> libs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (explain != null) return explain(out, err);
        if (listRules) {
            for (Rule r : Rules.all()) out.printf("%-34s %-8s %s%n", r.id(), r.severity().label(), r.description());
            out.flush();
            return Main.OK;
        }
        if (files.isEmpty()) {
            err.println("runbook: lint needs a FILE or DIR (or --explain RULE, --list-rules)");
            err.println("Try 'runbook lint --help' for more information.");
            return Main.USAGE;
        }
        for (String id : enable) {
            if (Rules.byId(id).isEmpty()) return unknownRule(id, err);
        }
        List<Path> libDirs;
        try {
            libDirs = Programs.libDirs(libs, err);
        } catch (Programs.Exit e) {
            return e.code;
        }
        Set<String> disabled = new LinkedHashSet<>(disable);
        if (!enable.isEmpty()) for (Rule r : Rules.all()) if (!enable.contains(r.id())) disabled.add(r.id());
        Linter linter = new Linter(new Checker(new Library(libDirs)), new Linter.Options(disabled, !noSimulate));

        // read in the order given (so read errors print in that order), then lint in parallel:
        // each file has its own check and simulation; results keep the order given
        List<Object> read = new ArrayList<>();
        for (String arg : Inputs.distinct(expand(files))) {
            try {
                read.add(Inputs.read(arg));
            } catch (Inputs.Unreadable u) {
                err.println(u.report("read"));
                read.add(new Formats.FileResult(u.display, List.of(), u.reason));
            }
        }
        List<Formats.FileResult> results = read.parallelStream()
                .map(r -> r instanceof Source source ? new Formats.FileResult(source.name(), linter.lint(source), null) : (Formats.FileResult) r)
                .toList();
        switch (format) {
            case text -> out.print(Formats.text(results));
            case json -> out.print(Json.write(Formats.json(results)));
            case sarif -> out.print(Json.write(Formats.sarif(results, Main.Version.version())));
            case github -> out.print(Formats.github(results));
            case checkstyle -> out.print(Formats.checkstyle(results));
        }
        out.flush();
        if (results.stream().anyMatch(r -> r.unreadable() != null)) return Main.USAGE;
        Severity threshold = failOn == Level.warning ? Severity.WARNING : Severity.ERROR;
        for (Formats.FileResult r : results) {
            for (Finding f : r.findings()) if (f.severity().compareTo(threshold) <= 0) return Main.FINDINGS;
        }
        return Main.OK;
    }

    private int explain(PrintWriter out, PrintWriter err) {
        Optional<String> page = Rules.page(explain);
        if (Rules.byId(explain).isEmpty() || page.isEmpty()) return unknownRule(explain, err);
        out.print(page.get());
        out.flush();
        return Main.OK;
    }

    private static int unknownRule(String id, PrintWriter err) {
        err.println("runbook: no lint rule `" + id + "`");
        err.println("  hint: runbook lint --list-rules lists them: " + String.join(", ", Rules.all().stream().map(Rule::id).toList()));
        return Main.USAGE;
    }

    /** Each directory replaced by the .rbk files under it, sorted; files as given. */
    static List<String> expand(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            Path p;
            try {
                p = Path.of(arg);
            } catch (RuntimeException e) {
                out.add(arg);
                continue;
            }
            if (!Files.isDirectory(p)) {
                out.add(arg);
                continue;
            }
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(f -> f.getFileName().toString().endsWith(".rbk") && Files.isRegularFile(f)).map(Path::toString).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
