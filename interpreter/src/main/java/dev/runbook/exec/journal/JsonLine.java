package dev.runbook.exec.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON on one line, as a journal holds it: maps, lists, strings, whole numbers, booleans and null,
 * written compactly and read back; a line that is not such JSON is refused with the column.
 */
public final class JsonLine {
    private JsonLine() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                quote(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            quote(out, String.valueOf(value));
        }
    }

    /** A string as JSON, escaped so that it stays on one line and is valid whatever it holds (an unpaired surrogate as an escape). */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        unicode(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(i + 1));
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        unicode(out, c); // unpaired: not encodable as UTF-8, but valid as an escape
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicode(StringBuilder out, char c) {
        out.append(String.format("\\u%04x", (int) c));
    }

    /** Reads one JSON value; {@link IllegalArgumentException} with the column when it is not one. */
    public static Object parse(String text) {
        Reader r = new Reader(text);
        r.blank();
        Object v = r.value();
        r.blank();
        if (r.at < text.length()) throw r.error("text after the value");
        return v;
    }

    private static final class Reader {
        final String s;
        int at;

        Reader(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at column " + (at + 1));
        }

        void blank() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
        }

        char peek() {
            if (at >= s.length()) throw error("the line ends inside a value");
            return s.charAt(at);
        }

        void expect(char c) {
            if (peek() != c) throw error("`" + c + "` expected");
            at++;
        }

        Object value() {
            char c = peek();
            if (c == '{') return object();
            if (c == '[') return array();
            if (c == '"') return string();
            if (s.startsWith("true", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", at)) {
                at += 4;
                return null;
            }
            if (c == '-' || Character.isDigit(c)) return number();
            throw error("a value expected");
        }

        Map<String, Object> object() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            blank();
            if (peek() == '}') {
                at++;
                return out;
            }
            while (true) {
                blank();
                String key = string();
                blank();
                expect(':');
                blank();
                out.put(key, value());
                blank();
                if (peek() == ',') {
                    at++;
                    continue;
                }
                expect('}');
                return out;
            }
        }

        List<Object> array() {
            List<Object> out = new ArrayList<>();
            expect('[');
            blank();
            if (peek() == ']') {
                at++;
                return out;
            }
            while (true) {
                blank();
                out.add(value());
                blank();
                if (peek() == ',') {
                    at++;
                    continue;
                }
                expect(']');
                return out;
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = peek();
                at++;
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = peek();
                at++;
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (at + 4 > s.length()) throw error("a \\u escape is cut");
                        try {
                            out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw error("a bad \\u escape");
                        }
                        at += 4;
                    }
                    default -> throw error("a bad escape");
                }
            }
        }

        Object number() {
            int start = at;
            if (peek() == '-') at++;
            while (at < s.length() && (Character.isDigit(s.charAt(at)) || ".eE+-".indexOf(s.charAt(at)) >= 0)) at++;
            String n = s.substring(start, at);
            try {
                return Long.parseLong(n);
            } catch (NumberFormatException notWhole) {
                throw error("a whole number expected, not " + n);
            }
        }
    }
}
