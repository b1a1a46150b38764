package dev.runbook.cli;

import dev.runbook.engine.ShellQuote;
import dev.runbook.exec.Explorer;
import dev.runbook.exec.Simulation;
import dev.runbook.render.Assumed;
import dev.runbook.sim.InitialState;
import dev.runbook.source.Source;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook explore FILE|ID}: every single fault at every step, each simulated on its own
 * ({@link Explorer} lists the fault points and defines the outcomes). The summary and the table go
 * to stdout, unsafe rows first with the command that replays them; problems with the input go to
 * stderr.
 */
@Command(name = "explore", sortOptions = false,
        description = {
            "Simulate the runbook once per single fault (a host crash, an agent death, a network partition, "
                    + "a failed command, a timed-out wait) before and after every step, and report which faults it "
                    + "absorbs (safe), which break a safety invariant (unsafe) and which stop it for the operator (stuck).",
            "Each unsafe row comes with the `runbook simulate` command that replays it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every fault point is safe",
            "1:at least one fault point is unsafe or stuck, or the runbook has check errors",
            "2:bad usage, an unreadable file, or parameters the model cannot start from"})
final class ExploreCommand implements Callable<Integer> {

    /** The JSON schema id; bump the version on any incompatible change (docs/cli.md). */
    static final String SCHEMA = "runbook.explore/v1";

    @Mixin
    RunbookArgs args;

    @Option(names = "--cluster", paramLabel = "FILE", description = "The cluster to start from (default: built from the runbook's parameters and require lines).")
    String cluster;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Vary the declared durations by up to 10%%, reproducibly (0, the default: exact durations).")
    long seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema " + SCHEMA + ", docs/cli.md).")
    CheckCommand.Format format;

    @Spec
    CommandSpec spec;

    /** Whether stdout has the JSON document already (a usage error then adds none). */
    private boolean documentPrinted;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Programs.RecordingErr err = Programs.RecordingErr.of(spec.commandLine().getErr());
        int code;
        try {
            code = explore(out, err);
        } catch (Programs.Exit e) {
            code = e.code;
        }
        if (code == Main.USAGE && format == CheckCommand.Format.json && !documentPrinted) {
            out.print(Json.write(Programs.usageDocument(SCHEMA, err.seen())));
        }
        out.flush();
        err.flush();
        return code;
    }

    private int explore(PrintWriter out, PrintWriter err) throws Programs.Exit {
        List<Path> libDirs = Programs.libDirs(args.libs, err);
        Map<String, String> given = Programs.params(args.params, err);
        Source clusterSource = null;
        if (cluster != null) {
            try {
                clusterSource = Inputs.read(cluster);
            } catch (Inputs.Unreadable u) {
                err.println(u.report("read the cluster file"));
                return Main.USAGE;
            }
        }
        Programs.Loaded loaded = Programs.load(args.runbook, libDirs, err);
        if (loaded.result().hasErrors()) {
            if (format == CheckCommand.Format.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", SCHEMA);
                doc.put("file", loaded.display());
                doc.put("diagnostics", Programs.diagnosticsJson(loaded));
                doc.put("summary", null);
                doc.put("rows", List.of());
                out.print(Json.write(doc));
            } else {
                Programs.printDiagnostics(loaded.result(), out, "nothing was explored");
            }
            documentPrinted = true;
            return Main.FINDINGS;
        }
        Explorer.Report report;
        List<InitialState.Assumption> assumed;
        try {
            Simulation.Options options = new Simulation.Options(given, clusterSource, List.of(), seed);
            assumed = Simulation.start(loaded.result(), options).assumptions();
            report = Explorer.explore(loaded.result(), options);
        } catch (InitialState.Problem p) {
            err.println("runbook: " + loaded.display() + ": cannot start the simulation: " + p.getMessage());
            err.println("  hint: " + (p.hint() != null ? p.hint() : "every fault point starts from this state: fix the -p values or the --cluster file"));
            if (format == CheckCommand.Format.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", SCHEMA);
                doc.put("file", loaded.display());
                doc.put("runbook", loaded.result().file().declaredName());
                doc.put("error", Assumed.error(p));
                doc.put("summary", null);
                doc.put("rows", List.of());
                out.print(Json.write(doc));
                documentPrinted = true;
            }
            return Main.USAGE;
        }
        documentPrinted = true;
        if (format == CheckCommand.Format.json) {
            out.print(Json.write(json(loaded, given, report, assumed)));
        } else {
            text(out, loaded, report, assumed);
        }
        return report.allSafe() ? Main.OK : Main.FINDINGS;
    }

    // ------------------------------------------------------------------ text

    private void text(PrintWriter out, Programs.Loaded loaded, Explorer.Report report, List<InitialState.Assumption> assumed) {
        long inSub = report.steps().stream().filter(s -> s.contains("/")).count();
        out.println("explore " + loaded.display() + ": " + CheckCommand.count(report.steps().size(), "step")
                + (inSub == 0 ? "" : " (" + inSub + " of them in sub-runbooks)") + ", "
                + CheckCommand.count(report.hosts().size(), "host") + ", " + CheckCommand.count(report.databases().size(), "database"));
        out.println("tried " + report.tried() + " fault points: " + report.count(Explorer.Outcome.SAFE) + " safe, "
                + report.count(Explorer.Outcome.UNSAFE) + " unsafe, " + report.count(Explorer.Outcome.STUCK) + " stuck");
        out.print(Assumed.text(assumed));
        List<Explorer.Row> ordered = ordered(report);
        if (ordered.isEmpty()) return;
        int width = "fault".length();
        for (Explorer.Row r : ordered) width = Math.max(width, r.spec().length());
        int outcomeWidth = "outcome".length();
        out.println();
        out.println(pad("fault", width) + " | " + pad("outcome", outcomeWidth) + " | detail");
        out.println("-".repeat(width) + "-+-" + "-".repeat(outcomeWidth) + "-+-" + "-".repeat(6));
        for (Explorer.Row r : ordered) {
            out.println(pad(r.spec(), width) + " | " + pad(r.outcome().label(), outcomeWidth) + " | " + detail(r));
            if (r.outcome() != Explorer.Outcome.UNSAFE) continue;
            out.println(pad("", width) + " | " + pad("", outcomeWidth) + " |   replay: " + replay(r));
            if (repl(r) != null) out.println(pad("", width) + " | " + pad("", outcomeWidth) + " |   step through it: " + repl(r));
        }
    }

    private static String detail(Explorer.Row r) {
        switch (r.outcome()) {
            case SAFE:
                return "completes: every invariant and expectation holds";
            case UNSAFE:
                return r.invariant() + " " + where(r.step()) + ": " + r.detail();
            default:
                return where(r.step()) + ": " + r.detail();
        }
    }

    /** The engine's label of where a run broke: "7", "1-6/3", "7 (after the fault)", "7 (where the run stopped)", "end". */
    private static String where(String step) {
        if (step == null) return "";
        int note = step.indexOf(" (");
        if (note >= 0) return where(step.substring(0, note)) + step.substring(note);
        if (step.equals("end")) return "at the end";
        return "step " + step;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Unsafe rows first, then stuck, then safe; each group in the order the points were tried. */
    private static List<Explorer.Row> ordered(Explorer.Report report) {
        List<Explorer.Row> out = new ArrayList<>();
        for (Explorer.Outcome o : List.of(Explorer.Outcome.UNSAFE, Explorer.Outcome.STUCK, Explorer.Outcome.SAFE)) {
            for (Explorer.Row r : report.rows()) if (r.outcome() == o) out.add(r);
        }
        return out;
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 ._-]+");

    /** The command that replays a row, with the arguments this exploration was given. */
    String replay(Explorer.Row r) {
        return command("simulate", r);
    }

    /**
     * The {@code runbook repl} line that stops just before the row's fault fires, to watch it happen
     * and try a fix (docs/repl.md); null when the exploration had a --cluster or a --seed, which the
     * REPL does not take.
     */
    String repl(Explorer.Row r) {
        return cluster != null || seed != 0 ? null : command("repl", r);
    }

    private String command(String name, Explorer.Row r) {
        StringBuilder line = new StringBuilder("runbook ").append(name).append(' ').append(ShellQuote.word(args.runbook));
        for (String p : args.params) line.append(" -p ").append(ShellQuote.word(p));
        if (cluster != null) line.append(" --cluster ").append(ShellQuote.word(cluster));
        if (seed != 0) line.append(" --seed ").append(seed);
        for (String lib : args.libs) line.append(" --lib ").append(ShellQuote.word(lib));
        String fault = PLAIN.matcher(r.spec()).matches() ? "\"" + r.spec() + "\"" : ShellQuote.word(r.spec());
        return line.append(" --fault ").append(fault).toString();
    }

    // ------------------------------------------------------------------ JSON (schema runbook.explore/v1)

    /** The rows in the order the points were tried (docs of {@link Explorer}); a reader sorts them as it likes. */

    private Map<String, Object> json(Programs.Loaded loaded, Map<String, String> given, Explorer.Report report,
            List<InitialState.Assumption> assumed) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tried", report.tried());
        summary.put("safe", report.count(Explorer.Outcome.SAFE));
        summary.put("unsafe", report.count(Explorer.Outcome.UNSAFE));
        summary.put("stuck", report.count(Explorer.Outcome.STUCK));
        List<Object> rows = new ArrayList<>();
        for (Explorer.Row r : report.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fault", r.spec());
            row.put("outcome", r.outcome().label());
            row.put("invariant", r.invariant());
            row.put("step", r.step());
            row.put("detail", r.detail());
            row.put("replay", r.outcome() == Explorer.Outcome.UNSAFE ? replay(r) : null);
            row.put("repl", r.outcome() == Explorer.Outcome.UNSAFE ? repl(r) : null);
            rows.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("file", loaded.display());
        doc.put("runbook", report.runbook());
        doc.put("params", new LinkedHashMap<String, Object>(given));
        doc.put("assumptions", Assumed.json(assumed));
        doc.put("seed", seed);
        doc.put("steps", report.steps());
        doc.put("hosts", report.hosts());
        doc.put("databases", report.databases());
        doc.put("summary", summary);
        doc.put("rows", rows);
        return doc;
    }
}
