package dev.runbook.cli;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.check.StandardRunbooks;
import dev.runbook.repl.Loader;
import dev.runbook.repl.ReplEngine;
import dev.runbook.repl.ReplTerminal;
import dev.runbook.repl.Response;
import dev.runbook.repl.Target;
import dev.runbook.source.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook repl [FILE|ID]}: steps through a runbook interactively against the model of the
 * cluster (docs/repl.md). The REPL itself lives in dev.runbook.repl; this reads the arguments and
 * hands it the command line's way of finding runbooks.
 */
@Command(name = "repl", sortOptions = false,
        description = {
            "Step through a runbook interactively: one step at a time, breakpoints, the cluster's state, back, statements typed at the prompt.",
            "Simulated: nothing touches a host. Type help at the prompt for the commands (docs/repl.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the session ended (quit, Ctrl-D, the end of input)",
            "1:check errors in the runbook; or the last answer before the end of input was an error or a stopped run (for a script that pipes lines in)",
            "2:bad usage: a bad -p, --fault or --lib, an unreadable runbook"})
final class ReplCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|ID",
            description = "A runbook file, or the id of a standard runbook such as asp-major-online-nocg; or none, and load one at the prompt.")
    String runbook;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Give a parameter a value (repeatable), as for simulate.")
    List<String> params = new ArrayList<>();

    @Option(names = "--lib", paramLabel = "DIR", description = "Also look up `use` names in DIR (repeatable), as for check.")
    List<String> libs = new ArrayList<>();

    @Option(names = "--fault", paramLabel = "FAULT",
            description = "Inject a fault (repeatable), as for simulate; the REPL runs to just before the step where the first one fires.")
    List<String> faults = new ArrayList<>();

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "Real hosts: not supported by the REPL yet; use runbook run --step for a real run step by step.")
    Path inventory;

    @Option(names = "--history", paramLabel = "FILE", description = "Where the history of typed lines is kept (default ~/.runbook/repl_history).")
    Path history;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (inventory != null) {
                err.println("runbook: repl -i: the REPL does not run on real hosts yet");
                err.println("  hint: rehearse here without -i, then run it with: runbook run " + (runbook == null ? "FILE" : runbook) + " -i " + inventory + " --step");
                return Main.USAGE;
            }
            List<Path> libDirs = Programs.libDirs(libs, err);
            Map<String, String> given = Programs.params(params, err);
            Library library = new Library(libDirs);
            Loader loader = loader(libDirs, library);
            ReplEngine engine = new ReplEngine(loader, Target.simulation());
            Response first = null;
            if (runbook != null) {
                first = engine.start(runbook, given, faults);
                if (first instanceof Response.Rejected j) {
                    spec.commandLine().getOut().print(Response.render(j));
                    spec.commandLine().getOut().flush();
                    return Main.FINDINGS;
                }
                if (first instanceof Response.Error e) {
                    err.println("runbook: " + e.message());
                    if (e.hint() != null) err.println("  hint: " + e.hint());
                    return Main.USAGE;
                }
            }
            spec.commandLine().getOut().flush();
            try (Terminal terminal = ReplTerminal.system()) {
                // lines piped in are a script, not the operator's typing: they stay out of the history file
                boolean typed = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
                Path historyFile = history != null ? history : typed ? ReplTerminal.defaultHistory() : null;
                return ReplTerminal.run(engine, ReplTerminal.reader(engine, terminal, historyFile), first);
            } catch (IOException e) {
                err.println("runbook: cannot open the terminal: " + e.getMessage());
                return Main.USAGE;
            }
        } catch (Programs.Exit e) {
            err.flush();
            return e.code;
        }
    }

    /** The command line's rules for FILE|ID and --lib, as the REPL's {@code load} uses them. */
    static Loader loader(List<Path> libDirs, Library library) {
        Checker checker = new Checker(library);
        return new Loader() {
            @Override
            public Loaded load(String argument) throws Failed {
                StringWriter said = new StringWriter();
                try {
                    Programs.Loaded loaded = Programs.load(argument, libDirs, new PrintWriter(said, true));
                    return new Loaded(argument, loaded.display(), loaded.result());
                } catch (Programs.Exit e) {
                    String message = null;
                    String hint = null;
                    for (String line : said.toString().split("\n")) {
                        if (line.startsWith("  hint: ")) hint = line.substring("  hint: ".length());
                        else if (message == null && !line.isBlank()) message = line.replaceFirst("^runbook: ", "");
                    }
                    throw new Failed(message == null ? "cannot load " + argument : message, hint);
                }
            }

            @Override
            public CheckResult check(Source source) {
                return checker.check(source);
            }

            @Override
            public List<String> ids() {
                return StandardRunbooks.all();
            }
        };
    }
}
