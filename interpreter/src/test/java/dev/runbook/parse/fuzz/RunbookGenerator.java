package dev.runbook.parse.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small grammar-directed generator of runbooks and modules. Each text is drawn with a
 * {@code sloppiness} between 0 (aims at a file that checks clean against stdlib/timesten) and
 * about 0.35 (misspelled verbs and names, wrong argument kinds, bad step numbers, broken strings
 * and indentation): the checker sees both kinds, and the parser sees deep nesting of on / for /
 * if / wait / expect and verb calls.
 */
public final class RunbookGenerator {

    /** A verb of stdlib/timesten.rbk and where it must run. */
    private record Verb(String name, String where, String... keywords) {}

    // where: "host" = on DB.host, "db" = on DB, "any" = no placement, "here" = inside any on HOST
    private static final List<Verb> VERBS = List.of(
            new Verb("repStop", "host"),
            new Verb("repStart", "host"),
            new Verb("setActive", "db"),
            new Verb("deactivate", "db"),
            new Verb("markFailed", "db", "from"),
            new Verb("migrateOut", "host", "to"),
            new Verb("migrateIn", "host", "from", "checkpoint"),
            new Verb("destroy", "host"),
            new Verb("duplicate", "host", "from", "using"),
            new Verb("setRepPolicy", "host", "to"),
            new Verb("install", "here"),
            new Verb("pauseApplications", "any"),
            new Verb("resumeApplications", "any"));

    private static final List<String> REPSTATES = List.of("IDLE", "ACTIVE", "STANDBY", "RECOVERING", "FAILED", "none");
    private static final List<String> KEYWORDS = List.of(
            "runbook", "module", "use", "param", "step", "on", "for", "in", "if", "else", "wait", "timeout", "every",
            "expect", "manual", "confirm", "sh", "sql", "call", "run", "and", "or", "not", "of", "true", "false", "here",
            "verb", "query", "source", "section", "lines", "online", "require", "as", "type", "entity", "builtin",
            "field", "doc", "runs", "prompt", "answer", "secret", "reads", "model", "destructive", "takes", "requires",
            "effect");
    private static final List<String> WORDS = List.of(
            "stop", "the", "replication", "agent", "on", "standby", "active", "database", "upgrade", "release",
            "wait", "until", "caught", "up", "pause", "applications", "resume", "destroy", "duplicate", "install");
    private static final List<String> JAPANESE = List.of(
            "レプリケーションを停止する", "スタンバイを破棄", "アクティブ", "待機", "アプリケーションを一時停止",
            "新しいリリースをインストール", "確認してください", "手順", "データベース");
    private static final List<String> ODD = List.of("🙂", "𝄞", "é", "ß", "\u200b", "日本", "$", "{", "}", "%", "\\\\");

    private final Random r;
    private final double sloppiness;
    private final StringBuilder out = new StringBuilder();
    private final String indentUnit;

    // the parameters declared so far, by kind
    private final List<String> dbs = new ArrayList<>();
    private final List<String> lists = new ArrayList<>();
    private final List<String> creds = new ArrayList<>();
    private final List<String> strings = new ArrayList<>();
    private final List<String> numbers = new ArrayList<>();
    private final List<String> hosts = new ArrayList<>();
    private final List<String> loopVars = new ArrayList<>();
    private int stepMajor;
    private int depth;

    private RunbookGenerator(Random r, double sloppiness) {
        this.r = r;
        this.sloppiness = sloppiness;
        this.indentUnit = chance(0.9) ? "  " : chance(0.7) ? "    " : "   ";
    }

    /** A runbook (most of the time) or a module, drawn from {@code random}. */
    public static String generate(Random random) {
        double sloppiness = random.nextInt(10) < 4 ? 0.0 : random.nextDouble() * 0.35;
        RunbookGenerator g = new RunbookGenerator(random, sloppiness);
        if (random.nextInt(6) == 0) g.module();
        else g.runbook();
        return g.out.toString();
    }

    // ------------------------------------------------------------------ randomness

    private boolean chance(double p) {
        return r.nextDouble() < p;
    }

    /** True with the file's sloppiness: time for a mistake. */
    private boolean sloppy() {
        return sloppiness > 0 && r.nextDouble() < sloppiness;
    }

    private <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    private void line(int level, String text) {
        String indent = indentUnit.repeat(level);
        if (sloppy() && chance(0.15)) {
            indent = chance(0.5) ? indent + " " : chance(0.5) ? "\t" + indent : indent.isEmpty() ? " " : indent.substring(1);
        }
        out.append(indent).append(text);
        if (chance(0.05)) out.append("  # ").append(chance(0.5) ? pick(JAPANESE) : pick(WORDS));
        out.append(chance(0.01) ? "\r\n" : "\n");
        if (chance(0.05)) out.append(chance(0.5) ? "\n" : indentUnit.repeat(level) + "# " + words(3) + "\n");
    }

    // ------------------------------------------------------------------ names

    private String ident() {
        String[] starts = {"master", "sub", "db", "standby", "active", "x", "node", "store", "_tmp", "a-b"};
        String s = starts[r.nextInt(starts.length)] + (chance(0.6) ? Integer.toString(r.nextInt(10)) : "");
        return chance(0.1) ? s + "-" + pick(WORDS) : s;
    }

    private String misspell(String word) {
        if (word.length() < 2) return word + "x";
        int i = r.nextInt(word.length());
        switch (r.nextInt(4)) {
            case 0: return word.substring(0, i) + word.substring(i + 1);
            case 1: return word.substring(0, i) + word.charAt(i) + word.substring(i);
            case 2: return word.substring(0, i) + (char) ('a' + r.nextInt(26)) + word.substring(i + 1);
            default: return word.toLowerCase(java.util.Locale.ROOT).equals(word) ? word.toUpperCase(java.util.Locale.ROOT) : word.toLowerCase(java.util.Locale.ROOT);
        }
    }

    private String maybeMisspell(String word) {
        return sloppy() ? (chance(0.7) ? misspell(word) : chance(0.5) ? pick(KEYWORDS) : ident()) : word;
    }

    private String db() {
        List<String> candidates = new ArrayList<>(dbs);
        candidates.addAll(loopVars);
        if (candidates.isEmpty()) return ident();
        return maybeMisspell(pick(candidates));
    }

    private String listParam() {
        return lists.isEmpty() || sloppy() ? "[" + db() + "]" : pick(lists);
    }

    // ------------------------------------------------------------------ literals

    private String words(int max) {
        StringBuilder s = new StringBuilder();
        int n = 1 + r.nextInt(max);
        for (int i = 0; i < n; i++) {
            if (i > 0) s.append(' ');
            s.append(chance(0.2) ? pick(JAPANESE) : pick(WORDS));
        }
        return s.toString();
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        int parts = 1 + r.nextInt(4);
        for (int i = 0; i < parts; i++) {
            if (i > 0) s.append(' ');
            int k = r.nextInt(10);
            if (k < 4) s.append(words(3));
            else if (k < 6 && !(dbs.isEmpty() && strings.isEmpty())) s.append(interpolation());
            else if (k == 6) s.append(pick(JAPANESE));
            else if (k == 7) s.append(chance(0.5) ? "\\\"quoted\\\"" : "\\$HOME \\n \\t");
            else if (k == 8 && sloppy()) s.append(pick(List.of("${", "${}", "${ 1x }", "${a..b}", "\\q", "${a", "}", "$")));
            else if (k == 9 && chance(0.3)) s.append(pick(ODD));
            else s.append(pick(WORDS));
        }
        String quote = chance(0.1) ? "'" : "\"";
        String body = s.toString();
        if (quote.equals("'")) body = body.replace("'", "\\'");
        if (sloppy() && chance(0.1)) return quote + body; // not closed
        return quote + body + quote;
    }

    private String interpolation() {
        List<String> names = new ArrayList<>(dbs);
        names.addAll(strings);
        names.addAll(loopVars);
        String name = maybeMisspell(pick(names));
        if (dbs.contains(name) || loopVars.contains(name)) {
            if (chance(0.5)) name += "." + maybeMisspell(pick(List.of("name", "host", "host.name", "release")));
        }
        return "${" + (chance(0.05) ? " " + name + " " : name) + "}";
    }

    private String duration() {
        if (sloppy()) return pick(List.of("0s", "10", "5x", "99999999999999999999d", "1.5m", "-3s", "10 m", "m", "106751991167301d"));
        int n = 1 + r.nextInt(60);
        return n + pick(List.of("ms", "s", "s", "m", "m", "h", "d"));
    }

    private String number() {
        if (sloppy()) return pick(List.of("0", "1.2.3", "99999999999999999999999", "007", "3.0"));
        return Integer.toString(r.nextInt(200));
    }

    // ------------------------------------------------------------------ expressions

    private String primary() {
        int k = r.nextInt(12);
        switch (k) {
            case 0: return string();
            case 1: return number();
            case 2: return duration();
            case 3: return chance(0.5) ? "true" : "false";
            case 4: return "here";
            case 5: return "[" + db() + (chance(0.5) ? ", " + db() : "") + (chance(0.2) ? "," : "") + "]";
            case 6: return "(" + condition(2) + ")";
            case 7: return db() + "." + maybeMisspell(pick(List.of("host", "rep", "state", "release", "port", "exists", "name")));
            default: return db();
        }
    }

    private String condition(int budget) {
        if (budget > 0 && chance(0.3)) {
            int k = r.nextInt(4);
            if (k == 0) return condition(budget - 1) + " and " + condition(budget - 1);
            if (k == 1) return condition(budget - 1) + " or " + condition(budget - 1);
            if (k == 2) return "not " + condition(budget - 1);
            return "(" + condition(budget - 1) + ")";
        }
        if (sloppy()) {
            switch (r.nextInt(6)) {
                case 0: return "state " + db();
                case 1: return primary();
                case 2: return db() + " == " + number();
                case 3: return db() + ".nosuchfield == 1";
                case 4: return db() + " < " + string();
                default: return "caughtUp " + db();
            }
        }
        String d = db();
        switch (r.nextInt(9)) {
            case 0: return "state " + d + " == " + pick(REPSTATES);
            case 1: return pick(REPSTATES) + " == state " + d;
            case 2: return d + ".rep == " + (chance(0.5) ? "up" : "down");
            case 3: return d + ".exists";
            case 4: return "not apps.paused";
            case 5: return "apps.target == " + d;
            case 6: return "caughtUp " + d + " from " + db();
            case 7: return lists.isEmpty() ? d + ".port > 0"
                    : pick(List.of("release", "rep", "port", "state")) + " of " + pick(lists) + " " + pick(List.of("==", "!=")) + " "
                    + (strings.isEmpty() ? "\"22.1\"" : pick(strings));
            default: return strings.isEmpty() ? d + ".port >= 1" : d + ".release == " + pick(strings);
        }
    }

    // ------------------------------------------------------------------ runbooks

    private void runbook() {
        if (!sloppy() || chance(0.5)) {
            line(0, "runbook " + maybeMisspell(ident() + "-" + pick(WORDS)) + (chance(0.9) ? " " + string() : ""));
            if (chance(0.8)) {
                line(1, "source \"000_" + Integer.toHexString(r.nextInt()) + ".txt\"" + (chance(0.7) ? " section " + string() : "")
                        + (chance(0.5) ? " lines " + r.nextInt(200) + "-" + (sloppy() ? r.nextInt(10) : 200 + r.nextInt(100)) : ""));
            }
            if (chance(0.5)) line(1, "online");
        }
        if (chance(0.1)) out.append("\n## ").append(words(6)).append('\n');
        line(0, chance(0.9) ? "use timesten" : pick(List.of("use stdlib.timesten", "use timestne", "use common.role-reversal",
                "use timesten as tt", "use a.b.c")));
        boolean roleReversal = chance(0.2);
        if (roleReversal) line(0, "use common.role-reversal");
        params();
        if (chance(0.3)) line(0, "require " + condition(2)); // a header clause out of place
        int steps = 1 + r.nextInt(8);
        for (int i = 0; i < steps; i++) step(roleReversal);
        int expects = r.nextInt(4);
        for (int i = 0; i < expects; i++) line(0, "expect " + condition(2));
    }

    private void params() {
        int n = 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String name = chance(0.3) ? pick(List.of("active", "standby", "release", "admin", "subscribers", "backup", "apps"))
                    : ident();
            int k = r.nextInt(10);
            String decl;
            if (k < 4) {
                decl = "param " + name + (chance(0.2) ? ": database" : "") + " = " + ident() + " on " + string();
                dbs.add(name);
            } else if (k < 5) {
                decl = "param " + name + ": database";
                dbs.add(name);
            } else if (k < 6) {
                decl = "param " + name + (chance(0.7) ? ": [database]" : "") + " = [" + ident() + " on " + string()
                        + (chance(0.5) ? ", " + ident() + " on " + string() : "") + "]";
                lists.add(name);
            } else if (k < 7) {
                decl = "param " + name + " = credential " + (sloppy() ? "\"user/secret\"" : "\"pat\"");
                creds.add(name);
            } else if (k < 8) {
                decl = "param " + name + (chance(0.3) ? ": string" : "") + " = " + string();
                strings.add(name);
            } else if (k < 9) {
                decl = "param " + name + " = " + (chance(0.5) ? number() : duration());
                numbers.add(name);
            } else {
                decl = "param " + name + " = host " + string();
                hosts.add(name);
            }
            if (sloppy()) decl = pick(List.of(decl + " =", "param " + name, decl.replace(" = ", " : "), decl + " extra", decl));
            if (chance(0.1)) out.append("## ").append(words(5)).append('\n');
            line(0, decl);
        }
        if (dbs.isEmpty()) {
            line(0, "param active = master1 on \"master1host\"");
            dbs.add("active");
        }
    }

    private String stepNumber() {
        if (sloppy() && chance(0.5)) {
            return pick(List.of("2A", "3..1", "17-", "0", "9999999999", "1.2.3a", "-1", "a1", "22-17", "3 .1", "1e", "4-4",
                    Integer.toString(Math.max(0, stepMajor - 1))));
        }
        stepMajor += 1 + (chance(0.2) ? r.nextInt(3) : 0);
        int k = r.nextInt(10);
        if (k < 6) return Integer.toString(stepMajor);
        if (k < 7) return stepMajor + "" + (char) ('a' + r.nextInt(3));
        if (k < 8) return stepMajor + "." + (1 + r.nextInt(3));
        int first = stepMajor;
        stepMajor += 1 + r.nextInt(5);
        return first + "-" + stepMajor;
    }

    private void step(boolean roleReversal) {
        String title = chance(0.85) ? " " + string() : "";
        if (chance(0.2)) out.append("# ").append(chance(0.5) ? "departs: " : "").append(words(6)).append('\n');
        String head = "step " + stepNumber() + title + (sloppy() && chance(0.3) ? "" : ":");
        if (chance(0.35)) {
            depth = 1;
            line(0, head + " " + simpleStmt(null, roleReversal));
        } else {
            line(0, head);
            block(1, null, roleReversal);
        }
        if (chance(0.7)) out.append('\n');
    }

    /** Statements at {@code level}; {@code host} is the database whose host or self encloses them, or null. */
    private void block(int level, String host, boolean roleReversal) {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) stmt(level, host, roleReversal);
    }

    private void stmt(int level, String host, boolean roleReversal) {
        depth = level;
        int k = level > 5 ? 9 : r.nextInt(10);
        switch (k) {
            case 0:
            case 1: { // on DB.host: / on DB:
                String d = db();
                String target = chance(0.6) ? d + ".host" : d;
                if (sloppy() && chance(0.3)) target = pick(List.of(string(), "host " + string(), number(), "here", d + ".rep"));
                if (chance(0.4)) {
                    line(level, "on " + target + ": " + simpleStmt(d, roleReversal));
                } else {
                    line(level, "on " + target + ":");
                    block(level + 1, d, roleReversal);
                }
                break;
            }
            case 2: { // for
                String v = chance(0.8) ? pick(List.of("sub", "s", "db", "each")) : ident();
                line(level, "for " + v + " in " + (chance(0.8) ? listParam() : primary()) + ":");
                loopVars.add(v);
                if (chance(0.7)) {
                    line(level + 1, "on " + v + ".host:");
                    block(level + 2, v, roleReversal);
                } else {
                    block(level + 1, host, roleReversal);
                }
                loopVars.remove(loopVars.size() - 1);
                break;
            }
            case 3: { // if / else if / else
                line(level, "if " + condition(2) + ":");
                block(level + 1, host, roleReversal);
                if (chance(0.3)) {
                    line(level, "else if " + condition(1) + ":");
                    block(level + 1, host, roleReversal);
                }
                if (chance(0.5)) {
                    line(level, "else:");
                    block(level + 1, host, roleReversal);
                }
                break;
            }
            default:
                line(level, simpleStmt(host, roleReversal));
        }
    }

    private String simpleStmt(String host, boolean roleReversal) {
        int k = r.nextInt(20);
        switch (k) {
            case 0: return "wait " + condition(2) + " timeout " + duration() + (chance(0.7) ? " every " + duration() : "");
            case 1: return "expect " + condition(2);
            case 2: return "manual " + string();
            case 3: return "confirm " + string();
            case 4: return "sh " + string();
            case 5: return "sql " + (host != null ? host : db()) + " " + string();
            case 6: {
                List<String> args = new ArrayList<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) args.add(chance(0.3) ? "'FAILED'" : primary());
                return "call " + maybeMisspell(pick(List.of("ttRepStateSave", "ttRepStateGet", "ttCkpt", "ttRepSubscriberWait")))
                        + "(" + String.join(", ", args) + ")";
            }
            case 7: {
                if (!roleReversal && !sloppy()) return verbCall(host);
                StringBuilder s = new StringBuilder("run " + maybeMisspell("role-reversal"));
                if (chance(0.9)) {
                    s.append("(active = ").append(db());
                    if (!sloppy()) s.append(", standby = ").append(db());
                    else if (chance(0.5)) s.append(", standby = ").append(primary()).append(", extra = 1");
                    s.append(")");
                }
                return s.toString();
            }
            default: return verbCall(host);
        }
    }

    private String verbCall(String host) {
        Verb verb = pick(VERBS);
        // without mistakes, pick a verb that may run here
        if (!sloppy()) {
            while (host == null && verb.where().equals("here")) verb = pick(VERBS);
        }
        String d = host != null && !verb.where().equals("any") && !sloppy() ? host : db();
        StringBuilder s = new StringBuilder(maybeMisspell(verb.name()));
        switch (verb.name()) {
            case "install":
                s.append(' ').append(strings.isEmpty() ? "\"22.1\"" : pick(strings));
                if (chance(0.2)) s.append(" at ").append(chance(0.5) ? "here" : d + ".host");
                break;
            case "markFailed":
                s.append(' ').append(db()).append(" from ").append(d);
                break;
            case "duplicate":
                s.append(' ').append(d).append(" from ").append(db()).append(" using ")
                        .append(creds.isEmpty() || sloppy() ? "credential \"pat\"" : pick(creds));
                break;
            case "migrateOut":
                s.append(' ').append(d).append(" to ").append(strings.isEmpty() ? string() : pick(strings));
                break;
            case "migrateIn":
                s.append(' ').append(d).append(" from ").append(strings.isEmpty() ? string() : pick(strings));
                if (chance(0.5)) s.append(" checkpoint ").append(number());
                break;
            case "setRepPolicy":
                s.append(' ').append(d).append(" to ").append(maybeMisspell(chance(0.5) ? "manual" : "always"));
                break;
            default:
                s.append(' ').append(d);
        }
        if (sloppy()) {
            switch (r.nextInt(5)) {
                case 0: s.append(' ').append(primary()); break;
                case 1: s.append(" from"); break;
                case 2: return maybeMisspell(verb.name());
                case 3: return "state " + d;
                default: s.append(" using ").append(string());
            }
        }
        return s.toString();
    }

    // ------------------------------------------------------------------ modules

    private void module() {
        line(0, "module " + maybeMisspell(ident()) + (chance(0.7) ? " " + string() : ""));
        if (chance(0.5)) line(0, "use timesten");
        List<String> types = new ArrayList<>(List.of("string", "number", "duration", "bool"));
        List<String> entities = new ArrayList<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(6);
            if (k == 0) {
                String name = ident();
                StringBuilder s = new StringBuilder("type " + name + " =");
                int values = 1 + r.nextInt(4);
                for (int v = 0; v < values; v++) s.append(v == 0 ? " " : " | ").append(chance(0.5) ? pick(REPSTATES) : ident());
                line(0, s.toString());
                types.add(name);
            } else if (k == 1) {
                String name = chance(0.3) ? pick(List.of("database", "host", "node")) : ident();
                line(0, "entity " + name + ":");
                int fields = 1 + r.nextInt(4);
                for (int f = 0; f < fields; f++) line(1, "field " + ident() + ": " + maybeMisspell(pick(types)));
                entities.add(name);
                types.add(name);
            } else if (k == 2) {
                line(0, "param " + ident() + (sloppy() ? "" : ": " + pick(types)));
            } else {
                verbDecl(types);
            }
            out.append('\n');
        }
        if (sloppy()) line(0, "step 1: manual \"a module has no steps\"");
    }

    private void verbDecl(List<String> types) {
        String kind = pick(List.of("verb", "verb", "query", "builtin"));
        List<String> params = new ArrayList<>();
        StringBuilder s = new StringBuilder(kind + " " + (chance(0.3) ? pick(VERBS).name() : ident()));
        if (kind.equals("builtin")) {
            s.append('(');
            int n = r.nextInt(3);
            for (int i = 0; i < n; i++) {
                String p = ident();
                params.add(p);
                s.append(i > 0 ? ", " : "").append(p).append(": ").append(pick(types));
            }
            s.append(')');
        } else {
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                String p = ident();
                params.add(p);
                if (i > 0 && chance(0.6)) s.append(' ').append(pick(List.of("from", "to", "using", "at", "with")));
                s.append(" (").append(p).append(": ").append(chance(0.2) ? "[" + pick(types) + "]" : pick(types));
                if (chance(0.2)) s.append(" = ").append(chance(0.5) ? "here" : primary());
                s.append(')');
            }
        }
        if (kind.equals("query") || chance(0.1)) s.append(" -> ").append(pick(types));
        line(0, s + ":");
        List<String> names = new ArrayList<>(params);
        if (names.isEmpty()) names.add(ident());
        int clauses = 1 + r.nextInt(6);
        for (int i = 0; i < clauses; i++) {
            String p = maybeMisspell(pick(names));
            switch (r.nextInt(12)) {
                case 0: line(1, "doc " + string()); break;
                case 1: line(1, "runs \"cmd ${" + p + (chance(0.5) ? ".name" : "") + "}\""); break;
                case 2: line(1, "sql " + string()); break;
                case 3: line(1, "manual " + string()); break;
                case 4: line(1, "on " + p + (chance(0.5) ? ".host" : "")); break;
                case 5: line(1, "prompt " + string() + " answer " + p + (chance(0.3) ? " secret" : "")); break;
                case 6: line(1, "reads " + pick(List.of("\"<\\\\s*(\\\\w+)\\\\s*>\"", "\"(unclosed\"", "\"[a-\"", "\"ok\""))); break;
                case 7: line(1, "model " + (chance(0.5) ? p + ".state" : condition(1))); break;
                case 8: line(1, "destructive"); break;
                case 9: line(1, "takes " + duration()); break;
                case 10: line(1, "requires " + condition(1) + (chance(0.5) ? " else " + string() : "")); break;
                default: line(1, "effect " + p + "." + pick(List.of("rep", "state", "exists", "release", "paused"))
                        + " = " + pick(List.of("up", "down", "ACTIVE", "true", "1", "\"x\"", p + ".release", "IDLE")));
            }
        }
    }
}
