package dev.runbook.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * "Did you mean ...?" for misspelt names, by edit distance; and, for verbs, by meaning: the words of
 * the wrong name against those of each verb's name and doc line ({@code patchInstall} finds
 * {@code installPatch}, {@code startReplication} finds {@code repStart}).
 */
public final class Suggest {
    private Suggest() {}

    /** At most this many names suggested by meaning. */
    static final int MEANING_LIMIT = 3;

    private static final Set<String> STOP = Set.of("the", "and", "for", "with", "from", "its", "his", "her", "that", "this",
            "into", "onto", "are", "was", "has", "have", "not", "all", "any", "one", "two", "new", "of", "to", "on", "in", "a", "an", "or",
            "it", "is", "as", "by", "at", "be");

    static String closest(String wrong, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(wrong.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, wrong.length() / 3));
        return best != null && bestDistance <= allowed ? best : null;
    }

    static String hint(String wrong, Collection<String> candidates) {
        String c = closest(wrong, candidates);
        return c == null ? null : "did you mean `" + c + "`?";
    }

    /**
     * The hint for an unknown verb: the closest by spelling; when none is close, those that mean the
     * same thing by the words of their names and doc lines ({@code about}: name to doc line); null
     * when none does.
     */
    static String verbHint(String wrong, Map<String, String> about) {
        String spelt = closest(wrong, about.keySet());
        if (spelt != null) return "did you mean `" + spelt + "`?";
        List<String> meant = byMeaning(wrong, about);
        if (meant.isEmpty()) return null;
        return "did you mean " + either(meant) + "? (verbs about the same thing)";
    }

    /** Names close by spelling first, then by the words of their names: for a reference lookup. */
    public static List<String> similar(String wrong, Collection<String> candidates) {
        List<String> out = new ArrayList<>();
        String spelt = closest(wrong, candidates);
        if (spelt != null) out.add(spelt);
        Map<String, String> about = new java.util.LinkedHashMap<>();
        for (String c : candidates) about.put(c, "");
        for (String m : byMeaning(wrong, about)) if (!out.contains(m)) out.add(m);
        return out;
    }

    private static String either(List<String> names) {
        List<String> quoted = names.stream().map(n -> "`" + n + "`").toList();
        if (quoted.size() == 1) return quoted.get(0);
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    /**
     * The names that share words with {@code wrong}: a word of the name counts twice, one of the doc
     * line once; a word matches another that it starts or that starts it ({@code rep}, {@code replication}).
     * The best first, at most {@link #MEANING_LIMIT}, each with at least a word of its name or two of its doc.
     */
    static List<String> byMeaning(String wrong, Map<String, String> about) {
        List<String> wanted = words(wrong).stream().filter(w -> w.length() >= 3 && !STOP.contains(w)).toList();
        if (wanted.isEmpty()) return List.of();
        record Scored(String name, int score) {}
        List<Scored> scored = new ArrayList<>();
        for (Map.Entry<String, String> e : about.entrySet()) {
            List<String> nameWords = words(e.getKey());
            List<String> docWords = words(e.getValue() == null ? "" : e.getValue());
            int score = 0;
            for (String w : wanted) {
                if (nameWords.stream().anyMatch(n -> related(w, n))) score += 2;
                else if (docWords.stream().anyMatch(d -> !STOP.contains(d) && related(w, d))) score += 1;
            }
            if (score >= 2) scored.add(new Scored(e.getKey(), score));
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed().thenComparing(Scored::name));
        return scored.stream().limit(MEANING_LIMIT).map(Scored::name).toList();
    }

    private static boolean related(String a, String b) {
        if (a.equals(b)) return true;
        if (a.length() < 3 || b.length() < 3) return false;
        return a.startsWith(b) || b.startsWith(a);
    }

    /** The lower-case words of a camelCase name or a sentence: {@code installPatch} is install, patch. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split("[^A-Za-z0-9]+")) {
            if (part.isEmpty()) continue;
            for (String w : part.split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
                if (!w.isEmpty()) out.add(w.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 3) return Integer.MAX_VALUE;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
