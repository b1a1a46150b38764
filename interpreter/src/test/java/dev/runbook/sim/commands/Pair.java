package dev.runbook.sim.commands;

import dev.runbook.sim.SimRun;

/**
 * Small runbooks over an active standby pair for the command tests: master1 ACTIVE on
 * master1host, master2 STANDBY on master2host, subscriber1 on subscriber1host, all 18.1, the
 * applications writing to master1. Extra `require` lines set the starting point of a test.
 */
final class Pair {
    private Pair() {}

    static final String HEADER = """
            runbook t "A command test"
              require state active == ACTIVE and state standby == STANDBY
              require role of [active, standby] == master and role of subscribers == subscriber
              require major of [active, standby] == "18.1" and major of subscribers == "18.1"
              require apps.target == active and not apps.paused
            %s
            use timesten
            use cache

            param active = master1 on "master1host"
            param standby = master2 on "master2host"
            param subscribers: [database] = [subscriber1 on "subscriber1host"]
            param solo = solo on "solohost"
            param admin = credential "pat"
            param release = "22.1"

            """;

    /** A runbook: the pair, the extra require lines (each a condition), then the steps. */
    static String runbook(String requires, String steps) {
        StringBuilder extra = new StringBuilder();
        for (String line : requires.strip().split("\n")) {
            if (!line.isBlank()) extra.append("  require ").append(line.strip()).append('\n');
        }
        return HEADER.formatted(extra) + steps.stripIndent();
    }

    static SimRun run(String requires, String steps) {
        return SimRun.of(runbook(requires, steps));
    }
}
