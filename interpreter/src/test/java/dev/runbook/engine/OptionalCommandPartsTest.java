package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runbook.sim.SimRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A verb's command with optional parts ({@code sql "..." if COND}): the standard createPair with and without ports. */
class OptionalCommandPartsTest {

    private static SimRun createPair(String args) {
        return SimRun.of("""
                runbook t "create a pair"
                  require active.rep == down and active.scheme == none
                use timesten

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                step 1:
                  on active.host: createPair active standby standby%s
                """.formatted(args));
    }

    private static List<String> sent(SimRun run) {
        return run.events(Event.CommandIssued.class).stream().map(Event.CommandIssued::command).toList();
    }

    @Test
    void withoutPortsTheStatementEndsAfterThePair() {
        SimRun run = createPair("");
        assertEquals(List.of("ttIsql -connStr DSN=master1 -e 'CREATE ACTIVE STANDBY PAIR master1 ON \"master1host\", "
                + "master2 ON \"master2host\"; quit;'"), sent(run));
        run.assertField("master1", "port", "0");
    }

    @Test
    void withPortsEachStoreGetsItsStoreClause() {
        SimRun run = createPair(" port 20000 standbyPort 20010");
        assertEquals(List.of("ttIsql -connStr DSN=master1 -e 'CREATE ACTIVE STANDBY PAIR master1 ON \"master1host\", "
                + "master2 ON \"master2host\" STORE master1 ON \"master1host\" PORT 20000 STORE master2 ON \"master2host\" PORT 20010; quit;'"),
                sent(run));
        run.assertField("master1", "port", "20000").assertField("master2", "port", "20010");
    }

    @Test
    void aPortForOneStoreOnlyIsRefused() {
        createPair(" port 20000").assertRefused("createPair", "give a port for both stores");
    }
}
