package dev.runbook.cli;

import dev.runbook.engine.Event;
import dev.runbook.engine.SecretSource;
import dev.runbook.exec.Fleet;
import dev.runbook.exec.Operator;
import dev.runbook.exec.RemoteBackend;
import dev.runbook.exec.RemoteRun;
import dev.runbook.exec.Replay;
import dev.runbook.exec.RunSetup;
import dev.runbook.exec.Transport;
import dev.runbook.exec.inventory.Inventory;
import dev.runbook.exec.journal.Journal;
import dev.runbook.exec.journal.JournalListener;
import dev.runbook.exec.journal.JournalReader;
import dev.runbook.render.RunText;
import dev.runbook.render.TraceText;
import dev.runbook.sim.InitialState;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code runbook run FILE|ID -i INVENTORY}: runs a runbook on real hosts over SSH, the commands
 * that {@code plan} prints, after the same simulation says it ends well; every event goes to a
 * journal, from which {@code --resume} continues without doing anything twice (docs/running.md).
 */
@Command(name = "run", sortOptions = false,
        description = {
            "Run a runbook on real hosts over SSH: the commands `plan` prints, in order, with a journal.",
            "It is simulated first and runs only if the simulation ends well. Destructive steps and confirm lines ask first;"
                + " manual steps wait for the operator."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step ran and every check held",
            "1:check errors, a simulation that fails (nothing was run), or a run that stopped (the journal says where; --resume continues)",
            "2:bad usage: a bad -p, inventory, journal or host; a host or journal in use by another run"})
final class RunCommand implements Callable<Integer> {

    @Mixin
    RunbookArgs args;

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", required = true,
            description = "The hosts: a runbook inventory, or an Ansible INI or YAML inventory (docs/running.md).")
    Path inventory;

    @Option(names = "--step", description = "Ask before each step: yes runs it, no stops the run there (--resume continues).")
    boolean step;

    @Mixin
    HostArgs host;

    @Option(names = "--resume", paramLabel = "JOURNAL",
            description = "Continue the run this journal records: what it completed is not done again, a command of unknown outcome is probed first.")
    Path resume;

    @Option(names = "--verify", description = "After every step, ask the hosts it acted on every state query and stop at the first answer the simulation did not predict.")
    boolean verify;

    @Option(names = "--fleet", paramLabel = "GROUP",
            description = "Run over every child group of this inventory group, one pair each, in parallel; its variables param_NAME=VALUE give each pair's parameters.")
    String fleet;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "With --fleet: at most N pairs at a time (default 4).")
    int concurrency;

    @Option(names = "--max-failures", paramLabel = "N", defaultValue = "1",
            description = "With --fleet: once N pairs have failed, no new pair starts; those running finish (default 1).")
    int maxFailures;

    @Option(names = "--journal-dir", paramLabel = "DIR", description = "With --fleet: where each pair's journal and log go (default: journals).")
    Path journalDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Programs.RecordingErr err = Programs.RecordingErr.of(spec.commandLine().getErr());
        try {
            return run(out, err);
        } catch (Programs.Exit e) {
            out.flush();
            err.flush();
            return e.code;
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws Programs.Exit {
        List<Path> libDirs = Programs.libDirs(args.libs, err);
        Map<String, String> params = new LinkedHashMap<>(Programs.params(args.params, err));
        Duration commandTimeout = host.commandTimeout(err);
        Programs.Loaded loaded = Programs.load(args.runbook, libDirs, err);
        if (loaded.result().hasErrors()) {
            Programs.printDiagnostics(loaded.result(), out, "nothing was run");
            return Main.FINDINGS;
        }
        Inventory hosts = HostArgs.inventory(inventory, err);
        SecretSource secretSource = host.secretSource(err);
        String stamp = RunSetup.stamp();
        String id = loaded.result().file().declaredName();
        Console console = System.console();
        BufferedReader answers = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream prompts = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        if (fleet != null) return runFleet(loaded, params, hosts, secretSource, stamp, answers, prompts, console, commandTimeout, out, err);

        JournalReader.Read previous = resume == null ? null : readJournal(err, RunSetup.sha256(loaded.source().text()), params);
        Path journalFile = resume != null ? resume : host.journalPath != null ? host.journalPath : RunSetup.journalFile(id);
        Operator operator = Operator.lines(answers, prompts, console != null, host.yes);
        Pair pair = new Pair(loaded, params, hosts, secretSource, operator, commandTimeout, journalFile, previous);
        try {
            Fleet.Ending ending = pair.run(out);
            if (!ending.ok()) {
                out.println("journal: " + journalFile + "; continue with: runbook run " + args.runbook + " -i " + inventory
                        + " --resume " + journalFile);
            }
            out.flush();
            return ending.ok() ? Main.OK : Main.FINDINGS;
        } catch (RunSetup.NotWell r) {
            out.println(RunText.notRun(loaded.display(), args.runbook, r.result()));
            out.flush();
            return Main.FINDINGS;
        } catch (RunSetup.Refusal r) {
            err.println("runbook: " + r.getMessage());
            throw new Programs.Exit(Main.USAGE);
        }
    }

    /**
     * {@code --fleet GROUP}: every child group of GROUP is one pair, its variables named {@code param_NAME}
     * the runbook's parameters (under the -p given); the pairs run in parallel, each with its own
     * journal and log, and the end is a summary table.
     */
    private int runFleet(Programs.Loaded loaded, Map<String, String> given, Inventory hosts, SecretSource secretSource, String stamp,
                         BufferedReader answers, PrintStream prompts, Console console, Duration commandTimeout,
                         PrintWriter out, PrintWriter err) throws Programs.Exit {
        if (concurrency < 1 || maxFailures < 1) {
            err.println("runbook: --concurrency and --max-failures are at least 1");
            throw new Programs.Exit(Main.USAGE);
        }
        if (resume != null || host.journalPath != null) {
            err.println("runbook: --fleet writes one journal per pair (in --journal-dir); resume a pair on its own with -p and --resume");
            throw new Programs.Exit(Main.USAGE);
        }
        Inventory.Group group = hosts.group(fleet).orElse(null);
        if (group == null || group.children().isEmpty()) {
            err.println("runbook: " + inventory + " has no group " + fleet + " with child groups: a fleet runs over the child groups of a group, one pair each");
            throw new Programs.Exit(Main.USAGE);
        }
        Path dir = journalDir != null ? journalDir : Path.of("journals");
        List<Fleet.Member> members = new ArrayList<>();
        Object promptLock = new Object();
        for (String child : group.children()) {
            Map<String, String> params = new LinkedHashMap<>();
            for (Map.Entry<String, String> v : hosts.group(child).orElseThrow().vars().entrySet()) {
                if (v.getKey().startsWith("param_")) params.put(v.getKey().substring("param_".length()), v.getValue());
            }
            params.putAll(given);
            Path journalFile = dir.resolve(loaded.result().file().declaredName() + "-" + child + "-" + stamp + ".jsonl");
            Operator shared = Operator.lines(answers, prompts, console != null, host.yes);
            // one operator for every pair: a question at a time, each saying which pair asks
            Operator operator = new Operator() {
                @Override
                public Answer confirm(String question) {
                    synchronized (promptLock) {
                        return shared.confirm("[" + child + "] " + question);
                    }
                }

                @Override
                public Answer manual(String instruction) {
                    synchronized (promptLock) {
                        return shared.manual("[" + child + "] " + instruction);
                    }
                }
            };
            Pair pair = new Pair(loaded, params, hosts, secretSource, operator, commandTimeout, journalFile, null);
            members.add(new Fleet.Member(child, () -> {
                Path log = Path.of(journalFile.toString().replaceAll("\\.jsonl$", ".log"));
                try (PrintWriter text = new PrintWriter(java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                    return pair.run(text);
                } catch (RunSetup.NotWell r) {
                    return new Fleet.Ending(false, "", RunText.notRun(loaded.display(), args.runbook, r.result()).replaceFirst("^runbook: ", ""));
                } catch (RunSetup.Refusal r) {
                    return new Fleet.Ending(false, "", r.getMessage());
                } catch (IOException e) {
                    return new Fleet.Ending(false, "", "cannot write " + log + ": " + e.getMessage());
                }
            }));
        }
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            err.println("runbook: cannot create " + dir + ": " + e.getMessage());
            throw new Programs.Exit(Main.USAGE);
        }
        out.println("fleet " + fleet + ": " + members.size() + " pairs, at most " + concurrency + " at a time, no new pair after "
                + maxFailures + " failed; journals and logs in " + dir);
        out.flush();
        List<Fleet.Row> rows = Fleet.run(members, concurrency, maxFailures);
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("pair", "last step", "outcome", "duration"));
        for (Fleet.Row r : rows) table.add(List.of(r.member(), r.lastStep().isEmpty() ? "-" : r.lastStep(), r.outcome(),
                r.started() ? TraceText.duration(r.duration().toMillis()) : "-"));
        StringBuilder shown = new StringBuilder();
        TraceText.StateTable.table(shown, table, "");
        out.print(shown);
        out.flush();
        return rows.stream().allMatch(Fleet.Row::ok) ? Main.OK : Main.FINDINGS;
    }

    /** One runbook on one set of hosts: the rehearsal, the hosts' check, the journal, the run. */
    private final class Pair {
        final Programs.Loaded loaded;
        final Map<String, String> params;
        final Inventory hosts;
        final SecretSource secretSource;
        final Operator operator;
        final Duration commandTimeout;
        final Path journalFile;
        final JournalReader.Read previous;

        Pair(Programs.Loaded loaded, Map<String, String> params, Inventory hosts, SecretSource secretSource, Operator operator,
             Duration commandTimeout, Path journalFile, JournalReader.Read previous) {
            this.loaded = loaded;
            this.params = params;
            this.hosts = hosts;
            this.secretSource = secretSource;
            this.operator = operator;
            this.commandTimeout = commandTimeout;
            this.journalFile = journalFile;
            this.previous = previous;
        }

        Fleet.Ending run(PrintWriter out) throws RunSetup.Refusal {
            List<String> used = RunSetup.rehearse(loaded.result(), params, hosts, inventory);
            Journal journal = RunSetup.openJournal(journalFile, loaded.result(), loaded.display(), loaded.source().text(), params, inventory,
                    used, "runbook " + Main.Version.version(), host.lockDir());
            RunText text = new RunText(out, System.console() != null && out == spec.commandLine().getOut());
            RemoteBackend.Listener both = RemoteBackend.Listener.both(new JournalListener(journal), text);
            out.println("journal: " + journalFile);
            if (previous != null) {
                for (String note : previous.notes()) out.println("note: " + note);
                out.println("resuming " + journalFile + (previous.lastStep() == null ? "" : " at step " + previous.lastStep())
                        + ": what it completed is replayed on the model, not done again");
            }
            String[] lastStep = {""};
            try (Transport transport = RunSetup.ssh(hosts, host.knownHosts, host.acceptNewHostKeys)) {
                RemoteRun.Setup setup = new RemoteRun.Setup(transport, secretSource, operator, dev.runbook.engine.QueryReader::read, both,
                        new RemoteBackend.Options(commandTimeout, host.yes, verify), previous == null ? Replay.none() : previous.replay(), step);
                RemoteRun.Result result = RemoteRun.run(loaded.result(), params, null, setup, e -> {
                    journal.event(e);
                    text.event(e);
                    if (e instanceof Event.StepStarted st) lastStep[0] = st.label();
                });
                Event failure = result.events().stream().filter(TraceText::isFailure).reduce((a, b) -> b).orElse(null);
                if (result.heldBefore() != null) {
                    out.println("stopped before step " + result.heldBefore() + ": the operator said no");
                    return new Fleet.Ending(false, lastStep[0], "held before step " + result.heldBefore());
                }
                return new Fleet.Ending(result.ok(), lastStep[0], result.ok() ? "ok" : failure == null ? "stopped" : TraceText.failureLine(failure));
            } catch (IOException e) {
                throw new RunSetup.Refusal("cannot read the SSH configuration: " + e.getMessage());
            } catch (InitialState.Problem p) {
                throw new RunSetup.Refusal(p.getMessage());
            } finally {
                out.flush();
                journal.close();
            }
        }
    }

    private JournalReader.Read readJournal(PrintWriter err, String hash, Map<String, String> params) throws Programs.Exit {
        JournalReader.Read read;
        try {
            read = JournalReader.read(resume);
        } catch (JournalReader.Unreadable u) {
            err.println("runbook: " + u.getMessage());
            throw new Programs.Exit(Main.USAGE);
        }
        if (!hash.equals(read.header().get("sha256"))) {
            err.println("runbook: " + resume + " is the journal of another runbook, or of this one before it changed (" + read.header().get("file")
                    + "): a resumed run must do what the journal's run did; start a new run instead");
            throw new Programs.Exit(Main.USAGE);
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        if (read.header().get("params") instanceof Map<?, ?> m) for (Map.Entry<?, ?> e : m.entrySet()) recorded.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        if (params.isEmpty()) {
            params.putAll(recorded);
        } else if (!params.equals(recorded)) {
            err.println("runbook: the journal's run had the parameters " + recorded + ", not " + params
                    + ": resume with the same ones (or none: the journal's are used)");
            throw new Programs.Exit(Main.USAGE);
        }
        return read;
    }

}
