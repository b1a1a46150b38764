package dev.runbook.exec.journal;

import dev.runbook.exec.Operator;
import dev.runbook.exec.RemoteBackend;
import dev.runbook.exec.Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes what the run backend reports beside the engine's events into the journal, as run-only entries. */
public final class JournalListener implements RemoteBackend.Listener {
    private final Journal journal;

    public JournalListener(Journal journal) {
        this.journal = journal;
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) out.put((String) pairs[i], pairs[i + 1]);
        return out;
    }

    @Override
    public void commandStarted(String host, String maskedCommand, boolean query) {
        journal.entry("commandStarted", fields("host", host, "command", maskedCommand, "query", query));
    }

    @Override
    public void output(String host, Transport.Stream stream, String maskedLine) {
        journal.entry("output", fields("host", host, "stream", stream == Transport.Stream.STDOUT ? "stdout" : "stderr", "line", maskedLine));
    }

    @Override
    public void commandEnded(String host, String maskedCommand, boolean query, int exitStatus, Duration elapsed) {
        journal.entry("commandEnded", fields("host", host, "command", maskedCommand, "query", query, "exit", (long) exitStatus,
                "millis", elapsed.toMillis()));
    }

    @Override
    public void outcomeUnknown(String host, String maskedCommand, String why) {
        journal.entry("outcomeUnknown", fields("host", host, "command", maskedCommand, "why", why));
    }

    @Override
    public void resolved(String host, String maskedCommand, String verdict) {
        journal.entry("resolved", fields("host", host, "command", maskedCommand, "verdict", verdict));
    }

    @Override
    public void answered(String question, Operator.Answer answer) {
        journal.entry("answered", fields("question", question, "yes", answer.yes(), "how", answer.how(), "user", osUser()));
    }

    @Override
    public void manualDone(String instruction, Operator.Answer answer) {
        journal.entry("manual", fields("instruction", instruction, "done", answer.yes(), "how", answer.how(), "user", osUser()));
    }

    @Override
    public void stepAnswered(String label, Operator.Answer answer) {
        journal.entry("stepAnswered", fields("step", label, "yes", answer.yes(), "how", answer.how(), "user", osUser()));
    }

    static String osUser() {
        return System.getProperty("user.name");
    }
}
