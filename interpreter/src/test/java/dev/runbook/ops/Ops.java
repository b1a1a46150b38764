package dev.runbook.ops;

import dev.runbook.engine.Event;
import dev.runbook.sim.SimRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Small runbooks for the cache and OCMS tests: a database master1 on master1host, the OCMS
 * databases ocmsdb1 and ocmsdb2 (both DSN ocmsdb) on node1 and node2, an Edge Proxy host, the
 * users pat and cacheuser. Extra `require` lines set the starting point of a test.
 */
final class Ops {
    private Ops() {}

    static final String HEADER = """
            runbook t "An operations test"
              require node1db.name == "ocmsdb" and node2db.name == "ocmsdb"
            %s
            use timesten
            use cache
            use ocms

            param active = master1 on "master1host"
            param node1db = ocmsdb1 on "node1.example.com"
            param node2db = ocmsdb2 on "node2.example.com"
            param node1 = host "node1.example.com"
            param node2 = host "node2.example.com"
            param edge = host "edge.example.com"
            param admin = credential "pat"
            param cacheuser = credential "cacheuser"

            """;

    /** A runbook: the cluster, the extra require lines (each a condition), then the steps. */
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

    /** A whole runbook under src/test/resources/ops/. */
    static SimRun resource(String path) {
        return SimRun.of(read("ops/" + path));
    }

    static String read(String path) {
        try (var in = Ops.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command lines the run sent, one a line. */
    static String commands(SimRun run) {
        StringBuilder out = new StringBuilder();
        for (Event.CommandIssued c : run.events(Event.CommandIssued.class)) out.append(c.host()).append("$ ").append(c.command()).append('\n');
        return out.toString();
    }
}
