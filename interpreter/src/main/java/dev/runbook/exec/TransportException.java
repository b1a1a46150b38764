package dev.runbook.exec;

/**
 * A host could not be reached, refused us, or dropped the connection. The message names the host
 * and says what to do; {@link #commandMayHaveRun()} tells whether the command had been sent, so
 * that its outcome is unknown and it must not be re-run blindly.
 */
public final class TransportException extends Exception {

    public enum Kind {
        /** The host's key is in no known_hosts file and new keys are not accepted. */
        UNKNOWN_HOST_KEY,
        /** The host's key differs from the one known for it. */
        CHANGED_HOST_KEY,
        /** Every configured key, agent identity or user was refused. */
        AUTH_FAILED,
        /** No connection could be made (no address, refused, no route, connect timeout). */
        UNREACHABLE,
        /** The connection ended while a command ran. */
        DROPPED,
        /** The command ran longer than its timeout and was ended. */
        TIMEOUT,
        /** The runbook names a host the inventory does not have. */
        NOT_IN_INVENTORY
    }

    private final String host;
    private final Kind kind;
    private final boolean commandMayHaveRun;

    public TransportException(String host, Kind kind, boolean commandMayHaveRun, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
        this.kind = kind;
        this.commandMayHaveRun = commandMayHaveRun;
    }

    public String host() {
        return host;
    }

    public Kind kind() {
        return kind;
    }

    public boolean commandMayHaveRun() {
        return commandMayHaveRun;
    }
}
