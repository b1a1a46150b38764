package dev.runbook.cli;

import dev.runbook.exec.Simulation;
import dev.runbook.render.Plan;
import dev.runbook.sim.InitialState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook plan FILE|ID}: the exact command lines a run would send, per host and in order,
 * secrets masked. Nothing runs: the plan is read from a simulation of the runbook.
 */
@Command(name = "plan", sortOptions = false,
        description = {
            "Print the exact command lines a run would send, per step and host, secrets masked.",
            "With the operator's actions and the waits, in order. Nothing runs: the plan comes from a simulation."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the whole plan: the simulation of the runbook ended well",
            "1:the runbook has check errors, or its simulation failed (the plan up to there and the failure)",
            "2:bad usage (a bad -p), an unreadable file, an unknown id"})
final class PlanCommand implements Callable<Integer> {

    @Mixin
    RunbookArgs args;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema " + Plan.SCHEMA + ", docs/cli.md).")
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
            Programs.Loaded loaded = Programs.load(args.runbook, libDirs, err);
            if (loaded.result().hasErrors()) {
                if (format == CheckCommand.Format.json) {
                    Simulation.Result none = new Simulation.Result(false, List.of(), null);
                    out.print(Json.write(PlanJson.of(Plan.of(loaded.result(), none), loaded)));
                } else {
                    Programs.printDiagnostics(loaded.result(), out, "no plan");
                }
                out.flush();
                return Main.FINDINGS;
            }
            Simulation.Result result;
            try {
                result = Simulation.run(loaded.result(), new Simulation.Options(params, null, List.of(), 0));
            } catch (InitialState.Problem p) {
                Programs.printProblem(p, err);
                if (format == CheckCommand.Format.json) {
                    out.print(Json.write(PlanJson.of(Plan.unstarted(loaded.result(), p), loaded)));
                    printed = true;
                }
                throw new Programs.Exit(Main.USAGE);
            }
            Plan plan = Plan.of(loaded.result(), result);
            if (format == CheckCommand.Format.json) out.print(Json.write(PlanJson.of(plan, loaded)));
            else out.print(plan.text(loaded.display()));
            out.flush();
            return result.ok() ? Main.OK : Main.FINDINGS;
        } catch (Programs.Exit e) {
            if (e.code == Main.USAGE && format == CheckCommand.Format.json && !printed) {
                out.print(Json.write(Programs.usageDocument(Plan.SCHEMA, err.seen())));
            }
            out.flush();
            err.flush();
            return e.code;
        }
    }
}
