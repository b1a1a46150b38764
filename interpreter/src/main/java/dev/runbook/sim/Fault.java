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
 */
public record Fault(Kind kind, String target, String other, boolean before, String step, String healStep) {

    public enum Kind { CRASH, AGENT_DIES, FAIL, TIMEOUT, PARTITION }

    private static final String WHEN = "(before|after) step (\\S+)";
    private static final Pattern CRASH = Pattern.compile("crash (\\S+) " + WHEN);
    private static final Pattern AGENT = Pattern.compile("agent (\\S+) dies " + WHEN);
    private static final Pattern FAIL = Pattern.compile("fail step (\\S+)");
    private static final Pattern TIMEOUT = Pattern.compile("timeout step (\\S+)");
    private static final Pattern PARTITION = Pattern.compile("partition (\\S+) (\\S+) " + WHEN + "(?: heal after step (\\S+))?");

    public static Fault parse(String text) {
        String t = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        Matcher m;
        String original = text.strip().replaceAll("\\s+", " ");
        if ((m = CRASH.matcher(t)).matches()) {
            return new Fault(Kind.CRASH, word(original, 1), null, m.group(2).equals("before"), m.group(3), null);
        }
        if ((m = AGENT.matcher(t)).matches()) {
            return new Fault(Kind.AGENT_DIES, word(original, 1), null, m.group(2).equals("before"), m.group(3), null);
        }
        if ((m = FAIL.matcher(t)).matches()) return new Fault(Kind.FAIL, null, null, true, m.group(1), null);
        if ((m = TIMEOUT.matcher(t)).matches()) return new Fault(Kind.TIMEOUT, null, null, true, m.group(1), null);
        if ((m = PARTITION.matcher(t)).matches()) {
            return new Fault(Kind.PARTITION, word(original, 1), word(original, 2), m.group(3).equals("before"), m.group(4), m.group(5));
        }
        throw new IllegalArgumentException("`" + text + "` is not a fault: write crash HOST after step N, agent DB dies before step N, "
                + "fail step N, timeout step N, or partition H1 H2 after step N [heal after step M]");
    }

    private static String word(String text, int index) {
        return text.split(" ")[index];
    }

    /** The fault as it is written, to replay it with --fault. */
    public String spec() {
        String when = (before ? "before" : "after") + " step " + step;
        return switch (kind) {
            case CRASH -> "crash " + target + " " + when;
            case AGENT_DIES -> "agent " + target + " dies " + when;
            case FAIL -> "fail step " + step;
            case TIMEOUT -> "timeout step " + step;
            case PARTITION -> "partition " + target + " " + other + " " + when + (healStep == null ? "" : " heal after step " + healStep);
        };
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
