package dev.runbook.exec;

import java.time.Duration;

/**
 * How a run reaches its hosts: SSH for real hosts ({@code exec.ssh}). One connection per host,
 * opened on first use and reused for every command of the run; {@link #close()} ends them all.
 * The line is joined for the remote POSIX shell by {@code ShellQuote} and carries revealed
 * secrets, so an implementation never logs, prints or keeps it.
 */
public interface Transport extends AutoCloseable {

    /**
     * Runs one command line on a host and waits for it to end, streaming its output line by line.
     *
     * @param host the host as the runbook names it (the inventory says how to reach it)
     * @param line the command line for the remote shell, secrets revealed
     * @param timeout how long the command may run; at the timeout it is ended and
     *                {@link TransportException.Kind#TIMEOUT} thrown
     */
    Result execute(String host, String line, Duration timeout, OutputSink output) throws TransportException;

    /** Closes every connection; never throws. */
    @Override
    void close();

    enum Stream { STDOUT, STDERR }

    /** Receives the command's output as it comes, one line at a time, without its line break. */
    @FunctionalInterface
    interface OutputSink {
        void line(Stream stream, String text);

        OutputSink IGNORE = (stream, text) -> {};
    }

    /** How the command ended on its host. */
    record Result(int exitStatus, Duration elapsed) {
        public boolean succeeded() {
            return exitStatus == 0;
        }
    }
}
