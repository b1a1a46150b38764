package dev.runbook.cli;

import dev.runbook.render.Catalog;
import dev.runbook.render.RunbookFacts;
import dev.runbook.render.RunbookPage;
import dev.runbook.render.StdlibReference;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook doc}: documentation generated from the code. One page per runbook (Markdown with a
 * Mermaid swimlane diagram, the diagram alone, or a self-contained HTML page), one entry of the verb
 * reference, the whole verb reference (docs/stdlib.md) or the catalog of the standard runbooks
 * (docs/catalog.md).
 */
@Command(name = "doc", sortOptions = false,
        description = {
            "Print the documentation of a runbook: title, source, parameters, require and expect lines in words, "
                    + "each step's commands per host, departures from the document, the simulation's figures, the explore verdict "
                    + "and a swimlane diagram (one lane per host and one for the operator).",
            "--verb NAME prints one entry of the verb reference; --stdlib the whole reference (docs/stdlib.md); "
                    + "--catalog the catalog of the standard runbooks (docs/catalog.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the documentation was printed",
            "1:the runbook has check errors (they are printed instead)",
            "2:bad usage, an unreadable file, an unknown id or verb"})
final class DocCommand implements Callable<Integer> {

    enum DocFormat { md, mermaid, html }

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|ID",
            description = "A runbook file, or the id of a standard runbook such as asp-major-online-nocg.")
    String runbook;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "md",
            description = "md (default): a Markdown page with a Mermaid diagram; mermaid: the diagram alone; "
                    + "html: one self-contained page, the diagram drawn in SVG (no script, nothing fetched).")
    DocFormat format;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "Give a parameter a value (repeatable), as for plan and simulate.")
    List<String> params = new java.util.ArrayList<>();

    @Option(names = "--lib", paramLabel = "DIR",
            description = "Also look up `use` names in DIR, as for check. Repeatable.")
    List<String> libs = new java.util.ArrayList<>();

    @ArgGroup(exclusive = true)
    Other other;

    static final class Other {
        @Option(names = "--verb", paramLabel = "NAME", description = "Print the reference entry of one verb, query or built-in.")
        String verb;

        @Option(names = "--stdlib", description = "Print the whole verb reference (bin/runbook doc --stdlib > docs/stdlib.md).")
        boolean stdlib;

        @Option(names = "--catalog", description = "Print the catalog of the standard runbooks (bin/runbook doc --catalog > docs/catalog.md).")
        boolean catalog;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (other != null && runbook != null) {
            err.println("runbook: doc takes a runbook or one of --verb, --stdlib, --catalog, not both");
            err.println("Try 'runbook doc --help' for more information.");
            return Main.USAGE;
        }
        if (other != null && other.verb != null) return verb(other.verb, out, err);
        if (other != null && other.stdlib) {
            out.print(StdlibReference.load().markdown());
            out.flush();
            return Main.OK;
        }
        if (other != null && other.catalog) {
            out.print(Catalog.markdown(Catalog.facts()));
            out.flush();
            return Main.OK;
        }
        if (runbook == null) {
            err.println("runbook: doc needs a runbook (FILE or ID), or one of --verb NAME, --stdlib, --catalog");
            err.println("Try 'runbook doc --help' for more information.");
            return Main.USAGE;
        }
        try {
            List<Path> libDirs = Programs.libDirs(libs, err);
            Map<String, String> values = Programs.params(params, err);
            Programs.Loaded loaded = Programs.load(runbook, libDirs, err);
            if (loaded.result().hasErrors()) {
                Programs.printDiagnostics(loaded.result(), out, "no documentation");
                out.flush();
                return Main.FINDINGS;
            }
            RunbookFacts facts = RunbookFacts.of(loaded.result().file().declaredName(), loaded.display(), loaded.result(), values,
                    format != DocFormat.mermaid);
            out.print(switch (format) {
                case md -> RunbookPage.markdown(facts);
                case mermaid -> RunbookPage.mermaid(facts);
                case html -> RunbookPage.html(facts);
            });
            out.flush();
            return Main.OK;
        } catch (Programs.Exit e) {
            out.flush();
            err.flush();
            return e.code;
        }
    }

    private static int verb(String name, PrintWriter out, PrintWriter err) {
        StdlibReference reference = StdlibReference.load();
        Optional<String> entry = reference.entry(name);
        if (entry.isPresent()) {
            out.print(entry.get());
            out.flush();
            return Main.OK;
        }
        err.println("runbook: no verb, query or built-in `" + name + "` in the standard library");
        List<String> close = dev.runbook.check.Suggest.similar(name, reference.callables());
        err.println("  hint: " + (close.isEmpty() ? "docs/stdlib.md lists them all" : "did you mean " + String.join(", ", close.stream().map(c -> "`" + c + "`").toList()) + "?"));
        return Main.USAGE;
    }
}
