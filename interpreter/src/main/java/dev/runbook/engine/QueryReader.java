package dev.runbook.engine;

import dev.runbook.ast.VerbClause;
import dev.runbook.check.Type;
import dev.runbook.check.Vocabulary;
import dev.runbook.sim.Value;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a query's value from the output of its command on a real host, as the query's
 * {@code reads "REGEX"} clause declares (docs/language.md, "query"): for a {@code bool} query the
 * value is whether the expression is found in the output; for any other type it is the text of
 * the first group of the first match, read as the query's type. Output that does not give a value
 * of that type is an {@link Unreadable} saying what was expected and what came, never a guess.
 */
public final class QueryReader {

    /** The output does not hold a value of the query's type. The message names the query, the expression and the output. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    /** How much of the output an error message quotes. */
    private static final int QUOTED = 200;

    private QueryReader() {}

    /** The value of {@code query} that {@code output} gives. */
    public static Value read(Vocabulary.Callable query, String output) throws Unreadable {
        List<VerbClause.ReadsClause> reads = query.item().clausesOf(VerbClause.ReadsClause.class);
        if (reads.isEmpty()) {
            throw new Unreadable("the query `" + query.name() + "` declares no `reads`: a run cannot read its value from the output");
        }
        String regex = reads.get(0).pattern().value();
        Matcher m = Pattern.compile(regex).matcher(output);
        boolean found = m.find();
        Type type = query.result();
        if (type == Type.Prim.BOOL) return Value.of(found);
        if (!found) throw unreadable(query, regex, output, "it does not match");
        if (m.groupCount() < 1 || m.group(1) == null) {
            throw unreadable(query, regex, output, "the expression has no group `(...)` holding the value");
        }
        String text = m.group(1).strip();
        if (type instanceof Type.Enum e) {
            if (!e.values().contains(text)) {
                throw unreadable(query, regex, output, "`" + text + "` is not a " + e.name() + " (" + String.join(", ", e.values()) + ")");
            }
            return new Value.Sym(text);
        }
        if (type == Type.Prim.NUMBER) {
            try {
                return new Value.Num(Double.parseDouble(text));
            } catch (NumberFormatException notNumber) {
                throw unreadable(query, regex, output, "`" + text + "` is not a number");
            }
        }
        if (type == Type.Prim.STRING || type == Type.Prim.RELEASE) return new Value.Str(text);
        throw new Unreadable("the query `" + query.name() + "` returns a " + (type == null ? "value of no type" : type.describe())
                + ", which cannot be read from a command's output");
    }

    private static Unreadable unreadable(Vocabulary.Callable query, String regex, String output, String why) {
        String shown = output.length() > QUOTED ? output.substring(0, QUOTED) + "..." : output;
        return new Unreadable("cannot read `" + query.name() + "` from the output with `reads \"" + regex + "\"`: " + why
                + "; the output was: " + SqlText.printable(shown.strip()));
    }
}
