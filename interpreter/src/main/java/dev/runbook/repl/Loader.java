package dev.runbook.repl;

import dev.runbook.check.CheckResult;
import dev.runbook.source.Source;
import java.util.List;

/**
 * How the REPL finds and checks runbooks, given by the front end that starts it (the command
 * line's FILE|ID rules and {@code --lib} directories), so that {@code load} reads a runbook as
 * every other command does.
 */
public interface Loader {

    /** A runbook read and checked: {@code display} is the name it prints under (a path, or {@code <builtin>/runbooks/ID.rbk}). */
    record Loaded(String argument, String display, CheckResult result) {}

    /** Why a runbook could not be read: the message and what to do, as the command line says them. */
    final class Failed extends Exception {
        private final String hint;

        public Failed(String message, String hint) {
            super(message, null, false, false);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }

    /** Reads FILE, or the standard runbook ID when no such file exists, and checks it. */
    Loaded load(String argument) throws Failed;

    /** Checks a text beside a loaded runbook (a statement typed at the prompt), with the same library. */
    CheckResult check(Source source);

    /** The ids of the standard runbooks, for completion. */
    List<String> ids();
}
