package dev.runbook.engine;

/**
 * What a step sends to one host: a command line ({@code kind} run, sh or sql), or an instruction
 * to the operator ({@code kind} manual, {@code line} null). {@link #masked()} is the only form that
 * is printed or written down; {@link CommandLine#line} is what a run sends.
 */
public record Command(String host, String kind, CommandLine line, String instruction, String verb) {

    static Command of(String host, String kind, CommandLine line, String verb) {
        return new Command(host, kind, line, null, verb);
    }

    static Command manual(String host, String instruction, String verb) {
        return new Command(host, "manual", null, instruction, verb);
    }

    /** The command as a plan prints it: secrets masked. */
    public String masked() {
        return line == null ? instruction : line.masked();
    }
}
