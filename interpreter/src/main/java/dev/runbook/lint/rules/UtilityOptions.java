package dev.runbook.lint.rules;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Stmt;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * timesten-model.md L-09: a raw {@code sh} that runs a TimesTen or OPMN utility, checked against
 * that utility's documented options: an unknown option ({@code -state -start start}), an option
 * value outside its set, a binary in the wrong case ({@code ttisql}), a connection string with a
 * stray escape ({@code AutoCreate\=1}) or a missing separator ({@code DSN=x/tmp/f}).
 */
public final class UtilityOptions implements Rule {

    /** The documented options of each utility (the reference pages of TimesTen 11.2.1 to 22.1). */
    static final Map<String, Set<String>> OPTIONS = Map.of(
            "ttAdmin", Set.of("-repStart", "-repStop", "-cacheStart", "-cacheStop", "-repPolicy", "-cachePolicy", "-ramLoad",
                    "-ramUnload", "-ramPolicy", "-ramGrace", "-connstr", "-connStr", "-query", "-h", "-help", "-V"),
            "ttRepAdmin", Set.of("-duplicate", "-from", "-host", "-uid", "-UID", "-pwd", "-PWD", "-setMasterRepStart", "-keepCG", "-noKeepCG",
                    "-nokeepCG", "-cacheUid", "-cacheuid", "-cachePwd", "-cachepwd", "-connStr", "-connstr", "-receiver", "-name", "-state",
                    "-reset", "-dsn", "-self", "-list", "-log", "-bookmark", "-showstatus", "-showconfig", "-ramLoad", "-localHost",
                    "-remoteDaemonPort", "-compression", "-delXla", "-verbosity", "-drop", "-truncate", "-initCacheDR", "-h", "-help", "-V"),
            "ttMigrate", Set.of("-c", "-r", "-C", "-a", "-d", "-l", "-noRepUpgrade", "-noCharsetConversion", "-convertTypesToOra", "-cacheuid",
                    "-cachepwd", "-cacheUid", "-cachePwd", "-rename", "-connstr", "-connStr", "-inline", "-numThreads", "-relaxedUpgrade",
                    "-exactUpgrade", "-quiet", "-verbose", "-force", "-prefix", "-h", "-help", "-V"),
            "ttBackup", Set.of("-dir", "-fname", "-type", "-o", "-force", "-connstr", "-connStr", "-h", "-help", "-V"),
            "ttRestore", Set.of("-dir", "-fname", "-i", "-noconn", "-connstr", "-connStr", "-h", "-help", "-V"),
            "ttDestroy", Set.of("-force", "-connstr", "-connStr", "-wait", "-h", "-help", "-V"),
            "ttIsql", Set.of("-connStr", "-connstr", "-f", "-e", "-v", "-N", "-wait", "-interactive", "-h", "-help", "-V"),
            "ttDaemonAdmin", Set.of("-start", "-stop", "-restart", "-force", "-h", "-help", "-V"),
            "ttStatus", Set.of("-h", "-help", "-V", "-v", "-connstr", "-connStr"),
            "opmnctl", Set.of());

    /** The options that take one value from a closed set. */
    static final Map<String, List<String>> VALUES = Map.of(
            "-state", List.of("start", "pause", "stop"),
            "-repPolicy", List.of("always", "manual", "norestart"),
            "-cachePolicy", List.of("always", "manual", "norestart"),
            "-ramPolicy", List.of("always", "manual", "inUse"));

    /** The commands of opmnctl. */
    static final Set<String> OPMN = Set.of("start", "startall", "stopall", "shutdown", "reload", "status", "startproc", "stopproc",
            "restartproc", "ping", "config", "debug", "reqcheck", "validate", "@cluster");

    @Override public String id() { return "utility-options"; }

    @Override public Severity severity() { return Severity.ERROR; }

    @Override public String description() {
        return "a raw sh running a TimesTen or OPMN utility with an option it does not document, a bad option value or a wrong-case name (L-09)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        for (LintContext.Site site : context.sites()) {
            if (!(site.stmt() instanceof Stmt.ShStmt sh)) continue;
            Expr.StringLit text = sh.command();
            for (List<String> command : commands(text.value())) {
                String problem = problem(command.toArray(new String[0]));
                if (problem != null) out.report(text.span(), problem, "see the utility's reference page; docs/rules/utility-options.md lists what is checked");
            }
        }
    }

    /** The simple commands of a shell line, each as its words (quotes kept): split on unquoted |, ;, && and ||, and unquoted blanks. */
    static List<List<String>> commands(String line) {
        List<List<String>> out = new java.util.ArrayList<>();
        List<String> words = new java.util.ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                word.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                word.append(c);
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(c).append(line.charAt(++i));
            } else if (Character.isWhitespace(c) || c == '|' || c == ';' || c == '&') {
                if (word.length() > 0) words.add(word.toString());
                word.setLength(0);
                if (!Character.isWhitespace(c) && !words.isEmpty()) {
                    out.add(words);
                    words = new java.util.ArrayList<>();
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) words.add(word.toString());
        if (!words.isEmpty()) out.add(words);
        return out;
    }

    /** What is wrong with one simple command's words, or null. */
    static String problem(String[] words) {
        if (words.length == 0 || words[0].isEmpty()) return null;
        String program = words[0].replaceFirst("^.*/", "");
        for (String known : OPTIONS.keySet()) {
            if (!program.equals(known) && program.equalsIgnoreCase(known)) {
                return "`" + program + "` is not a command: utility names are case-sensitive on UNIX, it is `" + known + "`";
            }
        }
        Set<String> options = OPTIONS.get(program);
        if (options == null) return null;
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (w.contains("\\=") || w.contains("\\;")) return "`" + w + "`: a stray backslash in a connection attribute (write `AutoCreate=1`)";
            if (w.matches("(?i)\"?dsn=[^;\\s\"]*/.*") || w.matches("\"[^\"]*\"/.*")) {
                return "`" + w + "`: the connection string runs into a path; separate the file with a space";
            }
            if (program.equals("opmnctl")) {
                if (i == 1 && !OPMN.contains(w)) return "`opmnctl " + w + "`: not an opmnctl command (" + String.join(", ", OPMN.stream().sorted().toList()) + ")";
                continue;
            }
            if (!w.startsWith("-") || w.matches("-\\d+")) continue;
            if (!options.contains(w)) return "`" + program + " " + w + "`: " + program + " has no option " + w;
            List<String> values = VALUES.get(w);
            if (values != null) {
                String value = i + 1 < words.length ? words[i + 1] : "";
                if (!values.contains(value) && !value.startsWith("${")) {
                    return "`" + program + " " + w + " " + value + "`: " + w + " takes one of " + String.join(", ", values);
                }
            }
        }
        return null;
    }
}
