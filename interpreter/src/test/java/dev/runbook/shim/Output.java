package dev.runbook.shim;

import dev.runbook.ast.VerbClause;
import dev.runbook.check.Type;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import java.util.ArrayList;
import java.util.List;


/**
 * What a shimmed program prints, in TimesTen's words where the documents show them (seeds 000
 * L235 and L307: {@code < STANDBY >} and {@code 1 row found.}), from the model's state after the
 * command. A query's answer is printed so that the query's own {@code reads} gives back the
 * model's value; {@link Shim} checks that it does.
 */
final class Output {

    record Printed(int exit, String out, String err) {}

    private final ShimCluster.World world;
    private final String host;
    private final String program;
    private final List<String> argv;

    Output(ShimCluster.World world, String host, String program, List<String> argv) {
        this.world = world;
        this.host = host;
        this.program = program;
        this.argv = argv;
    }

    /** The output of a verb that succeeded. */
    String done(CommandMatcher.Match m) {
        return switch (program) {
            case "ttAdmin" -> policies(m.env().lookup("db"));
            case "ttIsql" -> isql(m, null);
            case "ttStatus" -> status(null);
            case "opmnctl" -> opmn();
            default -> ""; // ttDestroy, ttRepAdmin, ttMigrate, ttBackup, ttRestore, ttDaemonAdmin ...: no report on success
        };
    }

    /** The output of a query whose model value is {@code value}. */
    Printed answer(CommandMatcher.Match m, Value value) {
        boolean sql = !m.callable().item().clausesOf(VerbClause.SqlClause.class).isEmpty();
        if (program.equals("ttIsql") && sql) return new Printed(0, isql(m, row(m, value)), "");
        if (program.equals("ttIsql")) {
            // ttIsql -e 'quit;' and the like: whether it connects, what it lists
            return new Printed(0, Value.truthy(value) ? isql(m, null) : refused(m), "");
        }
        if (program.equals("ttStatus")) return new Printed(0, status(argv.isEmpty() ? null : argv.get(0)), "");
        if (program.equals("opmnctl")) return new Printed(0, opmnStatus(Value.truthy(value)), "");
        return new Printed(2, "", "shim: no printer for the answer of " + m.callable().name() + " by " + program + "\n");
    }

    /** The result row of a built-in procedure or a SELECT: {@code < STANDBY >}; ttRepSubscriberWait answers 00 (caught up) or 01. */
    private static String row(CommandMatcher.Match m, Value value) {
        String shown = m.callable().result() == Type.Prim.BOOL ? (Value.truthy(value) ? "00" : "01") : Value.show(value);
        // ttRepSyncGet prints requestReturn, returnWait and localAction: < 01, 45, 1> (003 L131)
        if (m.callable().name().equals("returnWait")) return "< 01, " + shown + ", 1>\n1 row found.\n";
        return "< " + shown + " >\n1 row found.\n";
    }

    // ------------------------------------------------------------------ ttIsql

    private String isql(CommandMatcher.Match m, String result) {
        String dsn = dsn();
        StringBuilder out = new StringBuilder(banner());
        out.append("connect \"DSN=").append(dsn).append("\";\n");
        out.append(connected(dsn)).append("\n\n");
        List<String> statements = statements();
        for (String statement : statements) {
            if (statement.equalsIgnoreCase("quit")) break;
            out.append(statement).append(";\n");
            if (statement.equalsIgnoreCase("repschemes")) out.append(repschemes(database(dsn)));
            else if (statement.equalsIgnoreCase("cachegroups")) out.append(cachegroups(database(dsn)));
            else if (result != null) out.append(result);
            out.append('\n');
        }
        return out.append("quit;\nDisconnecting...\nDone.\n").toString();
    }

    /**
     * ttIsql's {@code repschemes}: a pair is "Active Standby"; the one classic scheme the stdlib
     * names is OCMS's ocms_rep.repscheme (ocms.rbk, dropReplicationScheme).
     */
    private String repschemes(Value.Ref db) {
        String scheme = Value.show(world.state.get(db, "scheme"));
        if (!Value.truthy(world.state.get(db, "exists")) || scheme.equals("none")) return "0 replication schemes found.\n";
        String name = scheme.equals("pair") ? "Active Standby" : "OCMS_REP.REPSCHEME";
        return "\nReplication Scheme " + name + ":\n\n  Store: " + Value.show(world.state.get(db, "name")) + " on \"" + host + "\"\n\n"
                + "1 replication scheme found.\n";
    }

    /** ttIsql's {@code cachegroups}: the read-only and the AWT cache group of the database, by their names in the model. */
    private String cachegroups(Value.Ref db) {
        StringBuilder out = new StringBuilder();
        int found = 0;
        if (Value.truthy(world.state.get(db, "exists"))) {
            for (String[] kind : new String[][] {{"cgReadonly", "Read Only"}, {"cgAwt", "Asynchronous Writethrough"}}) {
                if (!Value.truthy(world.state.get(db, kind[0]))) continue;
                String name = Value.show(world.state.get(db, kind[0] + "Name")).toUpperCase(java.util.Locale.ROOT);
                out.append("\nCache Group ").append(name).append(":\n\n  Cache Group Type: ").append(kind[1]).append('\n');
                found++;
            }
        }
        return out.append('\n').append(found).append(found == 1 ? " cache group found.\n" : " cache groups found.\n").toString();
    }

    private String refused(CommandMatcher.Match m) {
        String dsn = dsn();
        return banner() + "connect \"DSN=" + dsn + "\";\n  830: Cannot connect to data store " + dsn + "\nThe command failed.\n\nquit;\nDone.\n";
    }

    private static String banner() {
        return "\nCopyright (c) 1996, 2022, Oracle and/or its affiliates. All rights reserved.\n"
                + "Type ? or \"help\" for help, type \"exit\" to quit ttIsql.\n\n";
    }

    private String connected(String dsn) {
        Value.Ref db = database(dsn);
        return "Connection successful: DSN=" + dsn + ";UID=timesten;DataStore=/tt/data/" + dsn
                + ";DatabaseCharacterSet=" + Value.show(world.state.get(db, "charset"))
                + ";ConnectionCharacterSet=AL32UTF8;PermSize=" + Value.show(world.state.get(db, "permSize"))
                + ";TempSize=" + Value.show(world.state.get(db, "tempSize")) + ";\n(Default setting AutoCommit=1)";
    }

    /** The database of this host whose DSN is {@code dsn} (the model's ids need not be DSNs: two hosts may both have an ocmsdb). */
    private Value.Ref database(String dsn) {
        for (ModelState.Instance db : world.state.all("database")) {
            if (new Value.Ref("host", host).equals(db.fields().get("host")) && dsn(db).equals(dsn)) return db.ref();
        }
        return new Value.Ref("database", dsn);
    }

    private static String dsn(ModelState.Instance db) {
        Value name = db.fields().get("name");
        return name == null || name instanceof Value.Nil ? db.id() : Value.show(name);
    }

    private String dsn() {
        int at = argv.indexOf("-connStr");
        String conn = at >= 0 && at + 1 < argv.size() ? argv.get(at + 1) : "";
        return conn.startsWith("DSN=") ? conn.substring(4) : conn;
    }

    /** The statements of -e (or -f, named), split at semicolons outside quotes. */
    private List<String> statements() {
        int e = argv.indexOf("-e");
        if (e < 0 || e + 1 >= argv.size()) {
            int f = argv.indexOf("-f");
            return f >= 0 && f + 1 < argv.size() ? List.of("run \"" + argv.get(f + 1) + "\"") : List.of();
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : argv.get(e + 1).toCharArray()) {
            if (quote == 0 && (c == '\'' || c == '"')) quote = c;
            else if (c == quote) quote = 0;
            if (c == ';' && quote == 0) {
                if (!current.toString().isBlank()) out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        return out;
    }

    // ------------------------------------------------------------------ ttAdmin, ttStatus

    /** ttAdmin's report of a database's policies after a change. */
    private String policies(Value db) {
        if (!(db instanceof Value.Ref ref)) return "";
        ModelState s = world.state;
        boolean manualRam = Value.show(s.get(ref, "ramPolicy")).equals("manual");
        return String.format("RAM Residence Policy            : %s%n", Value.show(s.get(ref, "ramPolicy")))
                + String.format("Manually Loaded In RAM          : %s%n", manualRam && Value.truthy(s.get(ref, "loaded")) ? "True" : "False")
                + String.format("Replication Agent Policy        : %s%n", Value.show(s.get(ref, "repPolicy")))
                + String.format("Replication Manually Started    : %s%n", up(s.get(ref, "rep")) ? "True" : "False")
                + String.format("Cache Agent Policy              : manual%n")
                + String.format("Cache Agent Manually Started    : %s%n", up(s.get(ref, "cache")) ? "True" : "False");
    }

    private static boolean up(Value agent) {
        return Value.show(agent).equals("up");
    }

    /** ttStatus's report: the daemon, then each loaded database of this host (or the one named) with its agents. */
    private String status(String onlyDsn) {
        ModelState s = world.state;
        Value.Ref me = new Value.Ref("host", host);
        StringBuilder out = new StringBuilder("TimesTen status report\n\n");
        if (!up(s.get(me, "daemon"))) {
            return out.append("Could not connect to the TimesTen daemon: it is not running.\n").toString();
        }
        out.append("Daemon pid ").append(pid(host, 0)).append(" port 6624 instance timesten\n");
        out.append(Value.truthy(s.get(me, "serverRunning"))
                ? "TimesTen server pid " + pid(host, 1) + " started on port " + Value.show(s.get(me, "serverPort")) + "\n"
                : "No TimesTen server running\n");
        String rule = "-".repeat(72) + "\n";
        out.append(rule);
        for (ModelState.Instance db : s.all("database")) {
            if (!me.equals(db.fields().get("host")) || (onlyDsn != null && !dsn(db).equals(onlyDsn))) continue;
            if (!Value.truthy(db.fields().get("exists")) || !Value.truthy(db.fields().get("loaded"))) continue;
            out.append("Data store /tt/data/").append(dsn(db)).append('\n');
            out.append("Type            PID     Context             Connection Name              ConnID\n");
            if (up(db.fields().get("rep"))) {
                out.append(String.format("Replication     %-7d 0x00007f0000010000  LOGFORCE                          3%n", pid(db.id(), 2)));
                out.append(String.format("Replication     %-7d 0x00007f0000020000  REPHOLD                           4%n", pid(db.id(), 2)));
            }
            if (up(db.fields().get("cache"))) {
                out.append(String.format("Cache Agent     %-7d 0x00007f0000030000  Handler                           5%n", pid(db.id(), 3)));
            }
            out.append("Replication policy  : ").append(policyWord(db.fields().get("repPolicy"))).append('\n');
            out.append(up(db.fields().get("rep")) ? "Replication agent is running.\n" : "");
            out.append("Cache Agent policy  : Manual\n");
            out.append(rule);
        }
        return out.append("End of report\n").toString();
    }

    private static String policyWord(Value v) {
        String s = Value.show(v);
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A process id that stays the same for the same process. */
    private static int pid(String of, int which) {
        return 1000 + Math.floorMod(of.hashCode() * 31 + which, 30000);
    }

    // ------------------------------------------------------------------ opmnctl

    private String opmn() {
        String verb = argv.isEmpty() ? "" : argv.get(0);
        return switch (verb) {
            case "startall" -> "opmnctl startall: starting opmn and all managed processes...\n";
            case "stopall" -> "opmnctl stopall: stopping opmn and all managed processes...\n";
            case "startproc" -> "opmnctl startproc: starting opmn managed processes...\n";
            case "stopproc" -> "opmnctl stopproc: stopping opmn managed processes...\n";
            case "reload" -> "opmnctl reload: reloading opmn daemon...\n";
            case "shutdown" -> "opmnctl shutdown: shutting down opmn and all managed processes...\n";
            default -> "";
        };
    }

    private String opmnStatus(boolean alive) {
        return "Processes in Instance: " + host + "\n"
                + "---------------------------------+--------------------+---------+---------\n"
                + "ias-component                    | process-type       |     pid | status\n"
                + "---------------------------------+--------------------+---------+---------\n"
                + String.format("OC4JGroup:default_group          | OC4J:ocms          | %7s | %s%n", alive ? Integer.toString(pid(host, 4)) : "N/A",
                        alive ? "Alive" : "Down");
    }

}
