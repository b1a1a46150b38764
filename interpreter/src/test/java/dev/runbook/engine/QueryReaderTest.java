package dev.runbook.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runbook.check.CheckResult;
import dev.runbook.check.Vocabulary;
import dev.runbook.sim.SimRun;
import dev.runbook.sim.Value;
import org.junit.jupiter.api.Test;

/** A query's value read from its command's output as its `reads` declares, and a clear refusal when the output holds none. */
class QueryReaderTest {

    static final CheckResult STDLIB = SimRun.check("""
            module readers "The queries of the standard library, and one that declares no reads"

            use timesten
            use cache

            query unread (db: database) -> repstate:
              sql "call ttRepStateGet"
              on db
              model db.state
            """);

    static Vocabulary.Callable query(String name) {
        return STDLIB.vocabulary().queries().get(name);
    }

    static final String STANDBY = """
            connect "DSN=master2";
            Connection successful: DSN=master2;UID=timesten;
            (Default setting AutoCommit=1)

            call ttRepStateGet;
            < STANDBY >
            1 row found.

            quit;
            """;

    @Test
    void theReplicationStateIsTheStateNameBetweenTheBrackets() throws QueryReader.Unreadable {
        assertEquals(new Value.Sym("STANDBY"), QueryReader.read(query("state"), STANDBY));
        assertEquals(new Value.Sym("ACTIVE"), QueryReader.read(query("state"), "< ACTIVE >\n1 row found.\n"));
    }

    @Test
    void aBoolQueryIsWhetherItsExpressionIsFound() throws QueryReader.Unreadable {
        assertEquals(Value.of(true), QueryReader.read(query("caughtUp"), "call ttRepSubscriberWait(null, null, 'master2', 'master2host', 10);\n< 00 >\n1 row found.\n"));
        assertEquals(Value.of(false), QueryReader.read(query("caughtUp"), "< 01 >\n1 row found.\n"));
    }

    @Test
    void aNumberQueryReadsItsGroupAsANumber() throws QueryReader.Unreadable {
        assertEquals(new Value.Num(256), QueryReader.read(query("permInUse"), "< 256 >\n1 row found.\n"));
    }

    @Test
    void outputWithoutTheValueIsRefusedWithTheExpressionAndTheOutput() {
        QueryReader.Unreadable none = assertThrows(QueryReader.Unreadable.class,
                () -> QueryReader.read(query("state"), "  830: Cannot connect to data store master2\nThe command failed.\n"));
        assertTrue(none.getMessage().startsWith("cannot read `state` from the output with `reads \"<\\s*(\\w+)\\s*>\"`: it does not match"),
                none.getMessage());
        assertTrue(none.getMessage().contains("Cannot connect to data store master2"), none.getMessage());
    }

    @Test
    void aWordThatIsNoValueOfTheTypeIsRefused() {
        QueryReader.Unreadable bogus = assertThrows(QueryReader.Unreadable.class, () -> QueryReader.read(query("state"), "< SPLIT >\n"));
        assertTrue(bogus.getMessage().contains("`SPLIT` is not a repstate (none, IDLE, ACTIVE, STANDBY, RECOVERING, FAILED)"), bogus.getMessage());
        QueryReader.Unreadable notNumber = assertThrows(QueryReader.Unreadable.class, () -> QueryReader.read(query("permInUse"), "< many >\n"));
        assertTrue(notNumber.getMessage().contains("does not match"), notNumber.getMessage());
    }

    @Test
    void aQueryWithoutReadsCannotBeReadByARun() {
        QueryReader.Unreadable unread = assertThrows(QueryReader.Unreadable.class, () -> QueryReader.read(query("unread"), STANDBY));
        assertEquals("the query `unread` declares no `reads`: a run cannot read its value from the output", unread.getMessage());
    }
}
