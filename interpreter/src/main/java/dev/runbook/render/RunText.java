package dev.runbook.render;

import dev.runbook.engine.Event;
import dev.runbook.exec.Operator;
import dev.runbook.exec.RemoteBackend;
import dev.runbook.exec.Transport;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The live text of a real run, printed as it happens: the same lines as a simulation's trace
 * (steps, commands, state changes the model predicts, waits, the operator's actions, why it
 * stopped), with each command's output and exit status beneath it. Everything here is masked.
 * `run` prints it, and so does the REPL on real hosts.
 */
public final class RunText implements RemoteBackend.Listener {

    private final PrintWriter out;
    /** On a terminal a wait is one line rewritten in place; elsewhere it shows as its queries. */
    private final boolean terminal;
    private int depth;
    private boolean waiting;
    /** Whether what the hosts say is kept off the screen for now (the REPL's `state` shows the answers as a table instead). */
    private boolean quiet;

    public RunText(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Why a run did not start: its rehearsal ({@code result}) did not end well; {@code argument}: the FILE|ID given, for the hint. */
    public static String notRun(String display, String argument, dev.runbook.exec.Simulation.Result result) {
        Event failure = result.events().stream().filter(TraceText::isFailure).findFirst().orElse(null);
        return "runbook: the simulation of " + display + " does not end well, so nothing was run"
                + (failure == null ? "" : ": " + TraceText.failureLine(failure))
                + "\n  `runbook simulate " + argument + "` with the same parameters shows why";
    }

    /** Keeps the commands, output and answers the listener reports off the screen while {@code on} (the journal still has them). */
    public void quiet(boolean on) {
        quiet = on;
    }

    private String pad() {
        return "  ".repeat(Math.max(1, depth));
    }

    public void event(Event e) {
        if (e instanceof Event.RunStarted r) {
            out.println(r.runbook() + (r.title().isEmpty() ? "" : "  " + r.title()));
            if (!r.params().isEmpty()) out.println("params: " + TraceText.params(r.params()));
        } else if (e instanceof Event.StepStarted s) {
            if (depth == 0) out.println();
            out.println("  ".repeat(depth) + TraceText.stepHeader(s));
            depth++;
        } else if (e instanceof Event.StepFinished f) {
            depth = Math.max(0, depth - 1);
            out.println("  ".repeat(depth + 1) + "step " + f.label() + " done in " + TraceText.duration(f.millis()));
        } else if (e instanceof Event.CommandIssued c) {
            out.println(pad() + TraceText.command(c));
        } else if (e instanceof Event.StateChanged c) {
            out.println(pad() + "model: " + c.path() + ": " + c.before() + " -> " + c.after());
        } else if (e instanceof Event.Waited w) {
            if (waiting && terminal) out.print("\r\033[K");
            waiting = false;
            out.println(pad() + "waited " + TraceText.duration(w.millis()) + " for " + w.condition() + (w.satisfied() ? "" : ": still false"));
        } else if (e instanceof Event.Unverified) {
            out.println(pad() + "unverified: the model cannot follow this command; the state after it is not known");
        } else if (e instanceof Event.RunFinished f) {
            out.println();
            out.println(f.ok() ? "run ended well in " + TraceText.duration(f.totalMillis()) : "run stopped after " + TraceText.duration(f.totalMillis()));
        } else if (TraceText.isFailure(e)) {
            StringBuilder block = new StringBuilder("\n");
            TraceText.failure(block, e, null, null);
            out.print(block);
        }
        out.flush();
    }

    @Override
    public void commandStarted(String host, String maskedCommand, boolean query) {
        if (quiet) return;
        // an action's line was printed from its event; a query (a wait, a probe, --verify) has none
        if (query && !(waiting && terminal)) out.println(pad() + "query: " + host + "$ " + maskedCommand);
        out.flush();
    }

    @Override
    public void output(String host, Transport.Stream stream, String maskedLine) {
        if (quiet) return;
        if (waiting && terminal) return; // the live line says it; the journal keeps every line
        out.println(pad() + "  " + (stream == Transport.Stream.STDERR ? "! " : "| ") + maskedLine);
        out.flush();
    }

    @Override
    public void commandEnded(String host, String maskedCommand, boolean query, int exitStatus, Duration elapsed) {
        if (quiet) return;
        if (exitStatus != 0) out.println(pad() + "  exit status " + exitStatus);
        out.flush();
    }

    @Override
    public void polling(String condition, long waitedMillis, long timeoutMillis, String lastAnswer) {
        waiting = true;
        String line = pad() + "waiting " + TraceText.duration(waitedMillis) + " of " + TraceText.duration(timeoutMillis) + " for " + condition
                + (lastAnswer == null ? "" : " (last: " + lastAnswer + ")");
        if (terminal) out.print("\r\033[K" + line);
        else out.println(line);
        out.flush();
    }

    @Override
    public void outcomeUnknown(String host, String maskedCommand, String why) {
        out.println(pad() + "  outcome unknown: " + why);
        out.flush();
    }

    @Override
    public void resolved(String host, String maskedCommand, String verdict) {
        out.println(pad() + "resume: `" + maskedCommand + "` on " + host + ": " + verdict);
        out.flush();
    }

    @Override
    public void answered(String question, Operator.Answer answer) {
        out.println(pad() + "operator " + (answer.yes() ? "agreed" : "did not agree") + " (" + answer.how() + "): " + question);
        out.flush();
    }

    @Override
    public void manualDone(String instruction, Operator.Answer answer) {
        out.println(pad() + "operator " + (answer.yes() ? "done" : "did not finish") + " (" + answer.how() + "): " + instruction);
        out.flush();
    }
}
