package dev.runbook.render;

import dev.runbook.sim.InitialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts a simulation assumed rather than read from a `require` line, a `--cluster` file or a
 * parameter, as the headers of `simulate`, `plan` and `explore` show them: grouped by why they are
 * held, then by instance, so that "no release known" or "the applications write to master1" is
 * never silent.
 */
public final class Assumed {

    /** Where a line of the block wraps. */
    private static final int WIDTH = 100;
    public static final String HEADING = "assumed (nothing given says so; a --cluster FILE line ID.FIELD = VALUE sets one):";

    private Assumed() {}

    /** The block, every line ending in a newline; empty when nothing was assumed. */
    public static String text(List<InitialState.Assumption> assumptions) {
        if (assumptions.isEmpty()) return "";
        Map<String, Map<String, List<String>>> byWhy = new LinkedHashMap<>();
        for (InitialState.Assumption a : ordered(assumptions)) {
            byWhy.computeIfAbsent(a.why(), w -> new LinkedHashMap<>())
                    .computeIfAbsent(a.owner(), o -> new ArrayList<>()).add(a.field() + "=" + a.value());
        }
        StringBuilder out = new StringBuilder(HEADING).append('\n');
        for (Map.Entry<String, Map<String, List<String>>> group : byWhy.entrySet()) {
            out.append("  ").append(group.getKey()).append(":\n");
            for (Map.Entry<String, List<String>> owner : group.getValue().entrySet()) {
                StringBuilder line = new StringBuilder("    ").append(owner.getKey()).append(':');
                for (String fact : owner.getValue()) {
                    if (line.length() + 1 + fact.length() > WIDTH && line.length() > 6) {
                        out.append(line).append('\n');
                        line = new StringBuilder("      ");
                    } else {
                        line.append(' ');
                    }
                    line.append(fact);
                }
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The groups in the order a reader needs them: what the family's starting point or a require
     * made the simulator choose, then what nobody knows, then the model's plain defaults.
     */
    private static List<InitialState.Assumption> ordered(List<InitialState.Assumption> assumptions) {
        List<InitialState.Assumption> out = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++) {
            for (InitialState.Assumption a : assumptions) if (rank(a) == rank) out.add(a);
        }
        return out;
    }

    private static int rank(InitialState.Assumption a) {
        if (a.why().equals(InitialState.DEFAULT)) return 2;
        if (a.why().equals(InitialState.UNKNOWN)) return 1;
        return 0;
    }

    /** {@code [{"path": "master1.state", "value": "ACTIVE", "why": "..."}, ...]}, in the order of the text. */
    public static List<Object> json(List<InitialState.Assumption> assumptions) {
        List<Object> out = new ArrayList<>();
        for (InitialState.Assumption a : ordered(assumptions)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", a.path());
            item.put("value", a.value());
            item.put("why", a.why());
            out.add(item);
        }
        return out;
    }

    /** The {@code error} object of a JSON document when the run could not start: what, and what to do. */
    public static Map<String, Object> error(InitialState.Problem p) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", p.getMessage());
        error.put("hint", p.hint());
        return error;
    }
}
