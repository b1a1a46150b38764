package dev.runbook.cli;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.source.Code;
import dev.runbook.source.Diagnostic;
import dev.runbook.source.DiagnosticRenderer;
import dev.runbook.source.Severity;
import dev.runbook.source.Source;
import dev.runbook.source.Span;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook check FILE...}: parse and check each file. Results (diagnostics and the summary, or
 * the JSON document) go to stdout; everything about the run itself (unreadable files, --verbose
 * tracing) goes to stderr.
 */
@Command(name = "check", sortOptions = false,
        description = {
            "Parse and check runbooks and modules: syntax, names, types, verb calls, host placement.",
            "Findings are printed as file:line:col with the line and a caret; nothing runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no errors (warnings alone still exit 0)",
            "1:at least one error",
            "2:bad usage or a file that cannot be read"})
final class CheckCommand implements Callable<Integer> {

    /** The JSON schema id; bump the version on any incompatible change (docs/cli.md). */
    static final String SCHEMA = "runbook.check/v1";

    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Runbook or module files (.rbk).")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema " + SCHEMA + ", docs/cli.md).")
    Format format;

    @Option(names = "--lib", paramLabel = "DIR",
            description = "Also look up `use` names in DIR: after the using file's directory, before the built-in library. Repeatable.")
    List<String> libs = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Print where each `use` was found: FILE: use NAME -> WHERE (on stderr).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** A file argument and what came of it: a check result, or the reason it could not be read. */
    private record Checked(String path, CheckResult result, Inputs.Unreadable unreadable) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        List<Path> libDirs;
        try {
            libDirs = Programs.libDirs(libs, err);
        } catch (Programs.Exit e) {
            return e.code;
        }

        Checker checker = new Checker(new Library(libDirs));
        // read in the order given (read errors print in that order), check in parallel, report in that order
        List<Object> read = new ArrayList<>();
        for (String arg : Inputs.distinct(files)) {
            try {
                read.add(Inputs.read(arg));
            } catch (Inputs.Unreadable u) {
                err.println(u.report("read"));
                read.add(new Checked(u.display, null, u));
            }
        }
        List<Checked> checked = read.parallelStream()
                .map(r -> r instanceof Source source ? new Checked(source.name(), checker.check(source), null) : (Checked) r)
                .toList();
        if (verbose) {
            for (Checked c : checked) {
                if (c.result() == null) continue;
                for (CheckResult.Resolution r : c.result().resolutions()) {
                    err.println(c.path() + ": use " + r.name() + " -> " + Inputs.displayWhere(r.where()));
                }
            }
        }

        int errors = 0;
        int warnings = 0;
        int unreadable = 0;
        List<Diagnostic> all = new ArrayList<>();
        for (Checked c : checked) {
            if (c.unreadable() != null) {
                unreadable++;
                continue;
            }
            for (Diagnostic d : c.result().diagnostics()) {
                all.add(d);
                if (d.severity() == Severity.ERROR) errors++;
                else if (d.severity() == Severity.WARNING) warnings++;
            }
        }

        if (format == Format.json) {
            out.print(Json.write(json(checked, errors + unreadable, warnings)));
        } else {
            DiagnosticRenderer renderer = new DiagnosticRenderer();
            all.sort(DiagnosticRenderer.ORDER);
            for (Diagnostic d : all) {
                out.println(renderer.render(d));
            }
            int readable = checked.size() - unreadable;
            String summary = count(readable, "file") + " checked: " + count(errors, "error") + ", " + count(warnings, "warning");
            if (unreadable > 0) summary += "; " + count(unreadable, "file") + " could not be read";
            out.println(summary);
        }
        out.flush();
        if (unreadable > 0) return Main.USAGE;
        return errors > 0 ? Main.FINDINGS : Main.OK;
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    // ------------------------------------------------------------ JSON (schema runbook.check/v1)

    private static Map<String, Object> json(List<Checked> checked, int errors, int warnings) {
        List<Object> files = new ArrayList<>();
        for (Checked c : checked) {
            List<Object> diagnostics = new ArrayList<>();
            if (c.unreadable() != null) {
                diagnostics.add(diagnostic(Code.UNREADABLE.id(), Severity.ERROR, "cannot read " + c.path() + ": " + c.unreadable().reason,
                        c.unreadable().hint, Span.NONE, c.path()));
            } else {
                for (Diagnostic d : c.result().diagnostics()) {
                    diagnostics.add(diagnostic(d.code().id(), d.severity(), d.message(), d.hint(), d.span(),
                            d.source() == null ? c.path() : d.source().name()));
                }
            }
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", c.path());
            file.put("diagnostics", diagnostics);
            files.add(file);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("files", checked.size());
        summary.put("errors", errors);
        summary.put("warnings", warnings);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("files", files);
        doc.put("summary", summary);
        return doc;
    }

    static Map<String, Object> diagnostic(String code, Severity severity, String message, String hint, Span span, String file) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("code", code);
        d.put("severity", severity.label());
        d.put("message", message);
        d.put("hint", hint);
        boolean placed = !span.isNone();
        d.put("line", placed ? span.line() : null);
        d.put("column", placed ? span.column() : null);
        d.put("endLine", placed ? span.endLine() : null);
        d.put("endColumn", placed ? span.endColumn() : null);
        d.put("file", file);
        return d;
    }
}
