package dev.runbook.repl;

import dev.runbook.engine.Backend;
import dev.runbook.engine.Event;
import dev.runbook.engine.QueryReader;
import dev.runbook.engine.SecretSource;
import dev.runbook.exec.Operator;
import dev.runbook.exec.RemoteBackend;
import dev.runbook.exec.RemoteRun;
import dev.runbook.exec.Replay;
import dev.runbook.exec.RunSetup;
import dev.runbook.exec.Transport;
import dev.runbook.exec.inventory.Inventory;
import dev.runbook.exec.journal.Journal;
import dev.runbook.exec.journal.JournalListener;
import dev.runbook.render.RunText;
import dev.runbook.render.TraceText;
import dev.runbook.sim.InitialState;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The REPL on real hosts: each run goes over the backend of `run` ({@link RemoteRun#backend}), set
 * up as `run` sets it up ({@link RunSetup}): the rehearsal must end well, the journal is written as
 * `run` writes it (so that `run --resume` continues a session that stopped), destructive steps and
 * `confirm` lines ask the {@link Operator}. What happens is shown as it happens, in the lines of `run`.
 */
public final class HostsTarget implements Target {

    /**
     * How to reach the hosts and whom to ask. {@code journal}: the first run's journal (null: the
     * default name); {@code tool}: "runbook VERSION" for the header; {@code out}: where the live text
     * goes, {@code terminal} whether it is a terminal (a wait rewrites one line).
     */
    public record Setup(String name, Inventory inventory, Path inventoryPath, Transport transport, SecretSource secrets,
                        Operator operator, RemoteBackend.Options options, Path journal, Path lockDir, String tool,
                        PrintWriter out, boolean terminal) {}

    private final Setup setup;
    private Journal journal;
    private Loader.Loaded loaded;
    private RunText text;
    private boolean firstRun = true;
    /** The run's state, for what to say at the end: started (a step or statement ran), ended (the run finished). */
    private boolean started;
    private boolean ended;
    private String statementLabel;

    public HostsTarget(Setup setup) {
        this.setup = setup;
    }

    @Override
    public String name() {
        return setup.name();
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public Backend backend(Loader.Loaded loaded, Map<String, String> params, InitialState.Start start) throws RunSetup.Refusal {
        close();
        List<String> hosts = RunSetup.rehearse(loaded.result(), params, setup.inventory(), setup.inventoryPath());
        Path file = firstRun && setup.journal() != null ? setup.journal() : RunSetup.journalFile(loaded.result().file().declaredName());
        journal = RunSetup.openJournal(file, loaded.result(), loaded.display(), loaded.result().source().text(), params,
                setup.inventoryPath(), hosts, setup.tool(), setup.lockDir());
        firstRun = false;
        this.loaded = loaded;
        started = false;
        ended = false;
        text = new RunText(setup.out(), setup.terminal());
        RemoteRun.Setup run = new RemoteRun.Setup(setup.transport(), setup.secrets(), setup.operator(), QueryReader::read,
                RemoteBackend.Listener.both(new JournalListener(journal), text), setup.options(), Replay.none());
        return RemoteRun.backend(loaded.result(), start, run);
    }

    @Override
    public ModelState model(Backend backend) {
        return ((RemoteBackend) backend).predicted();
    }

    @Override
    public void event(Event e) {
        if (journal == null) return;
        journal.event(e);
        if (e instanceof Event.StepStarted) started = true;
        if (e instanceof Event.RunFinished) ended = true;
        // a statement is no step of the runbook: its own start and end are not shown as one, nor its engine's start
        boolean statementBounds = statementLabel != null && (e instanceof Event.RunStarted
                || e instanceof Event.StepStarted s && s.label().equals(statementLabel) || e instanceof Event.StepFinished f && f.label().equals(statementLabel));
        if (!statementBounds) text.event(e);
        setup.out().flush();
    }

    @Override
    public boolean showsLive() {
        return true;
    }

    @Override
    public void statement(String input, String label) {
        if (journal == null) return;
        if (input != null) {
            journal.typed(true);
            journal.entry("statement", Map.of("input", input));
            statementLabel = label;
            started = true;
        } else {
            journal.typed(false);
            statementLabel = null;
        }
    }

    @Override
    public String probe(Backend backend, List<Value.Ref> of) {
        RemoteBackend hosts = (RemoteBackend) backend;
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("query", "of", "host says", "model says", ""));
        List<String> unasked = new ArrayList<>();
        int differ = 0;
        int unanswered = 0;
        for (Value.Ref ref : of) {
            // the answers are the table below; the journal keeps every query and line
            text.quiet(true);
            List<RemoteBackend.Probed> probed;
            try {
                probed = hosts.probe(ref);
            } finally {
                text.quiet(false);
            }
            if (probed.isEmpty()) unasked.add(ref.id());
            for (RemoteBackend.Probed p : probed) {
                if (p.error() != null) unanswered++;
                else if (!p.agrees()) differ++;
                rows.add(List.of(p.query(), ref.id(), p.error() == null ? p.answer() : "no answer", p.predicted(),
                        p.agrees() ? "" : p.error() == null ? "<- differs" : "<- " + p.error()));
            }
        }
        StringBuilder out = new StringBuilder();
        if (rows.size() > 1) {
            out.append("asked of the hosts now (the stdlib's state queries), beside the model's prediction:\n");
            TraceText.StateTable.table(out, rows, "  ");
            out.append(differ == 0 ? "  every answer is as the model predicts" + (unanswered == 0 ? "" : " (" + unanswered + " without an answer)") + "\n"
                    : "  " + differ + (differ == 1 ? " answer differs" : " answers differ") + " from the model's prediction: the hosts are not where the runbook assumes\n");
        }
        if (!unasked.isEmpty()) {
            out.append("predicted only (no query can ask, or the model says it is gone or down): ").append(String.join(", ", unasked)).append('\n');
        }
        setup.out().flush();
        return out.toString();
    }

    @Override
    public String opened() {
        return journal == null ? "" : "journal: " + journal.path() + "\n";
    }

    @Override
    public String close() {
        if (journal == null) return "";
        Path path = journal.path();
        journal.close();
        journal = null;
        if (!started) return "";
        if (ended) return "journal: " + path + "\n";
        return "journal: " + path + "; continue with: runbook run " + loaded.argument() + " -i " + setup.inventoryPath()
                + " --resume " + path + "\n";
    }
}
