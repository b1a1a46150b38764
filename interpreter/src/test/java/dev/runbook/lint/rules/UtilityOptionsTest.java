package dev.runbook.lint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.lint.Linter;
import dev.runbook.sim.SimRun;
import dev.runbook.source.Source;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** utility-options over the seeds' own command lines: their typos flagged, their correct lines not. */
class UtilityOptionsTest {

    static String problem(String line) {
        for (List<String> command : UtilityOptions.commands(line)) {
            String p = UtilityOptions.problem(command.toArray(new String[0]));
            if (p != null) return p;
        }
        return null;
    }

    @Test
    void theSeedsTyposAreFlagged() {
        // 001 L163, L171, L172
        assertTrue(problem("ttMigrate -r -noRepUpgrade \"DSN=salesdata;AutoCreate\\=1\" /tmp/salesbackup").contains("stray backslash"));
        assertTrue(problem("/opt/TimesTen/giraffe32/bin/ttMigrate -c -noRepUpgrade DSN=salesdata32/tmp/salesbackup").contains("runs into a path"));
        assertTrue(problem("/opt/TimesTen/giraffe64/bin/ttMigrate -r -noRepUpgrade \"DSN=salesdata64;AutoCreate=1\"/tmp/salesbackup").contains("runs into a path"));
        assertEquals("`ttRepAdmin -state -start`: -state takes one of start, pause, stop",
                problem("ttRepAdmin -receiver -name master2 -state -start start master1"));
        assertTrue(problem("ttRepAdmin -receiver -name master2 -state begin master1").contains("-state takes one of start, pause, stop"));
        assertTrue(problem("ttisql -connstr \"dsn=ocmsdb\"").contains("it is `ttIsql`"));
        assertTrue(problem("ttStatus; ttdestroy master2").contains("it is `ttDestroy`"), "every command of a line is checked");
    }

    @Test
    void theSeedsCorrectLinesAreNot() {
        assertNull(problem("ttRepAdmin -duplicate -from master2 -host master2host -nokeepCG -uid pat -pwd x subscriber1"));
        assertNull(problem("ttMigrate -r -convertTypesToOra salesdata salesdata.mig"));
        assertNull(problem("ttMigrate -r -noRepUpgrade \"DSN=salesdata64;AutoCreate=1\" /tmp/salesbackup"));
        assertNull(problem("ttRepAdmin -connStr DSN=master1 -receiver -name master2 -state pause"));
        assertNull(problem("ttAdmin -repPolicy manual ocmsdb && ttAdmin -repStop ocmsdb"));
        assertNull(problem("ls -l /tmp | grep -v x"));
    }

    static String problem(String line, String release) {
        for (List<String> command : UtilityOptions.commands(line)) {
            String p = UtilityOptions.problem(command.toArray(new String[0]), release);
            if (p != null) return p;
        }
        return null;
    }

    @Test
    void whatAReleaseChangesIsCheckedUnderThatReleaseOnly() {
        // 001 L39's restore, under the release it upgrades to and under the one it comes from
        String convert = "ttMigrate -r -convertTypesToOra salesdata salesdata.mig";
        assertNull(problem(convert, "11.2.1"));
        assertNull(problem(convert, "7.0.5.1.0"));
        assertTrue(problem(convert, "6.0").contains("from 7.0"), problem(convert, "6.0"));
        assertNull(problem(convert, null), "a release the runbook does not settle: silent");
        assertNull(problem("/opt/TimesTen/tt60/bin/ttMigrate -r -convertTypesToOra s f", "6.0"), "a path names another installation");
        // connection attributes a release does not have
        assertTrue(problem("ttIsql -connStr \"DSN=x;CacheGridEnable=0\"", "7.0").contains("11.2.1"));
        assertNull(problem("ttIsql -connStr \"DSN=x;CacheGridEnable=0\"", "11.2.1"));
        assertNull(problem("ttIsql -connStr \"DSN=x;CacheGridEnable=0\"", "22.1"), "the seeds say nothing of 18.1 and later");
        assertTrue(problem("ttMigrate -r \"DSN=x;databasecharacterset=AL32UTF8\" f", "6.0").contains("ignores"));
        assertNull(problem("ttMigrate -r \"DSN=x;DatabaseCharacterSet=AL32UTF8\" f", "7.0"));
        // an option a release requires: the seeds' duplicates pass under their releases (001 L199, L416; 000 L123, L255, L479)
        assertNull(problem("ttRepAdmin -duplicate -from master1 -host masterhost -uid pat -pwd patpwd -setMasterRepStart subscriber1", "11.2.1"));
        assertNull(problem("ttRepAdmin -duplicate -from master2 -host master2host -uid pat -pwd patpwd -cacheuid terry -cachepwd terrypwd -keepCG "
                + "-setMasterRepStart \"DSN=master1;UID=;PWD=;PWDCrypt=\"", "11.2.1"));
        assertNull(problem("ttRepAdmin -duplicate -from master1 -host master1host -UID pat -PWD patpwd -keepCG -cacheUid cacheuser -cachePwd cachepwd master2", "22.1"));
        assertNull(problem("ttRepAdmin -duplicate -from master2 -host master2host -nokeepCG -uid pat -pwd patpwd subscriber1", "22.1"));
        assertTrue(problem("ttRepAdmin -duplicate -from master1 -host h master2", "22.1").contains("-uid"));
        assertNull(problem("ttRepAdmin -duplicate -from master1 -host h master2", "7.0"));
        assertNull(problem("ttRepAdmin -receiver -name master2 -state pause master1", "22.1"), "only -duplicate needs the user");
    }

    static final Linter LINTER = new Linter(SimRun.checker(), new Linter.Options(Set.of(), false));

    /** The lines utility-options flags in a runbook whose statements follow a short header. */
    static List<Integer> flagged(String header, String steps) {
        String text = "runbook r \"Releases\"\n" + header + "\nuse timesten\n\nparam active = master1 on \"masterhost\"\n"
                + "param sub = subscriber1 on \"subscriberhost\"\nparam release = \"11.2.1\"\n\n" + steps;
        return LINTER.lint(Source.of("r.rbk", text)).stream().filter(f -> f.rule().equals("utility-options")).map(f -> f.span().line()).toList();
    }

    @Test
    void theHostsReleaseIsTheRequiredOneUntilAnInstall() {
        String restore = "sh \"ttMigrate -r -convertTypesToOra DSN=master1 master1.bak\"";
        String steps = "step 1 \"Restore in 6.0\":\n  on active.host: " + restore + "\n\n"
                + "step 2 \"Install\":\n  on active.host: install release\n\n"
                + "step 3 \"Restore in 11.2.1\":\n  on active.host: " + restore + "\n\n"
                + "step 4 \"On a host no require speaks of\":\n  on sub.host: sh \"ttMigrate -r -convertTypesToOra DSN=subscriber1 s.bak\"\n";
        assertEquals(List.of(10), flagged("  require active.major == \"6.0\"", steps));
        assertEquals(List.of(), flagged("  require active.release == release", steps), "11.2.1 from the start");
        assertEquals(List.of(), flagged("", steps), "no release said: silent");
        // an install at a host named by its argument, outside any on block
        assertEquals(List.of(), flagged("  require active.major == \"6.0\"", "step 1 \"Install\":\n  install release at active.host\n\n"
                + "step 2 \"Restore\":\n  on active.host: " + restore + "\n"));
        // an install under an if: the release after it is unknown
        String conditional = "step 1 \"Install maybe\":\n  if active.rep == down:\n    on active.host: install \"6.0\"\n\n"
                + "step 2 \"Restore\":\n  on active.host: " + restore + "\n";
        assertEquals(List.of(), flagged("  require active.major == \"11.2.1\"", conditional));
    }

    @Test
    void aHostWithDatabasesOfTwoReleasesHasNoOneRelease() {
        String text = "runbook r \"Two instances\"\n  require old.major == \"6.0\" and new.major == \"11.2.1\"\n\nuse timesten\n\n"
                + "param old = db60 on \"h\"\nparam new = db112 on \"h\"\n\n"
                + "step 1 \"Restore\":\n  on new.host: sh \"ttMigrate -r -convertTypesToOra DSN=db112 f\"\n";
        assertEquals(List.of(), LINTER.lint(Source.of("r.rbk", text)).stream().filter(f -> f.rule().equals("utility-options")).toList());
    }
}
