package dev.runbook.lint.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
}
