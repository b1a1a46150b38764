package dev.runbook.exec.journal;

import dev.runbook.engine.Event;
import dev.runbook.exec.Replay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a journal back for `run --resume`: its header, its entries, and what a resumed run must
 * not do again. A line cut short by a killed run (the last line, or the line before a resumed
 * run's first) is reported and skipped; a bad line anywhere else is an error with its place.
 */
public final class JournalReader {

    /** A journal that cannot be resumed: the message names the file and the line. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    /**
     * {@code header}: the first line; {@code entries}: every other good line; {@code notes}: the
     * lines skipped and why; {@code lastStep}: the label of the last step started and not finished
     * (null when none).
     */
    public record Read(Path path, Map<String, Object> header, List<Map<String, Object>> entries, List<String> notes,
                       Set<String> finishedSteps, String lastStep) {

        /** What was done, in order, for the resumed run to replay; and the command whose outcome is unknown. */
        public Replay replay() {
            List<Replay.Action> done = new ArrayList<>();
            Replay.Action pending = null;
            for (Map<String, Object> e : entries) {
                // a statement typed at the REPL's prompt is not the runbook's: the resumed run does not meet it
                if (Boolean.TRUE.equals(e.get("typed"))) continue;
                String type = String.valueOf(e.get("type"));
                boolean query = Boolean.TRUE.equals(e.get("query"));
                switch (type) {
                    case "commandStarted" -> {
                        if (!query) pending = command(e);
                    }
                    case "commandEnded" -> {
                        if (query) continue;
                        if (e.get("exit") instanceof Long exit && exit == 0) done.add(command(e));
                        pending = null;
                    }
                    case "resolved" -> {
                        if (String.valueOf(e.get("verdict")).startsWith("done")) {
                            done.add(command(e));
                            pending = null;
                        }
                    }
                    case "answered" -> {
                        if (Boolean.TRUE.equals(e.get("yes"))) done.add(new Replay.Action(Replay.Kind.CONFIRM, "", String.valueOf(e.get("question"))));
                    }
                    case "manual" -> {
                        if (Boolean.TRUE.equals(e.get("done"))) done.add(new Replay.Action(Replay.Kind.MANUAL, "", String.valueOf(e.get("instruction"))));
                    }
                    default -> { }
                }
            }
            return new Replay(done, pending);
        }

        private static Replay.Action command(Map<String, Object> e) {
            return new Replay.Action(Replay.Kind.COMMAND, String.valueOf(e.get("host")), String.valueOf(e.get("command")));
        }
    }

    private JournalReader() {}

    public static Read read(Path path) throws Unreadable {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Unreadable(path + ": cannot read the journal (" + e.getClass().getSimpleName() + "): give the journal of the run to resume");
        }
        Map<String, Object> header = null;
        List<Map<String, Object>> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            Map<String, Object> entry = parse(line);
            if (entry == null && header == null) {
                throw new Unreadable(path + ":" + (i + 1) + ": not a runbook journal (its first line is no " + Journal.SCHEMA
                        + " header): give the journal a run wrote (--journal, or the path it printed)");
            }
            if (entry == null) {
                boolean last = i == lines.size() - 1;
                boolean beforeResume = i + 1 < lines.size() && "resumed".equals(typeOf(lines.get(i + 1)));
                if (!last && !beforeResume) {
                    throw new Unreadable(path + ":" + (i + 1) + ": this line is not a journal entry (" + excerpt(line)
                            + "): the journal was changed by hand or damaged; it cannot be resumed safely");
                }
                notes.add(path + ":" + (i + 1) + ": a line cut short when the run was killed while writing it was skipped ("
                        + excerpt(line) + ")");
                continue;
            }
            if (header == null) {
                if (!"header".equals(entry.get("type")) || !Journal.SCHEMA.equals(entry.get("schema"))) {
                    throw new Unreadable(path + ":" + (i + 1) + ": not a runbook journal (its first line is no " + Journal.SCHEMA + " header)");
                }
                header = entry;
                continue;
            }
            entries.add(entry);
        }
        if (header == null) throw new Unreadable(path + ": the journal is empty: there is no run to resume");
        Set<String> finished = new LinkedHashSet<>();
        String lastStep = null;
        for (Map<String, Object> e : entries) {
            if (!"event".equals(e.get("type")) || !(e.get("event") instanceof Map<?, ?>) || Boolean.TRUE.equals(e.get("typed"))) continue;
            @SuppressWarnings("unchecked")
            Event event = EventJson.decode((Map<String, Object>) e.get("event"));
            if (event instanceof Event.StepStarted s) lastStep = s.label();
            if (event instanceof Event.StepFinished f) {
                finished.add(f.label());
                if (f.label().equals(lastStep)) lastStep = null;
            }
        }
        return new Read(path, header, entries, notes, finished, lastStep);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        try {
            return JsonLine.parse(line) instanceof Map<?, ?> m && m.containsKey("type") ? (Map<String, Object>) m : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String typeOf(String line) {
        Map<String, Object> m = parse(line);
        return m == null ? null : String.valueOf(m.get("type"));
    }

    private static String excerpt(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }
}
