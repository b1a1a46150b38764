package dev.runbook.exec;

import dev.runbook.ast.VerbClause;
import dev.runbook.check.Type;
import dev.runbook.check.Vocabulary;
import dev.runbook.sim.Value;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a query's answer from its command's standard output, as its {@code reads} line declares:
 * a yes/no query holds when the pattern is found; any other takes the pattern's first group (or the
 * whole match), as a state name of its type, a number, or text.
 */
public final class QueryReader {
    private QueryReader() {}

    /** @throws IllegalArgumentException when the output does not hold the answer; the message says what was looked for */
    public static Value read(Vocabulary.Callable query, String stdout) {
        String regex = query.item().clausesOf(VerbClause.ReadsClause.class).get(0).pattern().value();
        Matcher m = Pattern.compile(regex).matcher(stdout);
        Type result = query.result();
        if (result == Type.Prim.BOOL) return Value.of(m.find());
        if (!m.find()) {
            String first = stdout.strip().isEmpty() ? "nothing" : "`" + stdout.strip().lines().findFirst().orElse("") + "`";
            throw new IllegalArgumentException("the output does not hold what the query reads (/" + regex + "/): it printed " + first);
        }
        String text = m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
        if (result instanceof Type.Enum e) {
            if (!e.values().contains(text)) {
                throw new IllegalArgumentException("`" + text + "` is not a " + e.name() + " (one of " + String.join(", ", e.values()) + ")");
            }
            return new Value.Sym(text);
        }
        if (result == Type.Prim.NUMBER) {
            try {
                return new Value.Num(Double.parseDouble(text));
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("`" + text + "` is not a number");
            }
        }
        return new Value.Str(text);
    }
}
