package dev.runbook.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The person at the run: answers the confirmations of destructive steps and `confirm` lines, and
 * does the `manual` steps. Every answer says how it was given, for the journal.
 */
public interface Operator {

    /** {@code how}: "terminal", "input" (a line read from a non-terminal standard input), "--yes", or why there was no answer. */
    record Answer(boolean yes, String how) {}

    /** A yes/no question; yes only when the operator typed yes (or the run has --yes). */
    Answer confirm(String question);

    /** Shows what to do and waits until the operator says it is done. */
    Answer manual(String instruction);

    /**
     * Where the questions are put and the answers read: a line of text out, a line typed back
     * (null at the end of input). `run` reads standard input; the REPL reads at its prompt.
     */
    interface Prompter {
        /** Shows {@code prompt} and reads one line; null at the end of input. */
        String ask(String prompt);

        /** Shows a line that needs no answer. */
        void say(String line);
    }

    /** {@link #asking} over a reader of answers and a stream for the prompts (`run`). */
    static Operator lines(BufferedReader answers, PrintStream prompts, boolean terminal, boolean assumeYes) {
        return asking(new Prompter() {
            @Override
            public String ask(String prompt) {
                prompts.print(prompt);
                prompts.flush();
                try {
                    return answers.readLine();
                } catch (IOException e) {
                    return null;
                }
            }

            @Override
            public void say(String line) {
                prompts.println(line);
            }
        }, terminal, assumeYes);
    }

    /**
     * Asks through {@code prompter}, a line each. Without a terminal ({@code terminal} false) a
     * question is never answered from input: only --yes answers it, as a destructive step must not
     * go ahead on a line piped in by accident; a manual step reads its "done" from input, so that a
     * script can drive a rehearsal.
     */
    static Operator asking(Prompter prompter, boolean terminal, boolean assumeYes) {
        return new Operator() {
            @Override
            public Answer confirm(String question) {
                if (assumeYes) {
                    prompter.say("  confirm: " + question + " -- yes (--yes)");
                    return new Answer(true, "--yes");
                }
                if (!terminal) {
                    prompter.say("  confirm: " + question + " -- no terminal to ask and no --yes: the run stops here");
                    return new Answer(false, "no terminal and no --yes");
                }
                while (true) {
                    String line = prompter.ask("  confirm: " + question + " Type yes to go on, no to stop: ");
                    if (line == null) return new Answer(false, "end of input");
                    String typed = line.trim().toLowerCase(Locale.ROOT);
                    if (typed.equals("yes")) return new Answer(true, "terminal");
                    if (typed.equals("no")) return new Answer(false, "terminal");
                    prompter.say("  please type yes or no");
                }
            }

            @Override
            public Answer manual(String instruction) {
                String how = terminal ? "terminal" : "input";
                while (true) {
                    String line = prompter.ask("  manual: " + instruction + "\n  Type done when it is done: ");
                    if (line == null) return new Answer(false, "end of input");
                    if (line.trim().equalsIgnoreCase("done")) return new Answer(true, how);
                    prompter.say("  please type done once it is done (Ctrl-C stops the run; --resume continues here)");
                }
            }
        };
    }
}
