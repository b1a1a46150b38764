package dev.runbook.exec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What an earlier run of the same runbook did, from its journal, for `run --resume`: the actions
 * that completed, in order, and the command whose outcome is unknown (sent, then the connection or
 * the process ended before its exit status came), if any. The resumed run goes through the runbook
 * from the start; each action that matches the next completed one is not done again, only
 * predicted, so that nothing completed runs twice, down to one command inside a step.
 */
public final class Replay {

    public enum Kind { COMMAND, CONFIRM, MANUAL }

    /** {@code text}: the masked command line, the question or the instruction. */
    public record Action(Kind kind, String host, String text) {
        String describe() {
            return switch (kind) {
                case COMMAND -> "`" + text + "` on " + host;
                case CONFIRM -> "the answer yes to: " + text;
                case MANUAL -> "the manual step: " + text;
            };
        }
    }

    private final Deque<Action> done;
    private Action unknown;

    public Replay(List<Action> done, Action unknown) {
        this.done = new ArrayDeque<>(done);
        this.unknown = unknown;
    }

    public static Replay none() {
        return new Replay(List.of(), null);
    }

    /** The command whose outcome is unknown and that the run has not reached, or null. */
    public Action unknown() {
        return unknown;
    }

    /** Whether actions are still being replayed: queries are answered by the model, time does not pass. */
    boolean replaying() {
        return !done.isEmpty();
    }

    /**
     * Consumes the next completed action when {@code next} is it: true means "done already, do
     * not do it again". A different action while completed ones remain means the runbook or its
     * parameters changed since the journal was written.
     */
    boolean alreadyDone(Action next) {
        if (done.isEmpty()) return false;
        Action expected = done.peekFirst();
        if (!expected.equals(next)) {
            throw new Diverged("the journal says " + expected.describe() + " was done next, but the runbook now does "
                    + next.describe() + ": the runbook, its parameters or the inventory changed since the journal was written;"
                    + " resume with the same ones, or start a new run");
        }
        done.removeFirst();
        return true;
    }

    /** The command whose outcome is unknown, when {@code next} is it (once): the run probes before deciding. */
    boolean isUnknown(Action next) {
        if (unknown == null || !done.isEmpty() || !unknown.equals(next)) return false;
        unknown = null;
        return true;
    }

    /** The actions not replayed yet, for the message when the run ends before them. */
    public List<Action> remaining() {
        return List.copyOf(done);
    }

    /** The resumed run does not do what the journal says was done: it cannot go on safely. */
    public static final class Diverged extends dev.runbook.engine.Backend.Unanswered {
        Diverged(String message) {
            super("resume", message);
        }
    }
}
