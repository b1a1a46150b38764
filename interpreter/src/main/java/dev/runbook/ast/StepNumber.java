package dev.runbook.ast;

import dev.runbook.source.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step number as the document prints it: {@code 7}, {@code 2a}, {@code 3.1}, {@code 17-22}.
 * Steps are ordered by their first label; a range must not run backwards.
 */
public record StepNumber(Span span, String text) implements Node {

    private static final String LABEL = "\\d{1,9}[a-z]?(?:\\.\\d{1,9}[a-z]?)*";
    private static final Pattern FORM = Pattern.compile("(" + LABEL + ")(?:-(" + LABEL + "))?");
    private static final Pattern PART = Pattern.compile("(\\d+)([a-z]?)");

    public static boolean isWellFormed(String text) {
        return FORM.matcher(text).matches();
    }

    public Label first() {
        return labels()[0];
    }

    public Label last() {
        return labels()[1];
    }

    private Label[] labels() {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) throw new IllegalStateException("malformed step number " + text);
        Label first = Label.parse(m.group(1));
        Label last = m.group(2) == null ? first : Label.parse(m.group(2));
        return new Label[] {first, last};
    }

    /** One label: a list of (number, letter) parts, compared part by part. */
    public record Label(List<int[]> parts, String text) implements Comparable<Label> {
        static Label parse(String text) {
            List<int[]> parts = new ArrayList<>();
            for (String piece : text.split("\\.")) {
                Matcher m = PART.matcher(piece);
                if (!m.matches()) throw new IllegalStateException(piece);
                int letter = m.group(2).isEmpty() ? 0 : m.group(2).charAt(0) - 'a' + 1;
                parts.add(new int[] {Integer.parseInt(m.group(1)), letter});
            }
            return new Label(parts, text);
        }

        @Override
        public int compareTo(Label o) {
            for (int i = 0; i < Math.min(parts.size(), o.parts.size()); i++) {
                int c = Integer.compare(parts.get(i)[0], o.parts.get(i)[0]);
                if (c == 0) c = Integer.compare(parts.get(i)[1], o.parts.get(i)[1]);
                if (c != 0) return c;
            }
            return Integer.compare(parts.size(), o.parts.size());
        }
    }
}
