package dev.runbook.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.sim.SimRun;
import dev.runbook.source.Severity;
import dev.runbook.source.Source;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * start-after-upgrade-wrong-db (L-02) and order-differs-between-versions (L-11), case by case:
 * what they flag, and the correct procedures they leave alone.
 */
class UpgradeRulesTest {

    static final Linter LINTER = new Linter(SimRun.checker(), new Linter.Options(Set.of(), false));

    static List<Finding> findings(String rule, String text) {
        return LINTER.lint(Source.of("u.rbk", text)).stream().filter(f -> f.rule().equals(rule)).toList();
    }

    static final String L02 = "start-after-upgrade-wrong-db";

    static String pair(String header, String steps) {
        return """
                runbook u "Upgrade"
                  require state active == ACTIVE and state standby == STANDBY
                  require rep of [active, standby] == up
                %s
                use timesten

                param active = master1 on "master1host"
                param standby = master2 on "master2host"
                param subscribers = [subscriber1 on "subscriber1host"]
                param release = "22.1.1.2"

                %s""".formatted(header, steps);
    }

    @Test
    void theUpgradedDatabaseStartedIsRight() {
        assertEquals(List.of(), findings(L02, pair("", """
                step 1 "Upgrade the standby":
                  on standby.host:
                    repStop standby
                    installPatch release
                    repStart standby
                """)));
    }

    @Test
    void anotherDatabaseStartedWhileTheUpgradedOneWaitsIsFlaggedOnce() {
        List<Finding> found = findings(L02, pair("", """
                step 1 "Stop":
                  on standby.host: repStop standby
                  on active.host: repStop active

                step 2 "Upgrade the standby's instance":
                  installPatch release at standby.host

                step 3 "Restart":
                  on active.host: repStart active
                  on active.host: repStop active
                  on active.host: repStart active
                """));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).message().contains("step 2 upgraded the instance of `standby`"), found.get(0).message());
    }

    @Test
    void bothHostsUpgradedAndBothStartedInEitherOrderIsRight() {
        assertEquals(List.of(), findings(L02, pair("", """
                step 1 "Upgrade both":
                  on standby.host: repStop standby
                  on active.host: repStop active
                  on standby.host: installPatch release
                  on active.host: installPatch release
                  on active.host: repStart active
                  on standby.host: repStart standby
                """)));
    }

    @Test
    void eachSubscriberOfALoopIsItsOwnUpgrade() {
        assertEquals(List.of(), findings(L02, pair("  require rep of subscribers == up", """
                step 1 "Upgrade each subscriber":
                  for sub in subscribers:
                    on sub.host:
                      repStop sub
                      install release
                      repStart sub
                """)));
    }

    @Test
    void aStartUnderAnIfOrAnAgentTheRunbookNeverNamesIsNotReported() {
        assertEquals(List.of(), findings(L02, pair("", """
                step 1 "Upgrade the standby's instance":
                  on standby.host:
                    repStop standby
                    installPatch release

                step 2 "Maybe":
                  if standby.rep == down:
                    on active.host: repStart active
                """)));
        // no cache agent of the standby is ever spoken of: starting the active's is not about the upgrade
        assertEquals(List.of(), findings(L02, pair("  require cache of active == down", """
                step 1 "Upgrade the standby's instance":
                  on standby.host:
                    repStop standby
                    installPatch release

                step 2 "Start the active's cache agent":
                  on active.host: cacheStart active

                step 3 "Restart the standby":
                  on standby.host: repStart standby
                """)));
    }

    static final String L11 = "order-differs-between-versions";
    static final String A6 = "  source \"000_5f4c3cf0c30dadb1.txt\" section \"Online Patch Upgrade for Active Master (Cache Groups)\" lines 172-200";
    static final String B6 = "  source \"001_dcd8a5ab91d5af84.txt\" section \"キャッシュ・グループを使用したアクティブ・マスター・データベースのパッチ・アップグレード\" lines 354-372";
    static final String CACHE_FIRST = """
            step 1 "Stop the active's cache agent":
              on active.host: cacheStop active

            step 2 "Stop the active's replication agent":
              on active.host: repStop active
            """;

    static String cg(String sources, String steps) {
        return """
                runbook u "Versions"
                %s
                  require state active == ACTIVE and state standby == STANDBY
                  require rep of [active, standby] == up and cache of [active, standby] == up

                use timesten
                use cache

                param active = master1 on "master1host"
                param standby = master2 on "master2host"

                %s""".formatted(sources, steps);
    }

    @Test
    void theOrderOfTheCitedVersionIsANoteThatNamesTheOther() {
        List<Finding> found = findings(L11, cg(A6, CACHE_FIRST));
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.NOTE, found.get(0).severity());
        assertEquals(13, found.get(0).span().line(), "at the statement that moves");
        assertTrue(found.get(0).message().contains("as in the version this runbook cites: 000 A6"), found.get(0).message());
        assertTrue(found.get(0).message().contains("001 L357-361"), found.get(0).message());
    }

    @Test
    void theOtherVersionsOrderSaysSo() {
        List<Finding> found = findings(L11, cg(B6, CACHE_FIRST));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).message().contains("as in the other version: 000 A6"), found.get(0).message());
        assertTrue(found.get(0).message().contains("the version this runbook cites differs: 001 B6"), found.get(0).message());
    }

    @Test
    void noVersionOrBothVersionsCitedOrAnotherDatabaseIsNotReported() {
        assertEquals(List.of(), findings(L11, cg("", CACHE_FIRST)));
        assertEquals(List.of(), findings(L11, cg(A6 + "\n" + B6, CACHE_FIRST)), "a runbook citing both has chosen in the open");
        // A5 (000 L151-170), the standby's procedure, orders the same in both versions
        assertEquals(List.of(), findings(L11, cg(A6.replace("172-200", "151-170"), CACHE_FIRST)));
        assertEquals(List.of(), findings(L11, cg(A6, CACHE_FIRST.replace("repStop active", "repStop standby").replace("on active.host: repStop", "on standby.host: repStop"))));
    }
}
