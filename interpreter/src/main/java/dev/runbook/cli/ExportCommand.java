package dev.runbook.cli;

import dev.runbook.exec.Simulation;
import dev.runbook.render.AnsibleExport;
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
 * {@code runbook export --format ansible FILE|ID}: a playbook that sends the plan's commands on the
 * same hosts in the same order, for organisations that run Ansible or AWX at fleet scale.
 */
@Command(name = "export", sortOptions = false,
        description = {
            "Export a runbook as an Ansible playbook: the commands `runbook plan` lists, on the same hosts, in the same order.",
            "Waits re-ask their query with until/retries, operator actions and confirmations are pauses, a destructive verb",
            "asks first; secrets are the variables runbook_secret_<param>, in tasks with no_log. Nothing runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the playbook is printed",
            "1:the runbook has check errors, or its simulation does not end well (no playbook of a failing procedure)",
            "2:bad usage (a bad -p), an unreadable file, an unknown id"})
final class ExportCommand implements Callable<Integer> {

    enum Format { ansible }

    @Mixin
    RunbookArgs args;

    @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "ansible: an Ansible playbook (YAML).")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<Path> libDirs = Programs.libDirs(args.libs, err);
            Map<String, String> params = Programs.params(args.params, err);
            Programs.Loaded loaded = Programs.load(args.runbook, libDirs, err);
            if (loaded.result().hasErrors()) {
                Programs.printDiagnostics(loaded.result(), err, "no playbook");
                return Main.FINDINGS;
            }
            String playbook;
            try {
                playbook = AnsibleExport.playbook(loaded.result(), new Simulation.Options(params, null, List.of(), 0));
            } catch (InitialState.Problem p) {
                Programs.printProblem(p, err);
                return Main.USAGE;
            } catch (AnsibleExport.Refused r) {
                err.println("runbook: " + r.getMessage());
                return Main.FINDINGS;
            }
            out.print(playbook);
            out.flush();
            return Main.OK;
        } catch (Programs.Exit e) {
            err.flush();
            return e.code;
        }
    }
}
