package dev.runbook.cli;

import dev.runbook.source.Source;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Command-line file arguments: how they are displayed, read, and explained when they cannot be. */
final class Inputs {

    private Inputs() {}

    /** A file argument that could not be read: why, and what to do about it. */
    static final class Unreadable extends Exception {
        final String display;
        final String reason;
        final String hint;

        Unreadable(String display, String reason, String hint) {
            super(display + ": " + reason, null, false, false);
            this.display = display;
            this.reason = reason;
            this.hint = hint;
        }

        /** {@code runbook: cannot read FILE: reason} and, on the next line, what to do. */
        String report(String verb) {
            return "runbook: cannot " + verb + " " + display + ": " + reason + "\n  hint: " + hint;
        }
    }

    /** The arguments in order, each once (the same file named twice is checked or formatted once). */
    static List<String> distinct(List<String> args) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            String key;
            try {
                key = Path.of(arg).toAbsolutePath().normalize().toString();
            } catch (InvalidPathException e) {
                key = arg;
            }
            if (seen.add(key)) out.add(arg);
        }
        return out;
    }

    /** A path as the user should see it: relative to the current directory when it is under it. */
    static String display(String arg) {
        try {
            return display(Path.of(arg));
        } catch (InvalidPathException e) {
            return arg;
        }
    }

    static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.startsWith(cwd)) {
            String relative = cwd.relativize(absolute).toString();
            return relative.isEmpty() ? "." : relative;
        }
        return path.toString();
    }

    /** Where a {@code use} was found, with a file path shown relative to the current directory. */
    static String displayWhere(String where) {
        try {
            Path p = Path.of(where);
            if (p.isAbsolute()) return display(p);
        } catch (InvalidPathException e) {
            // not a path: a description such as "built-in stdlib/timesten.rbk"
        }
        return where;
    }

    static Path path(String arg) throws Unreadable {
        try {
            return Path.of(arg);
        } catch (InvalidPathException e) {
            throw new Unreadable(arg, "not a valid path (" + e.getReason() + ")", "check the file name");
        }
    }

    /** Reads a runbook or module as strict UTF-8, or says precisely why it cannot. */
    static Source read(String arg) throws Unreadable {
        Path path = path(arg);
        String display = display(path);
        if (Files.isDirectory(path)) {
            throw new Unreadable(display, "it is a directory",
                    "name the .rbk files in it, e.g. " + (display.endsWith("/") ? display : display + "/") + "*.rbk");
        }
        try {
            return Source.read(path, display);
        } catch (NoSuchFileException e) {
            throw new Unreadable(display, "no such file",
                    "check the path; a relative path starts from the current directory, " + Path.of("").toAbsolutePath());
        } catch (AccessDeniedException e) {
            throw new Unreadable(display, "permission denied", "check the file's permissions (ls -l " + display + ")");
        } catch (IOException e) {
            String message = e.getMessage() == null ? "input/output error" : e.getMessage();
            if (message.contains("not UTF-8")) {
                throw new Unreadable(display, message,
                        "save it as UTF-8, e.g. iconv -f LATIN1 -t UTF-8 " + display + " > fixed.rbk");
            }
            throw new Unreadable(display, message, "check that the file exists and is a readable text file");
        }
    }
}
