package dev.runbook.cli;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Checker;
import dev.runbook.check.Library;
import dev.runbook.check.StandardRunbooks;
import dev.runbook.exec.RemoteBackend;
import dev.runbook.exec.RunSetup;
import dev.runbook.exec.Transport;
import dev.runbook.exec.inventory.Inventory;
import dev.runbook.repl.HostsTarget;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook repl [FILE|ID] [-i INVENTORY]}: steps through a runbook interactively against the
 * model of the cluster, or on the inventory's hosts over SSH as `run` does (docs/repl.md). The REPL
 * itself lives in dev.runbook.repl; this reads the arguments and hands it the command line's way of
 * finding runbooks, and for real hosts the transport, secrets and journal options `run` has.
 */
@Command(name = "repl", sortOptions = false,
        description = {
            "Step through a runbook interactively: one step at a time, breakpoints, the cluster's state, back, statements typed at the prompt.",
            "Simulated (nothing touches a host) unless -i names an inventory: then each step runs on its hosts over SSH, as run does,"
                + " with a journal run --resume continues. Type help at the prompt for the commands (docs/repl.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the session ended (quit, Ctrl-D, the end of input)",
            "1:check errors in the runbook, a simulation that fails before a run on real hosts (nothing was run);"
                + " or the last answer before the end of input was an error or a stopped run (for a script that pipes lines in)",
            "2:bad usage: a bad -p, --fault or --lib, an unreadable runbook; a bad inventory, journal or host, a host or journal in use by another run"})
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
            description = "Run on these hosts over SSH, as run does: simulated first, a journal, confirmations at the prompt (docs/repl.md, Real hosts).")
    Path inventory;

    @Mixin
    HostArgs host;

    @Option(names = "--history", paramLabel = "FILE", description = "Where the history of typed lines is kept (default ~/.runbook/repl_history).")
    Path history;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<Path> libDirs = Programs.libDirs(libs, err);
            Map<String, String> given = Programs.params(params, err);
            if (inventory == null && (host.yes || host.journalPath != null || host.knownHosts != null || host.acceptNewHostKeys || host.secrets != null)) {
                err.println("runbook: repl: --yes, --journal, --known-hosts, --accept-new-host-keys and --secrets are for real hosts: give -i INVENTORY");
                return Main.USAGE;
            }
            if (inventory != null && !faults.isEmpty()) {
                err.println("runbook: repl -i: --fault is for the simulation; real hosts fail on their own");
                err.println("  hint: rehearse the fault without -i: runbook repl " + (runbook == null ? "FILE" : runbook) + " --fault ...");
                return Main.USAGE;
            }
            Library library = new Library(libDirs);
            Loader loader = loader(libDirs, library);
            Inventory hosts = inventory == null ? null : HostArgs.inventory(inventory, err);
            // a simulation does not need the terminal to load the runbook: it opens meanwhile (a native
            // library unpacked, the tty asked)
            Future<Terminal> opening = hosts == null ? openInBackground() : null;
            ReplEngine engine = hosts == null ? new ReplEngine(loader, Target.simulation()) : null;
            Response first = engine == null || runbook == null ? null : engine.start(runbook, given, faults);
            try (Terminal terminal = opening != null ? opened(opening) : ReplTerminal.system();
                 Transport transport = hosts == null ? null : transport(hosts, err)) {
                if (hosts != null) {
                    engine = new ReplEngine(loader, hostsTarget(hosts, terminal, transport, err));
                    if (runbook != null) first = engine.start(runbook, given, faults);
                }
                Integer refused = first == null ? null : refused(first, err);
                if (refused != null) return refused;
                spec.commandLine().getOut().flush();
                // lines piped in are a script, not the operator's typing: they stay out of the history file
                Path historyFile = history != null ? history : ReplTerminal.typedAt(terminal) ? ReplTerminal.defaultHistory() : null;
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

    /** The exit code when the REPL cannot start with the runbook the command line named, or null when it can. */
    private Integer refused(Response first, PrintWriter err) {
        if (first instanceof Response.Rejected || first instanceof Response.Stopped && inventory != null) {
            // check errors, or a rehearsal that does not end well (said as run says it): nothing was run
            spec.commandLine().getOut().print((first instanceof Response.Stopped ? "runbook: " : "") + Response.render(first));
            spec.commandLine().getOut().flush();
            return Main.FINDINGS;
        }
        if (first instanceof Response.Error e) {
            err.println("runbook: " + e.message());
            if (e.hint() != null) err.println("  hint: " + e.hint());
            return Main.USAGE;
        }
        return null;
    }

    private Transport transport(Inventory hosts, PrintWriter err) throws Programs.Exit {
        try {
            return RunSetup.ssh(hosts, host.knownHosts, host.acceptNewHostKeys);
        } catch (IOException e) {
            err.println("runbook: cannot read the SSH configuration: " + e.getMessage());
            throw new Programs.Exit(Main.USAGE);
        }
    }

    /** Real hosts: the inventory's, as run reaches them; questions at the REPL's prompt; the live text on the terminal. */
    private Target hostsTarget(Inventory hosts, Terminal terminal, Transport transport, PrintWriter err) throws Programs.Exit {
        Duration timeout = host.commandTimeout(err);
        String name = inventory.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new HostsTarget(new HostsTarget.Setup(name, hosts, inventory, transport, host.secretSource(err),
                ReplTerminal.operator(terminal, host.yes), new RemoteBackend.Options(timeout, host.yes, false), host.journalPath,
                host.lockDir(), "runbook " + Main.Version.version(), terminal.writer(), ReplTerminal.typedAt(terminal)));
    }

    private static Future<Terminal> openInBackground() {
        FutureTask<Terminal> task = new FutureTask<>(ReplTerminal::system);
        Thread thread = new Thread(task, "terminal");
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static Terminal opened(Future<Terminal> opening) throws IOException {
        try {
            return opening.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the terminal");
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
