package dev.runbook.cli;

import dev.runbook.engine.Event;
import dev.runbook.engine.ShellQuote;
import dev.runbook.exec.Simulation;
import dev.runbook.render.TraceText;
import dev.runbook.sim.Fault;
import dev.runbook.sim.InitialState;
import dev.runbook.source.Source;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook simulate FILE|ID}: runs a runbook against the model of the cluster, in virtual
 * time, and prints the trace (text for a person, or one JSON document). Nothing touches a host.
 */
@Command(name = "simulate", sortOptions = false,
        description = {
            "Run a runbook against a model of the cluster, in virtual time.",
            "Every command, state change and wait is traced, the invariants are checked after every step, and faults "
                + "can be injected. Nothing touches a host."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run ended well: every step ran, every invariant held, every expect was met",
            "1:check errors, or the run failed: a broken invariant, a failed precondition, expect or command, a wait that timed out",
            "2:bad usage (a bad -p, --fault, --from-step or --cluster), an unreadable file, an unknown id"})
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    RunbookArgs args;

    @Option(names = "--cluster", paramLabel = "FILE",
            description = "Start from the cluster this file describes (lines of ID.FIELD = VALUE, docs/cli.md).")
    String cluster;

    @Option(names = "--from-step", paramLabel = "N",
            description = "Start a half-done procedure at step N: the steps before it are taken as done (give the state with --cluster).")
    String fromStep;

    @Option(names = "--fault", paramLabel = "FAULT",
            description = "Inject a fault (repeatable): 'crash HOST after step N', 'agent DB dies before step N', 'fail step N', "
                + "'timeout step N', 'partition H1 H2 after step N [heal after step M]'.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Vary the declared durations by up to 10%%, reproducibly for N; 0 (default): exactly as declared.")
    long seed;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema " + TraceJson.SCHEMA + ", docs/cli.md).")
    CheckCommand.Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Programs.RecordingErr err = Programs.RecordingErr.of(spec.commandLine().getErr());
        boolean printed = false;
        try {
            List<Path> libDirs = Programs.libDirs(args.libs, err);
            Map<String, String> params = Programs.params(args.params, err);
            List<Fault> parsed = new ArrayList<>();
            for (String f : faults) {
                try {
                    parsed.add(Fault.parse(f));
                } catch (IllegalArgumentException e) {
                    err.println("runbook: --fault " + ShellQuote.word(f) + ": " + e.getMessage());
                    throw new Programs.Exit(Main.USAGE);
                }
            }
            Source clusterSource = null;
            if (cluster != null) {
                try {
                    clusterSource = Inputs.read(cluster);
                } catch (Inputs.Unreadable u) {
                    err.println(u.report("read the cluster file"));
                    throw new Programs.Exit(Main.USAGE);
                }
            }
            Programs.Loaded loaded = Programs.load(args.runbook, libDirs, err);
            TraceText.Info info = new TraceText.Info(loaded.display(), seed, fromStep,
                    parsed.stream().map(Fault::spec).toList(), parsed.isEmpty() ? null : replay(params));
            if (loaded.result().hasErrors()) {
                if (format == CheckCommand.Format.json) out.print(Json.write(TraceJson.document(loaded, info, null, List.of())));
                else Programs.printDiagnostics(loaded.result(), out, "nothing was simulated");
                out.flush();
                return Main.FINDINGS;
            }
            Simulation.Options options = new Simulation.Options(params, clusterSource, parsed, seed, fromStep);
            Simulation.Result result;
            try {
                Simulation.checkFaults(loaded.result(), options);
                result = Simulation.run(loaded.result(), options, null);
            } catch (InitialState.Problem p) {
                Programs.printProblem(p, err);
                if (format == CheckCommand.Format.json) {
                    out.print(Json.write(TraceJson.document(loaded, info, null, List.of(), p)));
                    printed = true;
                }
                throw new Programs.Exit(Main.USAGE);
            }
            List<Fault> idle = notFired(parsed, result.events());
            if (format == CheckCommand.Format.json) out.print(Json.write(TraceJson.document(loaded, info, result, idle)));
            else out.print(TraceText.render(info, result, idle));
            out.flush();
            return result.ok() ? Main.OK : Main.FINDINGS;
        } catch (Programs.Exit e) {
            if (e.code == Main.USAGE && format == CheckCommand.Format.json && !printed) {
                out.print(Json.write(Programs.usageDocument(TraceJson.SCHEMA, err.seen())));
            }
            out.flush();
            err.flush();
            return e.code;
        }
    }

    /**
     * The faults that had their chance and did nothing: the run reached their step, yet no event
     * shows them (a {@code fail step N} whose step sends no command of its own, a {@code timeout
     * step N} whose step has no wait of its own). A fault whose step the run never reached is not listed.
     */
    static List<Fault> notFired(List<Fault> faults, List<Event> events) {
        java.util.Set<String> started = new java.util.HashSet<>();
        java.util.Set<String> finished = new java.util.HashSet<>();
        java.util.Set<String> injected = new java.util.HashSet<>();
        java.util.Set<String> failedCommand = new java.util.HashSet<>();
        java.util.Set<String> timedOut = new java.util.HashSet<>();
        for (Event e : events) {
            if (e instanceof Event.StepStarted s) started.add(s.label());
            else if (e instanceof Event.StepFinished f) finished.add(f.label());
            else if (e instanceof Event.FaultInjected f) injected.add(f.fault());
            else if (e instanceof Event.CommandFailed c && c.message() != null && c.message().endsWith("(injected fault)")) failedCommand.add(c.label());
            else if (e instanceof Event.WaitTimedOut w) timedOut.add(w.label());
        }
        List<Fault> out = new ArrayList<>();
        for (Fault f : faults) {
            boolean reached = f.before() ? started.contains(f.step()) : finished.contains(f.step());
            boolean fired = switch (f.kind()) {
                case FAIL -> inStep(failedCommand, f.step());
                case TIMEOUT -> inStep(timedOut, f.step());
                default -> injected.contains(f.spec());
            };
            if (f.kind() == Fault.Kind.FAIL || f.kind() == Fault.Kind.TIMEOUT) reached = started.contains(f.step());
            if (reached && !fired) out.add(f);
        }
        return out;
    }

    /** Whether one of {@code labels} is step {@code step} or a step of a sub-runbook it runs (fail step 1-6 fails 1-6/1). */
    private static boolean inStep(java.util.Set<String> labels, String step) {
        for (String l : labels) if (l.equals(step) || l.startsWith(step + "/")) return true;
        return false;
    }

    /** The command line that replays this run, faults included. */
    private String replay(Map<String, String> params) {
        List<String> words = new ArrayList<>();
        words.add("runbook");
        words.add("simulate");
        words.add(args.runbook);
        for (Map.Entry<String, String> p : params.entrySet()) {
            words.add("-p");
            words.add(p.getKey() + "=" + p.getValue());
        }
        for (String lib : args.libs) {
            words.add("--lib");
            words.add(lib);
        }
        if (cluster != null) {
            words.add("--cluster");
            words.add(cluster);
        }
        if (fromStep != null) {
            words.add("--from-step");
            words.add(fromStep);
        }
        if (seed != 0) {
            words.add("--seed");
            words.add(Long.toString(seed));
        }
        for (String f : faults) {
            words.add("--fault");
            words.add(f);
        }
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (!out.isEmpty()) out.append(' ');
            out.append(ShellQuote.word(w));
        }
        return out.toString();
    }
}
