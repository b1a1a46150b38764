package dev.runbook.lint.rules;

import dev.runbook.ast.Item;
import dev.runbook.lint.Findings;
import dev.runbook.lint.LintContext;
import dev.runbook.lint.Rule;
import dev.runbook.source.Severity;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * timesten-model.md L-01: a step title that says it starts or stops an agent (the cache agent, the
 * replication agent) while the step's commands do the opposite, or act on the other agent.
 */
public final class TitleContradictsCommand implements Rule {

    /** "Restart the standby's cache agent", "Stop replication", "Start the active's replication agent". */
    private static final Pattern SAYS = Pattern.compile("\\b(restart|start|stop)s?\\b[^,;:]*?\\b(cache agent|replication)\\b");

    @Override public String id() { return "title-contradicts-command"; }

    @Override public Severity severity() { return Severity.WARNING; }

    @Override public String description() {
        return "a step title that says start or stop the cache or replication agent while its commands do something else (L-01)";
    }

    @Override
    public void check(LintContext context, Findings out) {
        for (Item.StepItem step : context.steps()) {
            if (step.title() == null) continue;
            Matcher m = SAYS.matcher(step.title().value().toLowerCase(Locale.ROOT));
            if (!m.find()) continue;
            String action = m.group(1).equals("stop") ? "stop" : "start";
            String agent = m.group(2).startsWith("cache") ? "cache" : "rep";
            Set<String> done = new HashSet<>();
            for (LintContext.Site site : context.sites()) {
                if (site.step() != step) continue;
                String called = LintContext.called(site.stmt());
                if (called == null) continue;
                String c = called.replaceFirst("^tt", "").toLowerCase(Locale.ROOT);
                if (c.matches("(rep|cache)(start|stop)")) done.add(c);
            }
            if (done.isEmpty() || done.contains(agent + action)) continue;
            String did = String.join(", ", done.stream().sorted().map(TitleContradictsCommand::words).toList());
            out.report(step.title().span(), "the title says " + action + " the " + (agent.equals("cache") ? "cache agent" : "replication agent")
                            + ", the step's commands " + did,
                    "make the command do what the title says, or the title say what the command does");
        }
    }

    private static String words(String verb) {
        return (verb.endsWith("start") ? "start" : "stop") + " the " + (verb.startsWith("cache") ? "cache agent" : "replication agent");
    }
}
