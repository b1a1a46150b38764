package dev.runbook.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A transport for tests of the run backend: records every line sent per host and answers from a
 * script (the first rule whose prefix the line starts with); unmatched lines succeed silently.
 */
public final class ScriptedTransport implements Transport {

    /** What a host answers: output lines on stdout and stderr and an exit status, or a failure of the connection. */
    public record Reply(List<String> stdout, List<String> stderr, int exit, TransportException.Kind failure) {
        public static Reply ok(String... stdout) {
            return new Reply(List.of(stdout), List.of(), 0, null);
        }

        public static Reply exit(int status, String... stderr) {
            return new Reply(List.of(), List.of(stderr), status, null);
        }

        public static Reply dropped() {
            return new Reply(List.of(), List.of(), -1, TransportException.Kind.DROPPED);
        }
    }

    public record Sent(String host, String line) {}

    public final List<Sent> sent = new ArrayList<>();
    private final List<Function<Sent, Reply>> rules = new ArrayList<>();
    boolean closed;

    public ScriptedTransport on(String host, String prefix, Reply reply) {
        rules.add(s -> s.host().equals(host) && s.line().startsWith(prefix) ? reply : null);
        return this;
    }

    /** A reply that depends on what was sent before (a host's state moves with the commands). */
    public ScriptedTransport on(String host, String prefix, Function<List<Sent>, Reply> reply) {
        rules.add(s -> s.host().equals(host) && s.line().startsWith(prefix) ? reply.apply(sent) : null);
        return this;
    }

    public boolean wasSent(String host, String prefix) {
        return sent.stream().anyMatch(s -> s.host().equals(host) && s.line().startsWith(prefix));
    }

    public List<String> lines() {
        return sent.stream().map(s -> s.host() + ": " + s.line()).toList();
    }

    @Override
    public Result execute(String host, String line, Duration timeout, OutputSink output) throws TransportException {
        Sent s = new Sent(host, line);
        sent.add(s);
        Reply reply = Reply.ok();
        for (Function<Sent, Reply> rule : rules) {
            Reply r = rule.apply(s);
            if (r != null) {
                reply = r;
                break;
            }
        }
        for (String out : reply.stdout()) output.line(Stream.STDOUT, out);
        for (String err : reply.stderr()) output.line(Stream.STDERR, err);
        if (reply.failure() != null) {
            throw new TransportException(host, reply.failure(), true, host + ": the connection ended while the command ran", null);
        }
        return new Result(reply.exit(), Duration.ofMillis(3));
    }

    @Override
    public void close() {
        closed = true;
    }
}
