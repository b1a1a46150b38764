package dev.runbook.parse.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Small, realistic edits of a real file: one to three token-level (delete, duplicate, swap,
 * replace) or line-level (delete, duplicate, re-indent, tab) mutations. Tokens come from the
 * project's lexer through {@code lexer}, so that the edits fall on the boundaries the parser sees.
 */
public final class Mutator {

    private static final List<String> PUNCTUATION = List.of(
            ":", "=", "==", "!=", "<", "<=", ">", ">=", "->", "(", ")", "[", "]", ",", ".", "|", "-",
            "\"", "'", "${", "}", "#", "@", ";", "\\", "\n");

    private final Function<String, List<Tok>> lexer;
    private final List<String> corpusTokens;
    private final List<String> keywords;

    /**
     * @param lexer        splits a text into tokens, trivia included, covering the whole text
     * @param corpusTokens significant token texts seen in the corpus (replacement material)
     * @param keywords     the language's keywords
     */
    public Mutator(Function<String, List<Tok>> lexer, List<String> corpusTokens, List<String> keywords) {
        this.lexer = lexer;
        this.corpusTokens = List.copyOf(corpusTokens);
        this.keywords = List.copyOf(keywords);
    }

    public String mutate(String text, Random random) {
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            text = random.nextInt(3) < 2 ? mutateToken(text, random) : mutateLine(text, random);
        }
        return text;
    }

    // ------------------------------------------------------------------ tokens

    String mutateToken(String text, Random random) {
        List<Tok> all = lexer.apply(text);
        List<Tok> significant = new ArrayList<>();
        for (Tok t : all) if (t.significant()) significant.add(t);
        if (significant.isEmpty()) return text + randomToken(random);
        Tok t = significant.get(random.nextInt(significant.size()));
        switch (random.nextInt(4)) {
            case 0: // delete
                return text.substring(0, t.start()) + text.substring(t.end());
            case 1: { // duplicate, with or without a space between the copies
                String gap = random.nextBoolean() ? " " : "";
                return text.substring(0, t.end()) + gap + t.text() + text.substring(t.end());
            }
            case 2: { // swap with a nearby token, or any token
                int i = significant.indexOf(t);
                int j = random.nextInt(4) == 0 ? random.nextInt(significant.size())
                        : Math.min(significant.size() - 1, i + 1 + random.nextInt(2));
                if (i == j) return text;
                Tok a = significant.get(Math.min(i, j));
                Tok b = significant.get(Math.max(i, j));
                return text.substring(0, a.start()) + b.text() + text.substring(a.end(), b.start()) + a.text()
                        + text.substring(b.end());
            }
            default: // replace
                return text.substring(0, t.start()) + randomToken(random) + text.substring(t.end());
        }
    }

    private String randomToken(Random random) {
        switch (random.nextInt(3)) {
            case 0: return corpusTokens.get(random.nextInt(corpusTokens.size()));
            case 1: return keywords.get(random.nextInt(keywords.size()));
            default: return PUNCTUATION.get(random.nextInt(PUNCTUATION.size()));
        }
    }

    // ------------------------------------------------------------------ lines

    String mutateLine(String text, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int n = random.nextInt(lines.size());
        String line = lines.get(n);
        switch (random.nextInt(6)) {
            case 0:
                lines.remove(n);
                break;
            case 1:
                lines.add(n, line);
                break;
            case 2: { // indentation +-1 or +-2
                int delta = (random.nextBoolean() ? 1 : 2) * (random.nextBoolean() ? 1 : -1);
                lines.set(n, reindent(line, delta));
                break;
            }
            case 3: // a tab in the indentation
                lines.set(n, random.nextBoolean() ? "\t" + line : line.replaceFirst("^  ", "\t"));
                break;
            case 4: { // move a line elsewhere
                lines.remove(n);
                lines.add(random.nextInt(lines.size() + 1), line);
                break;
            }
            default: { // a Windows line end, or trailing blanks
                lines.set(n, line + (random.nextBoolean() ? "\r" : "   "));
                break;
            }
        }
        return String.join("\n", lines);
    }

    private static String reindent(String line, int delta) {
        if (delta > 0) return " ".repeat(delta) + line;
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') lead++;
        return line.substring(Math.min(lead, -delta));
    }
}
