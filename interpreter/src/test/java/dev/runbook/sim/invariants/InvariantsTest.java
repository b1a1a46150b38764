package dev.runbook.sim.invariants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.engine.Event;
import dev.runbook.sim.Invariant;
import dev.runbook.sim.Invariants;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every invariant of docs/model.md that the simulator checks, with a runbook that breaks it (the
 * violation names the rule, the step and where the step is) and one that keeps it. The runbooks
 * are in src/test/resources/sim/invariants/.
 */
class InvariantsTest {

    static Event.InvariantViolated violated(String file, String id, String label) {
        return SimRun.assertResourceViolates("invariants/" + file, id, label);
    }

    static SimRun kept(String file, String id) {
        return SimRun.resource("invariants/" + file).assertStepsRan().assertKept(id);
    }

    static void says(Event.InvariantViolated v, String... words) {
        for (String w : words) assertTrue(v.message().contains(w), "`" + v.message() + "` must name " + w);
    }

    @Test
    @DisplayName("I-01 two ACTIVE masters: setActive on the standby while the active is ACTIVE")
    void i01() {
        says(violated("i01-violated.rbk", "I-01", "2"), "master1", "master2");
        kept("i01-kept.rbk", "I-01");
    }

    @Test
    @DisplayName("I-02 destroying the only copy of the data loses it; a ttMigrate file first keeps it")
    void i02() {
        says(violated("i02-violated.rbk", "I-02", "2"), "lost");
        kept("i02-kept.rbk", "I-02");
    }

    @Test
    @DisplayName("I-03 an online procedure deactivating the active under the applications; a paused role switch keeps it")
    void i03() {
        says(violated("i03-violated.rbk", "I-03", "2"), "master1", "IDLE");
        kept("i03-kept.rbk", "I-03");
    }

    @Test
    @DisplayName("I-03 a pause in an online runbook is bounded by the outage its header declares")
    void i03PauseBound() {
        says(violated("i03-unbounded.rbk", "I-03", "1"), "declares no bound", "online outage DURATION");
        // the pause and a first manual check (60 s each) pass 1m at step 2
        says(violated("i03-too-long.rbk", "I-03", "2"), "no writable database for 2m", "more than the 1m");
    }

    @Test
    @DisplayName("I-04 replication between 18.1 and 22.1 needs static ports")
    void i04() {
        says(violated("i04-violated.rbk", "I-04", "3"), "master1 -> master2", "18.1", "22.1", "master1 and master2");
        kept("i04-kept.rbk", "I-04");
    }

    @Test
    @DisplayName("I-05 replication between two character sets")
    void i05() {
        says(violated("i05-violated.rbk", "I-05", "3"), "AL32UTF8", "JA16SJIS", "master2");
        kept("i04-kept.rbk", "I-05");
    }

    @Test
    @DisplayName("I-06 replication between a 64-bit and a 32-bit database")
    void i06() {
        says(violated("i06-violated.rbk", "I-06", "3"), "64-bit (master1)", "32-bit (master2)");
        kept("i04-kept.rbk", "I-06");
    }

    @Test
    @DisplayName("I-07 replication from 18.1 to a database created in 22.1, not upgraded from 18.1")
    void i07() {
        says(violated("i07-violated.rbk", "I-07", "1"), "master2 was created in 22.1");
        kept("i04-kept.rbk", "I-07").assertField("master2", "upgradedFrom", "18.1");
        // a database whose history the runbook and the cluster file do not give is not accused
        kept("i07-kept-unknown.rbk", "I-07");
    }

    @Test
    @DisplayName("I-08 7.0 replicating with 6.0 without -insecure-backwards-compat")
    void i08() {
        says(violated("i08-violated.rbk", "I-08", "1"), "master2host", "-insecure-backwards-compat");
        kept("i08-kept.rbk", "I-08");
    }

    @Test
    @DisplayName("I-09 replication across 7.0 with a character set other than TIMESTEN8")
    void i09() {
        says(violated("i09-violated.rbk", "I-09", "1"), "TIMESTEN8", "master1");
        kept("i08-kept.rbk", "I-09");
    }

    @Test
    @DisplayName("I-11 an online major upgrade while the active has an AWT cache group; a read-only one is allowed")
    void i11() {
        says(violated("i11-violated.rbk", "I-11", "2"), "master2", "18.1", "22.1", "cacheuser.awtcache");
        kept("i11-kept.rbk", "I-11");
    }

    @Test
    @DisplayName("I-12 a new major release installed under a running database; stopping it first keeps the rule")
    void i12() {
        says(violated("i12-violated.rbk", "I-12", "1"), "master2 (18.1)", "master2host", "22.1");
        kept("i12-kept.rbk", "I-12");
    }

    @Test
    @DisplayName("I-13 a database restored by ttRestore whose instance changes to another bit level")
    void i13() {
        says(violated("i13-violated.rbk", "I-13", "1"), "copy", "64-bit", "32-bit", "solohost");
        kept("i13-kept.rbk", "I-13");
    }

    @Test
    @DisplayName("I-14 an in-place upgrade under a loaded database, or to a new major release; unloaded first keeps it")
    void i14() {
        says(violated("i14-violated.rbk", "I-14", "2"), "solohost", "solo", "loaded");
        says(violated("i14-violated-major.rbk", "I-14", "2"), "not a patch of 18.1");
        kept("i14-kept.rbk", "I-14");
    }

    @Test
    @DisplayName("I-15 more data than the PermSize")
    void i15() {
        says(violated("i15-violated.rbk", "I-15", "1"), "solo", "400 MB", "100 MB");
        kept("i15-kept.rbk", "I-15");
    }

    @Test
    @DisplayName("I-16 ttDestroy without -force on cache groups, or -force without cacheCleanUp.sql by the end")
    void i16() {
        says(violated("i16-violated.rbk", "I-16", "2"), "solo", "cacheuser.readcache", "-force");
        Event.InvariantViolated end = SimRun.resource("invariants/i16-violated-cleanup.rbk").assertViolated("I-16", "end", null);
        says(end, "cacheCleanUp.sql", "solo");
        kept("i16-kept.rbk", "I-16").assertOk();
    }

    @Test
    @DisplayName("I-17 a cache in another character set than the Oracle database's")
    void i17() {
        says(violated("i17-violated.rbk", "I-17", "1"), "solo", "AL32UTF8", "JA16SJIS");
        kept("i17-kept.rbk", "I-17");
    }

    @Test
    @DisplayName("I-18 a duplicate from a source whose agent is stopped is refused by duplicate's precondition")
    void i18() {
        SimRun run = SimRun.resource("invariants/i18-refused.rbk");
        Event.PreconditionFailed p = run.assertRefused("duplicate", "the source's replication agent must run");
        assertEquals("2", p.label());
        kept("i18-kept.rbk", "I-18").assertField("subscriber1", "duplicatedFrom", "master2");
    }

    @Test
    @DisplayName("I-18 the rule itself, on states no verb can reach: a copy whose source's agent was stopped")
    void i18OnStates() {
        ModelState before = new ModelState();
        Value.Ref source = before.add("database", "master2").ref();
        before.set(source, "exists", Value.of(true));
        before.set(source, "rep", new Value.Sym("down"));
        Value.Ref copy = before.add("database", "subscriber1").ref();
        before.set(copy, "exists", Value.of(false));
        ModelState after = before.copy();
        after.set(copy, "exists", Value.of(true));
        after.set(copy, "origin", new Value.Sym("duplicated"));
        after.set(copy, "duplicatedFrom", source);
        Invariant rule = Invariants.all().stream().filter(i -> i.id().equals("I-18")).findFirst().orElseThrow();
        Invariant.RunFacts facts = new Invariant.RunFacts(false, -1, false);
        assertEquals(Optional.of("subscriber1 was duplicated from master2, whose replication agent was not running"),
                rule.check(before, after, facts));
        before.set(source, "rep", new Value.Sym("up"));
        assertEquals(Optional.empty(), rule.check(before, after, facts));
    }

    @Test
    @DisplayName("I-19 a role switch before the standby caught up; waiting for caughtUp keeps it")
    void i19() {
        says(violated("i19-violated.rbk", "I-19", "4"), "master2 became ACTIVE without", "committed transactions");
        kept("i19-kept.rbk", "I-19");
    }

    @Test
    @DisplayName("I-19 the switch needs a ttRepSubscriberWait that returned 00 from the old active, with no write after it")
    void i19NeedsProof() {
        // the standby has caught up during the minute, but nothing proved it
        says(violated("i19-unproved.rbk", "I-19", "4"), "nothing proved it holds every transaction of master1",
                "wait caughtUp master2 from master1");
        says(violated("i19-stale.rbk", "I-19", "4"), "ran while the applications still wrote to master1");
        // a check of the standby against itself never answers 00 (C-13: B is a peer): the wait times
        // out at step 2, before the switch it would have let through
        SimRun self = SimRun.resource("invariants/i19-wrong-pair.rbk");
        assertTrue(self.violation().isEmpty(), self.trace());
        Event.WaitTimedOut timedOut = self.events(Event.WaitTimedOut.class).get(0);
        assertEquals("2", timedOut.label(), self.trace());
        assertEquals("caughtUp standby from standby", timedOut.condition());
        says(violated("i19-resumed.rbk", "I-19", "5"), "master1 committed", "after ttRepSubscriberWait returned 00");
        kept("i19-kept.rbk", "I-19").assertField("master2", "caughtUpFrom", "master1");
    }

    @Test
    @DisplayName("I-34 the active keeps no log for a destroyed standby: mark it FAILED first")
    void i34() {
        says(SimRun.resource("invariants/i34-violated.rbk").assertViolated("I-34", "end", null), "master1 (ACTIVE) still replicates to master2 (start)",
                "markFailed master2 from master1");
        kept("i34-kept.rbk", "I-34");
        kept("i34-kept-rebuilt.rbk", "I-34");
    }

    @Test
    @DisplayName("I-36 the updates of an AWT cache group reach Oracle before the last database holding them is destroyed")
    void i36() {
        says(violated("i36-violated.rbk", "I-36", "2"), "master1", "cacheuser.awtcache", "'_ORACLE'");
        kept("i36-kept.rbk", "I-36").assertOk();
    }

    @Test
    @DisplayName("I-32 the active and the standby on one host")
    void i32() {
        says(violated("i32-violated.rbk", "I-32", "1"), "master1 and master2", "master1host");
        kept("i32-kept.rbk", "I-32");
    }

    @Test
    @DisplayName("I-33 a ttMigrate file and a backup that do not fit on the host's disk")
    void i33() {
        says(violated("i33-violated.rbk", "I-33", "2"), "solohost", "1536 MB", "1500 MB");
        kept("i33-kept.rbk", "I-33");
    }
}
