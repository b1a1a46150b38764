package dev.runbook.engine;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Joins a {@link CommandLine} for a POSIX shell on the remote host, the one place where words
 * become a line: each piece of text is quoted so that the shell makes exactly the intended words
 * of it, whatever it holds. The author of a runbook never quotes an interpolated value.
 */
public final class ShellQuote {
    /** Text that a shell takes literally anywhere in a word. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
    /** Words a shell reads as syntax when they stand first in a command. */
    private static final Set<String> RESERVED = Set.of("!", "{", "}", "case", "do", "done", "elif", "else", "esac",
            "fi", "for", "if", "in", "then", "until", "while", "time", "function", "select", "[[", "]]");

    private ShellQuote() {}

    /** The value as one shell word: bare when it is safe, else in single quotes. */
    public static String word(String value) {
        if (!value.isEmpty() && SAFE.matcher(value).matches()) return value;
        return "'" + value.replace("'", "'\\''") + "'";
    }

    static String join(CommandLine command, Function<CommandLine.SecretRef, Secret> secrets) {
        StringBuilder out = new StringBuilder();
        boolean commandStart = true;
        for (CommandLine.Token token : command.tokens()) {
            if (out.length() > 0) out.append(' ');
            if (token instanceof CommandLine.Operator op) {
                out.append(op.text());
                commandStart = true;
                continue;
            }
            out.append(word((CommandLine.Word) token, commandStart, secrets));
            commandStart = false;
        }
        return out.toString();
    }

    private static String word(CommandLine.Word word, boolean commandStart, Function<CommandLine.SecretRef, Secret> secrets) {
        if (word.pieces().stream().anyMatch(p -> p instanceof CommandLine.EnvVar)
                && word.pieces().stream().allMatch(p -> p instanceof CommandLine.EnvVar || p instanceof CommandLine.Text)) {
            return doubleQuoted(word);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (CommandLine.Piece piece : word.pieces()) {
            if (piece instanceof CommandLine.Text t) {
                text.append(t.text());
                continue;
            }
            if (piece instanceof CommandLine.SecretRef ref) {
                // quoted with the text around it, as text: the quoting depends on no character of it
                text.append(ref.escape().apply(secrets.apply(ref).reveal()));
                continue;
            }
            flush(out, text, commandStart);
            if (piece instanceof CommandLine.EnvVar v) {
                out.append("\"$").append(v.name()).append('"');
            } else if (piece instanceof CommandLine.Home) {
                out.append("~/");
            }
        }
        flush(out, text, commandStart);
        return out.length() == 0 ? "''" : out.toString();
    }

    /** A word with variables of the remote environment, as the documents write it: {@code "$TT_HOME/bin/ttIsql"}. */
    private static String doubleQuoted(CommandLine.Word word) {
        StringBuilder out = new StringBuilder("\"");
        List<CommandLine.Piece> pieces = word.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            CommandLine.Piece piece = pieces.get(i);
            if (piece instanceof CommandLine.EnvVar v) {
                // braces only where a letter, digit or _ follows and would lengthen the name
                boolean brace = i + 1 < pieces.size() && pieces.get(i + 1) instanceof CommandLine.Text t
                        && !t.text().isEmpty() && (Character.isLetterOrDigit(t.text().charAt(0)) || t.text().charAt(0) == '_');
                out.append(brace ? "${" + v.name() + "}" : "$" + v.name());
            } else {
                for (char c : ((CommandLine.Text) piece).text().toCharArray()) {
                    if (c == '$' || c == '`' || c == '"' || c == '\\') out.append('\\');
                    out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    /** Appends the text read so far, quoted; first in a command, {@code a=b} (an assignment) and {@code if} (a keyword) are quoted too. */
    private static void flush(StringBuilder out, StringBuilder text, boolean commandStart) {
        if (text.length() == 0) return;
        String t = text.toString();
        boolean quoteAnyway = out.length() == 0 && commandStart && (t.contains("=") || RESERVED.contains(t));
        out.append(quoteAnyway ? "'" + t.replace("'", "'\\''") + "'" : word(t));
        text.setLength(0);
    }
}
