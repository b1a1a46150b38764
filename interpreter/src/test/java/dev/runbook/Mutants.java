package dev.runbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line-level mutants of a runbook's text, with ids that survive edits elsewhere in the file: they
 * name the step and the statement, never a line number.
 *
 * <ul>
 *   <li>{@code P:drop:step S:STATEMENT}: the statement line deleted (a verb, {@code run}, {@code call},
 *       {@code sh}, {@code sql}, {@code manual}, {@code expect}, {@code confirm}, alone or after
 *       {@code on X:}); waits are the next kind. When it is the only statement of its step, the whole
 *       step goes (a step with no statement does not parse, and would only test the parser);</li>
 *   <li>{@code P:nowait:step S}: the {@code wait} line of step S deleted ({@code #2}... for a second one);</li>
 *   <li>{@code P:swap:steps S,T}: two adjacent steps done in the other order, each with its title,
 *       body and the comments right above it ({@code # departs:}, {@code # lint:}); the numbers stay
 *       in place so that they still increase (a title or a suppression left behind would make lint
 *       reject the mutant for its text, not for its order);</li>
 *   <li>{@code P:retarget:step S:STATEMENT:a->b}: one database name in one statement (a wait too)
 *       replaced by another ({@code active <-> standby}, {@code sub -> active}); a named argument's
 *       name ({@code active = ...}) is left alone;</li>
 *   <li>{@code P:rehost:step S:on a.host->b.host}: the host of an {@code on} retargeted
 *       ({@code on active.host <-> on standby.host}, {@code on sub.host -> on active.host}).</li>
 * </ul>
 * A statement that appears twice in one step gets {@code #2}, {@code #3} after its text; a name
 * that appears twice in one statement gets {@code @2} after the replacement.
 */
final class Mutants {

    record Mutant(String id, String text) {}

    private static final Pattern STEP = Pattern.compile("^step\\s+(\\S+?)(?=[\\s:])");
    private static final Pattern ON_PREFIX = Pattern.compile("^on\\s+([\\w.]+)\\s*:\\s*(\\S.*)$");
    private static final Pattern ON_BLOCK = Pattern.compile("^on\\s+([\\w.]+)\\s*:\\s*$");
    private static final Set<String> STATEMENT_WORDS = Set.of("run", "call", "sh", "sql", "manual", "expect", "confirm");
    /** Which database name each one may be mistaken for. */
    private static final Map<String, List<String>> PARTNERS = Map.of(
            "active", List.of("standby"),
            "standby", List.of("active"),
            "sub", List.of("active"));

    private Mutants() {}

    /** A step block: the header line, and the body lines [from, to) after it. */
    private record Block(String label, int header, int from, int to) {}

    static List<Mutant> of(String prefix, String text, Set<String> verbs) {
        List<String> lines = List.of(text.split("\n", -1));
        List<Block> blocks = blocks(lines);
        List<Mutant> out = new ArrayList<>();
        for (Block b : blocks) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            int waits = 0;
            for (int i = b.from; i < b.to; i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                Matcher block = ON_BLOCK.matcher(line);
                if (block.matches()) {
                    rehost(prefix, b, lines, i, block.group(1), out);
                    continue;
                }
                String statement = line;
                Matcher on = ON_PREFIX.matcher(line);
                String onTarget = null;
                if (on.matches()) {
                    onTarget = on.group(1);
                    statement = on.group(2);
                }
                String first = statement.split("[\\s(]", 2)[0];
                boolean wait = first.equals("wait");
                if (!wait && !verbs.contains(first) && !STATEMENT_WORDS.contains(first)) continue;
                int n = seen.merge(statement, 1, Integer::sum);
                String name = statement + (n > 1 ? "#" + n : "");
                if (wait) {
                    waits++;
                    out.add(new Mutant(prefix + ":nowait:step " + b.label + (waits > 1 ? "#" + waits : ""), without(lines, b, i)));
                } else {
                    out.add(new Mutant(prefix + ":drop:step " + b.label + ":" + name, without(lines, b, i)));
                }
                if (onTarget != null) rehost(prefix, b, lines, i, onTarget, out);
                retarget(prefix, b, lines, i, statement, name, out);
            }
        }
        for (int k = 0; k + 1 < blocks.size(); k++) {
            Block a = blocks.get(k);
            Block c = blocks.get(k + 1);
            int startA = commentsAbove(lines, a.header);
            int startC = commentsAbove(lines, c.header);
            List<String> swapped = new ArrayList<>(lines.subList(0, startA));
            swapped.addAll(renumbered(lines.subList(startC, c.to), c.header - startC, a.label));
            swapped.addAll(lines.subList(a.to, startC));
            swapped.addAll(renumbered(lines.subList(startA, a.to), a.header - startA, c.label));
            swapped.addAll(lines.subList(c.to, lines.size()));
            out.add(new Mutant(prefix + ":swap:steps " + a.label + "," + c.label, String.join("\n", swapped)));
        }
        return out;
    }

    /** The first of the comment lines right above a step header (its `# departs:` and `# lint:` lines), or the header. */
    private static int commentsAbove(List<String> lines, int header) {
        int first = header;
        while (first > 0 && lines.get(first - 1).startsWith("#")) first--;
        return first;
    }

    /** A step with its comments, its header's number replaced by {@code label}. */
    private static List<String> renumbered(List<String> step, int header, String label) {
        List<String> out = new ArrayList<>(step);
        Matcher m = STEP.matcher(out.get(header));
        if (!m.find()) throw new IllegalArgumentException("not a step header: " + out.get(header));
        out.set(header, "step " + label + out.get(header).substring(m.end()));
        return out;
    }

    /** Every top-level step: its body runs to the last non-blank, non-top-level line before the next top-level line. */
    private static List<Block> blocks(List<String> lines) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = STEP.matcher(lines.get(i));
            if (!m.find()) continue;
            int end = i + 1;
            int last = i + 1;
            while (end < lines.size()) {
                String l = lines.get(end);
                if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) break;
                end++;
                if (!l.isBlank()) last = end;
            }
            out.add(new Block(m.group(1), i, i + 1, last));
        }
        return out;
    }

    private static void rehost(String prefix, Block b, List<String> lines, int i, String target, List<Mutant> out) {
        String[] parts = target.split("\\.");
        if (parts.length != 2 || !parts[1].equals("host") || !PARTNERS.containsKey(parts[0])) return;
        for (String other : PARTNERS.get(parts[0])) {
            String line = lines.get(i);
            String mutated = line.replaceFirst("\\bon\\s+" + Pattern.quote(target), "on " + other + ".host");
            out.add(new Mutant(prefix + ":rehost:step " + b.label + ":on " + target + "->" + other + ".host" + where(lines, b, i, target),
                    replaced(lines, i, mutated)));
        }
    }

    /** {@code @N} when the same `on X` appears several times in the step (N-th one), else nothing. */
    private static String where(List<String> lines, Block b, int at, String target) {
        int count = 0;
        int index = 0;
        Pattern on = Pattern.compile("^\\s*on\\s+" + Pattern.quote(target) + "\\s*:");
        for (int i = b.from; i < b.to; i++) {
            if (on.matcher(lines.get(i)).find()) {
                count++;
                if (i == at) index = count;
            }
        }
        return count > 1 ? "@" + index : "";
    }

    private static void retarget(String prefix, Block b, List<String> lines, int i, String statement, String name, List<Mutant> out) {
        String line = lines.get(i);
        int start = line.lastIndexOf(statement);
        for (Map.Entry<String, List<String>> e : new java.util.TreeMap<>(PARTNERS).entrySet()) {
            Matcher m = Pattern.compile("(?<![\\w.\"])" + e.getKey() + "\\b(?!\\s*=[^=])").matcher(statement);
            List<int[]> hits = new ArrayList<>();
            while (m.find()) {
                if (insideString(statement, m.start())) continue;
                // the verb itself (first word) is never a database
                if (m.start() == 0) continue;
                hits.add(new int[] {m.start(), m.end()});
            }
            for (int h = 0; h < hits.size(); h++) {
                for (String other : e.getValue()) {
                    int[] hit = hits.get(h);
                    String mutated = line.substring(0, start + hit[0]) + other + line.substring(start + hit[1]);
                    out.add(new Mutant(prefix + ":retarget:step " + b.label + ":" + name + ":" + e.getKey() + "->" + other
                            + (hits.size() > 1 ? "@" + (h + 1) : ""), replaced(lines, i, mutated)));
                }
            }
        }
    }

    private static boolean insideString(String s, int at) {
        boolean in = false;
        for (int i = 0; i < at; i++) if (s.charAt(i) == '"') in = !in;
        return in;
    }

    /**
     * The text without line {@code i}; when it is the only statement of its step (an empty step does
     * not parse), without the whole step: a step that does nothing is the same procedure.
     */
    private static String without(List<String> lines, Block b, int i) {
        List<String> out = new ArrayList<>(lines);
        boolean alone = true;
        for (int k = b.from; k < b.to; k++) {
            String l = lines.get(k).strip();
            if (k == i || l.isEmpty() || l.startsWith("#")) continue;
            if (l.endsWith(":")) continue; // a block header (on, for, if): nothing without its statements
            alone = false;
        }
        if (alone) {
            out.subList(b.header, b.to).clear();
        } else {
            out.remove(i);
        }
        return String.join("\n", out);
    }

    private static String replaced(List<String> lines, int i, String line) {
        List<String> out = new ArrayList<>(lines);
        out.set(i, line);
        return String.join("\n", out);
    }
}
