package dev.runbook.check;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The grammars of the names a runbook binds to real things: host names, database names (DSNs),
 * user names and releases. A value bound to a parameter, read from a cluster file or written as a
 * default is checked against its grammar before the model or a command line sees it, so a value
 * such as {@code h$(id)} never reaches a plan. docs/cli.md, "Names", lists the rules and their sources.
 */
public final class Names {

    private Names() {}

    /** What a kind of name allows, in words for an error message. */
    public enum Kind {
        HOST("a host name (RFC 1123: labels of letters, digits and '-', not starting or ending with '-', at most 63 "
                + "characters each and 253 in all, separated by dots) or an IPv4 or IPv6 address"),
        DATABASE("a database name (its DSN): a letter, then letters, digits or '_', at most "
                + Names.DSN_MAX + " characters"),
        USER("a TimesTen user name: a letter, then letters, digits, '_', '$', '#' or '@', at most "
                + Names.USER_MAX + " characters"),
        RELEASE("a release: numbers separated by dots, such as 22.1 or 22.1.1.2");

        private final String rule;

        Kind(String rule) {
            this.rule = rule;
        }

        /** The rule, as "a host name (...)". */
        public String rule() {
            return rule;
        }
    }

    /** TimesTen Operations Guide, "Specifying Data Source Names": a DSN has at most 32 characters. */
    static final int DSN_MAX = 32;
    /** TimesTen SQL Reference, "Basic Names": a basic name (a user name too) has at most 30 characters. */
    static final int USER_MAX = 30;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");
    private static final Pattern DSN = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0," + (DSN_MAX - 1) + "}");
    private static final Pattern USER = Pattern.compile("[A-Za-z][A-Za-z0-9_$#@]{0," + (USER_MAX - 1) + "}");
    private static final Pattern RELEASE = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    /** Why {@code text} is not a name of this kind, or empty when it is one. */
    public static Optional<String> problem(Kind kind, String text) {
        if (text.isEmpty()) return Optional.of("it is empty");
        boolean ok = switch (kind) {
            case HOST -> isHost(text);
            case DATABASE -> DSN.matcher(text).matches();
            case USER -> USER.matcher(text).matches();
            case RELEASE -> RELEASE.matcher(text).matches();
        };
        if (ok) return Optional.empty();
        int max = kind == Kind.DATABASE ? DSN_MAX : kind == Kind.USER ? USER_MAX : kind == Kind.HOST ? 253 : Integer.MAX_VALUE;
        if (text.length() > max) return Optional.of("it has " + text.length() + " characters, more than " + max);
        String allowed = switch (kind) {
            case HOST -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:";
            case DATABASE -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
            case USER -> "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$#@";
            case RELEASE -> "0123456789.";
        };
        for (int i = 0; i < text.length(); i++) {
            if (allowed.indexOf(text.charAt(i)) < 0) return Optional.of("it holds the character " + display(String.valueOf(text.charAt(i))));
        }
        if ((kind == Kind.DATABASE || kind == Kind.USER) && !Character.isLetter(text.charAt(0))) {
            return Optional.of("it does not start with a letter");
        }
        return Optional.of(switch (kind) {
            case HOST -> "it is not well formed (an empty label, a label that starts or ends with '-', or an address out of range)";
            case RELEASE -> "it is not well formed (an empty part between dots)";
            default -> "it is not well formed";
        });
    }

    public static boolean valid(Kind kind, String text) {
        return problem(kind, text).isEmpty();
    }

    /** RFC 1123 host names; a name of numbers only must be an IPv4 address; IPv6 literals without brackets. */
    static boolean isHost(String text) {
        if (text.indexOf(':') >= 0) return isIpv6(text);
        if (text.length() > 253) return false;
        String[] labels = text.split("\\.", -1);
        boolean allNumeric = true;
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) return false;
            allNumeric &= NUMERIC.matcher(label).matches();
        }
        return !allNumeric || isIpv4(text);
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (!NUMERIC.matcher(p).matches() || p.length() > 3 || Integer.parseInt(p) > 255) return false;
            if (p.length() > 1 && p.startsWith("0")) return false;
        }
        return true;
    }

    static boolean isIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) return false;
        java.util.List<String> groups = new java.util.ArrayList<>();
        for (String side : gap >= 0 ? new String[] {text.substring(0, gap), text.substring(gap + 2)} : new String[] {text}) {
            if (!side.isEmpty()) groups.addAll(java.util.List.of(side.split(":", -1)));
        }
        int count = 0;
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            boolean last = i == groups.size() - 1 && text.endsWith(g);
            if (last && g.indexOf('.') >= 0) {
                if (!isIpv4(g)) return false;
                count += 2;
            } else if (HEX_GROUP.matcher(g).matches()) {
                count++;
            } else {
                return false;
            }
        }
        return gap >= 0 ? count <= 7 : count == 8;
    }

    /**
     * A value as an error message shows it: in double quotes, with quotes, backslashes and every
     * character that is not printable ASCII escaped, so that a newline or an escape sequence in a
     * hostile value cannot rewrite the terminal or fake a line of the message.
     */
    public static String display(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
