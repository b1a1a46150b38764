package dev.runbook.sim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault injected at a step boundary, written as on the command line:
 * <pre>
 * crash HOST after step N          the host goes down: its agents stop, its databases take nothing
 * agent DB dies before step N      the replication agent of DB stops
 * fail step N                      the first command of step N fails on its host
 * timeout step N                   the first wait of step N times out
 * partition H1 H2 after step N [heal after step M]
 * </pre>
 * Each may end with {@code for VALUE} to name one pass of a {@code for} loop of step N, the one
 * whose variable shows as VALUE: {@code fail step 17-22 for subscriber2} fails the first command
 * of that pass, {@code crash subscriber2host after step 17-22 for subscriber2} crashes the host
 * when that pass ends.
 * N (and M) is a step's label as the trace prints it: {@code 7} for a step of the runbook,
 * {@code 1-6/3} for step 3 of the sub-runbook that step 1-6 runs. Hosts and databases are
 * read as written, the rest in any case.
 */
public record Fault(Kind kind, String target, String other, boolean before, String step, String healStep, String pass) {

    public Fault(Kind kind, String target, String other, boolean before, String step, String healStep) {
        this(kind, target, other, before, step, healStep, null);
    }

    public enum Kind { CRASH, AGENT_DIES, FAIL, TIMEOUT, PARTITION }

    private static final String WHEN = "(before|after) step (\\S+)";
    private static final Pattern CRASH = pattern("crash (\\S+) " + WHEN);
    private static final Pattern AGENT = pattern("agent (\\S+) dies " + WHEN);
    private static final Pattern FAIL = pattern("fail step (\\S+)");
    private static final Pattern TIMEOUT = pattern("timeout step (\\S+)");
    private static final Pattern PARTITION = pattern("partition (\\S+) (\\S+) " + WHEN + "(?: heal after step (\\S+))?");

    private static Pattern pattern(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }

    private static final Pattern PASS = pattern("(.*) for (\\S+)");

    public static Fault parse(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        Matcher pass = PASS.matcher(t);
        if (pass.matches()) {
            Fault f = parse(pass.group(1));
            return new Fault(f.kind, f.target, f.other, f.before, f.step, f.healStep, pass.group(2));
        }
        Matcher m;
        if ((m = CRASH.matcher(t)).matches()) {
            return new Fault(Kind.CRASH, m.group(1), null, isBefore(m.group(2)), label(m.group(3)), null);
        }
        if ((m = AGENT.matcher(t)).matches()) {
            return new Fault(Kind.AGENT_DIES, m.group(1), null, isBefore(m.group(2)), label(m.group(3)), null);
        }
        if ((m = FAIL.matcher(t)).matches()) return new Fault(Kind.FAIL, null, null, true, label(m.group(1)), null);
        if ((m = TIMEOUT.matcher(t)).matches()) return new Fault(Kind.TIMEOUT, null, null, true, label(m.group(1)), null);
        if ((m = PARTITION.matcher(t)).matches()) {
            return new Fault(Kind.PARTITION, m.group(1), m.group(2), isBefore(m.group(3)), label(m.group(4)),
                    m.group(5) == null ? null : label(m.group(5)));
        }
        throw new IllegalArgumentException("`" + text + "` is not a fault: write crash HOST after step N, agent DB dies before step N, "
                + "fail step N, timeout step N, or partition H1 H2 after step N [heal after step M], "
                + "N being a step as the trace labels it (7, or 1-6/3 for a step of the sub-runbook step 1-6 runs), "
                + "and `for VALUE` at the end for one pass of a loop of that step");
    }

    /** Step labels are lower case (StepNumber): {@code 12A} names step {@code 12a}. */
    private static String label(String step) {
        return step.toLowerCase(Locale.ROOT);
    }

    private static boolean isBefore(String when) {
        return when.toLowerCase(Locale.ROOT).equals("before");
    }

    /**
     * Whether the fault fires at a step boundary (crash, agent, partition: before or after the step)
     * rather than inside the step (fail: its first command; timeout: its first wait).
     */
    public boolean atBoundary() {
        return kind != Kind.FAIL && kind != Kind.TIMEOUT;
    }

    /** The fault as it is written, to replay it with --fault. */
    public String spec() {
        String when = (before ? "before" : "after") + " step " + step;
        String base = switch (kind) {
            case CRASH -> "crash " + target + " " + when;
            case AGENT_DIES -> "agent " + target + " dies " + when;
            case FAIL -> "fail step " + step;
            case TIMEOUT -> "timeout step " + step;
            case PARTITION -> "partition " + target + " " + other + " " + when + (healStep == null ? "" : " heal after step " + healStep);
        };
        return pass == null ? base : base + " for " + pass;
    }

    /** Applies a fault that changes the model (crash, agent, partition) to the state. */
    public void apply(ModelState state) {
        switch (kind) {
            case CRASH -> {
                Value.Ref host = new Value.Ref("host", target);
                if (state.instance(host) == null) throw new IllegalArgumentException("no host `" + target + "` in this runbook");
                state.set(host, "up", Value.of(false));
                for (ModelState.Instance db : state.all("database")) {
                    if (host.equals(db.fields.get("host"))) db.fields.put("rep", new Value.Sym("down"));
                }
            }
            case AGENT_DIES -> {
                Value.Ref db = new Value.Ref("database", target);
                if (state.instance(db) == null) throw new IllegalArgumentException("no database `" + target + "` in this runbook");
                state.set(db, "rep", new Value.Sym("down"));
            }
            case PARTITION -> state.partition(target, other, true);
            default -> { }
        }
    }

    public void heal(ModelState state) {
        if (kind == Kind.PARTITION) state.partition(target, other, false);
    }
}
