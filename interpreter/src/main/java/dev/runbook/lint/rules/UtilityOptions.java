package dev.runbook.lint.rules;

import dev.runbook.ast.Expr;
import dev.runbook.ast.Stmt;
import dev.runbook.check.Releases;
import dev.runbook.lint.Findings;
import dev.runbook.lint.HostReleases;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * timesten-model.md L-09: a raw {@code sh} that runs a TimesTen or OPMN utility, checked against
 * that utility's documented options: an unknown option ({@code -state -start start}), an option
 * value outside its set, a binary in the wrong case ({@code ttisql}), a connection string with a
 * stray escape ({@code AutoCreate\=1}) or a missing separator ({@code DSN=x/tmp/f}); then, where the
 * runbook settles the release of the host it runs on ({@link HostReleases}), what that release
 * changes ({@link #BY_RELEASE}).
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

    /**
     * What a release changes in a command line, each from the seeds' lines: an option or a connection
     * attribute that a release before {@code since} does not have ({@code required} false), or an
     * option that {@code since} and later require of a command ({@code required} true). Only what a
     * seed says: -keepCG, -noKeepCG, -cacheUid and -cachePwd are in the 11.2.1 (001 L416, L429) and
     * 22.1 (000 L256, L463, L479) documents alike, and no seed says which release brought them.
     */
    record ByRelease(String program, String command, String word, String since, boolean required, String why) {

        /** What is wrong with a command's words under {@code release}, or null. */
        String problem(String program, String[] words, String release) {
            if (!program.equals(this.program) && this.program != null) return null;
            if (this.program == null && !OPTIONS.containsKey(program)) return null;
            if (command != null && Arrays.stream(words).noneMatch(command::equals)) return null;
            int[] at = Releases.parts(release);
            boolean newer = Releases.compare(at, Releases.parts(since)) >= 0;
            String name = program + (command == null ? "" : " " + command);
            if (required) {
                boolean given = Arrays.stream(words).anyMatch(w -> w.equalsIgnoreCase(word));
                return newer && !given ? "`" + name + "` without " + word + " where the host runs " + release + ": " + why : null;
            }
            if (newer) return null;
            // an option is a word of its own; a connection attribute is inside a connection string ("DSN=x;CacheGridEnable=0")
            Pattern attribute = Pattern.compile("(?i)(^|[\"';])" + word + "\\s*=");
            for (int i = 1; i < words.length; i++) {
                if (word.startsWith("-") ? words[i].equals(word) : attribute.matcher(words[i]).find()) {
                    return "`" + program + " " + words[i] + "` where the host runs " + release + ": " + why;
                }
            }
            return null;
        }
    }

    static final List<ByRelease> BY_RELEASE = List.of(
            // 001 L7-8: TimesTen before 7.0 has no Oracle data types; L35-39: -convertTypesToOra turns a
            // pre-7.0 database's types into them on the restore of an upgrade (ttMigrate -r of 7.0 or later)
            new ByRelease("ttMigrate", null, "-convertTypesToOra", "7.0", false,
                    "-convertTypesToOra converts to the Oracle data types, which TimesTen has from 7.0 (001 L7-8, L35-39): run it with the new release's ttMigrate"),
            // 001 L10: "in TimesTen releases before 7.0, this attribute is ignored"
            new ByRelease(null, null, "DatabaseCharacterSet", "7.0", false,
                    "a release before 7.0 ignores DatabaseCharacterSet (001 L10): the database gets no character set from it"),
            // 001 L178, L233, L385: "TimesTen 11.2.1 introduces a new feature, cache grid", set with CacheGridEnable
            new ByRelease(null, null, "CacheGridEnable", "11.2.1", false,
                    "CacheGridEnable belongs to cache grid, which TimesTen has from 11.2.1 (001 L178, L233, L385): set it in the DSN the new release reads"),
            // 001 L30: access control is mandatory from 11.2.1; 001 L196-199 and 000 L260: the duplicate
            // connects to its source as a user with ADMIN privileges (-uid/-pwd, -UID/-PWD in 000 L255)
            new ByRelease("ttRepAdmin", "-duplicate", "-uid", "11.2.1", true,
                    "from 11.2.1 access control is mandatory (001 L30) and the duplicate connects to its source as an ADMIN user (001 L196-199, 000 L260): give -uid and -pwd"));

    /** The commands of opmnctl. */
    static final Set<String> OPMN = Set.of("start", "startall", "stopall", "shutdown", "reload", "status", "startproc", "stopproc",
            "restartproc", "ping", "config", "debug", "reqcheck", "validate", "@cluster");

    @Override public String id() { return "utility-options"; }

    @Override public Severity severity() { return Severity.ERROR; }

    @Override public String description() {
        return "a raw sh running a TimesTen or OPMN utility with an option it does not document or that the host's release does not have, a bad option value or a wrong-case name (L-09)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        HostReleases releases = null;
        for (LintContext.Site site : context.sites()) {
            if (!(site.stmt() instanceof Stmt.ShStmt sh)) continue;
            if (releases == null) releases = new HostReleases(context);
            Expr.StringLit text = sh.command();
            for (List<String> command : commands(text.value())) {
                String[] words = command.toArray(new String[0]);
                String problem = problem(words);
                if (problem == null) problem = problem(words, releases.at(site));
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

    /** What is wrong with one simple command's words under {@code release} (null when the runbook does not say), or null. */
    static String problem(String[] words, String release) {
        // a path names one installation of several a host may have (001 L171-172): not the host's release
        if (release == null || words.length == 0 || words[0].contains("/")) return null;
        String program = words[0];
        for (ByRelease fact : BY_RELEASE) {
            String problem = fact.problem(program, words, release);
            if (problem != null) return problem;
        }
        return null;
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
