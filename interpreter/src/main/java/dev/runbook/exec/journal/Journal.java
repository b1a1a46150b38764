package dev.runbook.exec.journal;

import dev.runbook.engine.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal of a real run: one JSON object a line (schema {@value #SCHEMA}, docs/running.md), the
 * first a header, then every event and every run-only entry, each appended and forced to disk
 * before the run goes on. While a run holds it, a lock beside it ({@code JOURNAL.lock}) and one per
 * host (in the lock directory) keep a second run from driving the same journal or the same hosts.
 * Every text in it is masked: the runner hands it masked commands and output only.
 */
public final class Journal implements AutoCloseable {

    public static final String SCHEMA = "runbook.journal/v1";

    /** The journal or a host is held by another run, or the file cannot be written: the message says which and what to do. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final List<Held> locks = new ArrayList<>();
    private long seq;
    private boolean closed;
    /** Whether the entries now written come from a statement typed at the REPL's prompt, not from the runbook. */
    private boolean typed;
    private Thread onExit;

    private record Held(FileChannel channel, FileLock lock, Path file) {}

    private Journal(Path path, FileChannel channel, long seq) {
        this.path = path;
        this.channel = channel;
        this.seq = seq;
    }

    public Path path() {
        return path;
    }

    /**
     * Opens a journal to append to, taking its lock and one per host: a new file gets {@code header}
     * as its first line; an existing one (a resumed run) gets a {@code resumed} entry with it.
     */
    public static Journal open(Path path, Map<String, Object> header, List<String> hosts, Path lockDir) throws Refused {
        Journal j;
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            boolean fresh = !Files.exists(path) || Files.size(path) == 0;
            long lines = fresh ? 0 : Files.readAllLines(path, StandardCharsets.UTF_8).size();
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            j = new Journal(path, channel, lines);
            j.lock(Path.of(path + ".lock"), "the journal " + path);
            Files.createDirectories(lockDir);
            for (String host : hosts) j.lock(lockDir.resolve(safe(host) + ".lock"), "host " + host);
            Map<String, Object> first = new LinkedHashMap<>();
            if (fresh) {
                first.put("schema", SCHEMA);
                first.put("type", "header");
            } else {
                j.endTornLine();
                first.put("type", "resumed");
            }
            first.put("at", Instant.now().toString());
            first.put("pid", ProcessHandle.current().pid());
            first.putAll(header);
            j.write(first);
        } catch (IOException e) {
            throw new Refused(path + ": cannot write the journal (" + e.getMessage() + "): give a writable path with --journal");
        }
        return j;
    }

    /** Host names become lock file names: anything but letters, digits, dot, dash and underscore is replaced. */
    private static String safe(String host) {
        return host.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private void lock(Path file, String what) throws Refused, IOException {
        FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = c.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            c.close();
            close();
            throw new Refused(what + " is in use by another run (" + (holder.isEmpty() ? "lock " + file : holder)
                    + "): wait for it to end, or stop it; two runs must never drive the same journal or hosts");
        }
        c.truncate(0);
        c.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", journal " + path.toAbsolutePath()).getBytes(StandardCharsets.UTF_8)), 0);
        c.force(false);
        locks.add(new Held(c, lock, file));
    }

    /** A line a killed run left without its end would run into the next entry: end it first (the reader reports it). */
    private void endTornLine() throws IOException {
        long size = channel.size();
        if (size == 0) return;
        ByteBuffer last = ByteBuffer.allocate(1);
        try (FileChannel read = FileChannel.open(path, StandardOpenOption.READ)) {
            read.read(last, size - 1);
        }
        if (last.get(0) != '\n') {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            seq++;
        }
    }

    /**
     * Marks the entries that follow ({@code "typed": true}) as the work of a statement typed at the
     * REPL's prompt, until called with false: a resumed run replays only what the runbook did.
     */
    public synchronized void typed(boolean on) {
        typed = on;
    }

    /** Ctrl-C or SIGTERM ends the process: the journal says so first, then is closed and its locks released. */
    public synchronized void closeOnExit() {
        if (onExit != null) return;
        onExit = new Thread(() -> {
            entry("interrupted", Map.of("why", "the process was asked to stop (Ctrl-C or SIGTERM)"));
            close();
        }, "journal-on-exit");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /** An engine event. */
    public synchronized void event(Event e) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "event");
        entry.put("event", EventJson.encode(e));
        write(entry);
    }

    /** A run-only entry: {@code type} and its fields (docs/running.md lists them). */
    public synchronized void entry(String type, Map<String, Object> fields) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", type);
        entry.putAll(fields);
        write(entry);
    }

    private void write(Map<String, Object> entry) {
        if (closed) return;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("seq", ++seq);
        line.put("at", entry.containsKey("at") ? entry.remove("at") : Instant.now().toString());
        line.putAll(entry);
        if (typed) line.put("typed", true);
        byte[] bytes = (JsonLine.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        } catch (IOException e) {
            throw new IllegalStateException(path + ": the journal cannot be written (" + e.getMessage() + "): the run stops", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (onExit != null && Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it finds the journal closed
            }
        }
        for (Held h : locks) {
            try {
                h.lock().release();
                h.channel().close();
                Files.deleteIfExists(h.file());
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // every entry was forced to disk as it was written
        }
    }
}
