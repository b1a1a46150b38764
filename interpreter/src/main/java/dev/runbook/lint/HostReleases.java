package dev.runbook.lint;

import dev.runbook.ast.Expr;
import dev.runbook.ast.HeaderClause;
import dev.runbook.ast.Item;
import dev.runbook.ast.Stmt;
import dev.runbook.check.Arguments;
import dev.runbook.check.Releases;
import dev.runbook.check.Vocabulary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TimesTen release each host runs, statement by statement, as far as the runbook's own text
 * says it: a header's {@code require} of a database's {@code release} or {@code major} (the
 * release of the instance on its host), then the installs that put another release on a host.
 * A value is a release literal, or a parameter whose default is one (the defaults a lint and a
 * simulation run with). Whatever the text does not settle is absent: an install of a release that
 * is not a literal, one under an {@code if}, a sub-runbook given the host's database.
 */
public final class HostReleases {

    /** The verbs that put a release on a host (stdlib timesten.rbk, model C-42). */
    public static final Set<String> INSTALLS = Set.of("install", "installBits", "installPatch", "installInPlace");
    private static final String VALUE = "(\"[0-9.]+\"|[A-Za-z_]\\w*)";
    private static final Pattern LIST = Pattern.compile("(?:release|major) of \\[([^\\]]+)\\] == " + VALUE);
    private static final Pattern ONE = Pattern.compile("(?:release|major) of ([A-Za-z_]\\w*) == " + VALUE);
    private static final Pattern FIELD = Pattern.compile("([A-Za-z_]\\w*)\\.(?:release|major) == " + VALUE);

    private final Map<Stmt, Map<String, String>> before = new IdentityHashMap<>();
    private final Map<String, String> hosts;
    private final LintContext context;

    public HostReleases(LintContext context) {
        this.context = context;
        this.hosts = context.databaseHosts();
        Map<String, String> params = releaseParams(context);
        Map<String, String> release = new HashMap<>();
        Set<String> mixed = new HashSet<>();
        if (context.header() != null) {
            for (HeaderClause.RequireClause r : context.header().requires()) {
                String text = context.text(r);
                Matcher m = LIST.matcher(text);
                while (m.find()) for (String db : m.group(1).split(",")) known(release, hosts.get(db.strip()), release(m.group(2), params), mixed);
                m = ONE.matcher(text);
                while (m.find()) known(release, hosts.get(m.group(1)), release(m.group(2), params), mixed);
                m = FIELD.matcher(text);
                while (m.find()) known(release, hosts.get(m.group(1)), release(m.group(2), params), mixed);
            }
        }
        for (LintContext.Site site : context.sites()) {
            before.put(site.stmt(), Map.copyOf(release));
            if (site.stmt() instanceof Stmt.RunStmt run) {
                // a sub-runbook may install a release where the databases it is given live
                for (Stmt.NamedArg arg : run.args()) {
                    String host = context.host(site, context.text(arg.value()), hosts);
                    if (host != null) release.remove(host);
                }
            } else if (site.stmt() instanceof Stmt.VerbStmt install && INSTALLS.contains(install.verb().text())) {
                String host = installedHost(context, site, hosts);
                if (host == null) continue;
                Expr given = argument(context, site, "release");
                String installed = given == null ? null : release(context.text(given), params);
                if (installed == null || site.conditional()) release.remove(host);
                else release.put(host, installed);
            }
        }
    }

    /** The host an install verb acts on, as {@link LintContext#databaseHosts()} names it: its {@code at} argument, or the {@code on} target it runs under; null when unknown. */
    public static String installedHost(LintContext context, LintContext.Site site, Map<String, String> hosts) {
        Expr at = argument(context, site, "host");
        return context.host(site, at == null ? site.on() : context.text(at), hosts);
    }

    /** The argument a verb statement gives its parameter of the given type ({@code host}, {@code release}), or null. */
    private static Expr argument(LintContext context, LintContext.Site site, String type) {
        Stmt.VerbStmt v = (Stmt.VerbStmt) site.stmt();
        Vocabulary.Callable verb = context.verb(v);
        if (verb == null) return null;
        Map<String, Expr> bound = Arguments.bind(verb, v.args());
        for (Vocabulary.Param p : verb.params()) {
            Expr arg = bound.get(p.name());
            // a parameter left out is bound to its default, an expression of the module, not of this file
            if (p.type().describe().equals(type)) return arg == p.decl().defaultValue() ? null : arg;
        }
        return null;
    }

    /** The release the host of {@code site} runs just before it, or null when the runbook does not say. */
    public String at(LintContext.Site site) {
        String host = context.host(site, site.on(), hosts);
        return host == null ? null : before.get(site.stmt()).get(host);
    }

    /** Two instances of different releases on one host (001 L167-172): which one a command runs is not the host's to say. */
    private static void known(Map<String, String> release, String host, String value, Set<String> mixed) {
        if (host == null || value == null || mixed.contains(host)) return;
        String was = release.putIfAbsent(host, value);
        if (was != null && Releases.compare(Releases.parts(was), Releases.parts(value)) != 0) {
            release.remove(host);
            mixed.add(host);
        }
    }

    /** The release a value's text stands for: a release literal, or a parameter whose default is one; else null. */
    private static String release(String text, Map<String, String> params) {
        if (text.length() > 2 && text.startsWith("\"") && Releases.isRelease(text.substring(1, text.length() - 1))) {
            return text.substring(1, text.length() - 1);
        }
        return params.get(text);
    }

    /** The parameters whose default is a release literal: name -> release. */
    private static Map<String, String> releaseParams(LintContext context) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Item.ParamItem p : context.file().itemsOf(Item.ParamItem.class)) {
            if (p.defaultValue() instanceof Expr.StringLit s && Releases.isRelease(s.value())) out.put(p.name().text(), s.value());
        }
        return out;
    }
}
