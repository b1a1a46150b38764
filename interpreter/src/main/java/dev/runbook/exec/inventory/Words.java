package dev.runbook.exec.inventory;

import java.util.ArrayList;
import java.util.List;

/** Splits an inventory line into words: blanks separate them, double or single quotes keep blanks inside one. */
final class Words {
    private Words() {}

    /** The words of a line; null when a quote is not closed. */
    static List<String> of(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) return null;
        if (inWord) out.add(word.toString());
        return out;
    }

    /** The line without a comment that starts with {@code #} (or {@code ;} when {@code semicolon}) outside quotes. */
    static String uncommented(String line, boolean semicolon) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' || (semicolon && c == ';')) {
                if (i == 0 || Character.isWhitespace(line.charAt(i - 1))) return line.substring(0, i);
            }
        }
        return line;
    }
}
