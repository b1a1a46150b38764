package dev.runbook.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The grammars of the names the model binds (docs/cli.md, "Names"). */
class NamesTest {

    @Test
    void hosts() {
        for (String ok : List.of("master1host", "node2.example.com", "a", "1host", "h-2.x", "10.0.0.1", "::1", "fe80::1:2",
                "2001:db8:0:0:0:0:2:1", "::ffff:192.0.2.1", "a".repeat(63))) {
            assertTrue(Names.valid(Names.Kind.HOST, ok), ok);
        }
        for (String bad : List.of("", "h$(id)", "-h", "h-", "a..b", "a.", "h_1", "h 1", "256.1.1.1", "1.2.3", "01.2.3.4",
                "a".repeat(64), "1::2::3", "1:2:3:4:5:6:7:8:9", "fe80::g", "[::1]", "héte")) {
            assertFalse(Names.valid(Names.Kind.HOST, bad), bad);
        }
    }

    @Test
    void databasesUsersAndReleases() {
        assertTrue(Names.valid(Names.Kind.DATABASE, "ocmsdb"));
        assertTrue(Names.valid(Names.Kind.DATABASE, "a".repeat(32)));
        assertFalse(Names.valid(Names.Kind.DATABASE, "a".repeat(33)));
        assertFalse(Names.valid(Names.Kind.DATABASE, "1db"));
        assertFalse(Names.valid(Names.Kind.DATABASE, "db-1"));
        assertTrue(Names.valid(Names.Kind.USER, "cacheuser"));
        assertTrue(Names.valid(Names.Kind.USER, "a$b#c@d_1"));
        assertFalse(Names.valid(Names.Kind.USER, "pat/patpwd"));
        assertFalse(Names.valid(Names.Kind.USER, "a".repeat(31)));
        assertFalse(Names.valid(Names.Kind.USER, "_x"));
        assertTrue(Names.valid(Names.Kind.RELEASE, "22.1.1.2"));
        assertTrue(Names.valid(Names.Kind.RELEASE, "7"));
        assertFalse(Names.valid(Names.Kind.RELEASE, ""));
        assertFalse(Names.valid(Names.Kind.RELEASE, "22."));
        assertFalse(Names.valid(Names.Kind.RELEASE, "22.1a"));
    }

    @Test
    void problemsSayWhy() {
        assertEquals("it is empty", Names.problem(Names.Kind.RELEASE, "").orElseThrow());
        assertEquals("it holds the character \"$\"", Names.problem(Names.Kind.HOST, "h$(id)").orElseThrow());
        assertEquals("it does not start with a letter", Names.problem(Names.Kind.DATABASE, "9x").orElseThrow());
        assertEquals("it has 33 characters, more than 32", Names.problem(Names.Kind.DATABASE, "a".repeat(33)).orElseThrow());
    }

    @Test
    void displayEscapesWhatCouldFakeALine() {
        assertEquals("\"a\\nb\\u001b[2J\\\"\\\\\"", Names.display("a\nb\u001b[2J\"\\"));
    }
}
