package dev.runbook.exec;

import dev.runbook.ast.Expr;
import dev.runbook.ast.VerbClause;
import dev.runbook.check.Vocabulary;
import dev.runbook.engine.Backend;
import dev.runbook.engine.Command;
import dev.runbook.engine.Secret;
import dev.runbook.engine.SecretSource;
import dev.runbook.sim.Env;
import dev.runbook.sim.Evaluator;
import dev.runbook.sim.Fault;
import dev.runbook.sim.Invariant;
import dev.runbook.sim.ModelState;
import dev.runbook.sim.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The backend of `run`: commands go to the real hosts through a {@link Transport}, and the model
 * follows along as the prediction of what they did. A verb is sent only when the model says it
 * can run (its preconditions hold on the predicted state), a destructive one only after the
 * operator's yes; the model takes its effects only when the host says the command succeeded.
 * Queries (waits, --verify) ask the hosts and read their output as the stdlib declares.
 */
public final class RemoteBackend implements Backend {

    /** What a journal records beside the engine's events. Every text here is masked. */
    public interface Listener {
        /** {@code query}: a query asked of the host (a wait, --verify, a probe), not an action of the runbook. */
        default void commandStarted(String host, String maskedCommand, boolean query) {}

        default void output(String host, Transport.Stream stream, String maskedLine) {}

        default void commandEnded(String host, String maskedCommand, boolean query, int exitStatus, Duration elapsed) {}

        /** The command was sent and the connection ended before its exit status came: it may have run. */
        default void outcomeUnknown(String host, String maskedCommand, String why) {}

        /** How a command of unknown outcome was settled on resume: found done, sent again, or left to the operator. */
        default void resolved(String host, String maskedCommand, String verdict) {}

        default void answered(String question, Operator.Answer answer) {}

        default void manualDone(String instruction, Operator.Answer answer) {}

        /** A wait polls again: how long it has waited, its timeout, and the last answer a query gave (or null). */
        default void polling(String condition, long waitedMillis, long timeoutMillis, String lastAnswer) {}

        /** `--step`: the operator's answer before a step (not an action: a resume does not replay it). */
        default void stepAnswered(String label, Operator.Answer answer) {}

        Listener NONE = new Listener() {};

        /** Both listeners, {@code first} told first (the journal before the screen, so that what is shown is on disk). */
        static Listener both(Listener first, Listener second) {
            return new Listener() {
                @Override
                public void commandStarted(String host, String c, boolean q) {
                    first.commandStarted(host, c, q);
                    second.commandStarted(host, c, q);
                }

                @Override
                public void output(String host, Transport.Stream s, String line) {
                    first.output(host, s, line);
                    second.output(host, s, line);
                }

                @Override
                public void commandEnded(String host, String c, boolean q, int exit, Duration d) {
                    first.commandEnded(host, c, q, exit, d);
                    second.commandEnded(host, c, q, exit, d);
                }

                @Override
                public void outcomeUnknown(String host, String c, String why) {
                    first.outcomeUnknown(host, c, why);
                    second.outcomeUnknown(host, c, why);
                }

                @Override
                public void resolved(String host, String c, String verdict) {
                    first.resolved(host, c, verdict);
                    second.resolved(host, c, verdict);
                }

                @Override
                public void answered(String question, Operator.Answer answer) {
                    first.answered(question, answer);
                    second.answered(question, answer);
                }

                @Override
                public void manualDone(String instruction, Operator.Answer answer) {
                    first.manualDone(instruction, answer);
                    second.manualDone(instruction, answer);
                }

                @Override
                public void stepAnswered(String label, Operator.Answer answer) {
                    first.stepAnswered(label, answer);
                    second.stepAnswered(label, answer);
                }

                @Override
                public void polling(String condition, long waited, long timeout, String last) {
                    first.polling(condition, waited, timeout, last);
                    second.polling(condition, waited, timeout, last);
                }
            };
        }
    }

    /** Reads a query's value from its command's standard output, as its `reads` line says (engine.QueryReader::read). */
    @FunctionalInterface
    public interface QueryReader {
        Value read(Vocabulary.Callable query, String stdout) throws dev.runbook.engine.QueryReader.Unreadable;
    }

    /**
     * {@code commandTimeout}: how long a command may run when its verb declares no longer `takes`;
     * {@code verify}: after every step, ask the hosts it acted on every query that can be asked
     * of them, and stop at the first answer the model did not predict.
     */
    public record Options(Duration commandTimeout, boolean assumeYes, boolean verify, java.util.function.LongConsumer sleep) {
        public Options(Duration commandTimeout, boolean assumeYes, boolean verify) {
            this(commandTimeout, assumeYes, verify, RemoteBackend::realSleep);
        }

        public static Options defaults() {
            return new Options(Duration.ofMinutes(30), false, false);
        }
    }

    /** A wait's poll period, in real time. (A test against simulated hosts passes their clock instead.) */
    static void realSleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final Vocabulary vocabulary;
    private final SimulatedBackend prediction;
    private final Evaluator evaluator;
    private final Transport transport;
    private final RecordingSecrets secrets;
    private final Operator operator;
    private final QueryReader reader;
    private final Listener listener;
    private final Options options;
    private final Replay replay;
    private final long startNanos = System.nanoTime();
    /** The databases and hosts the commands since the last step's end acted on, for --verify. */
    private final Set<Value.Ref> touched = new LinkedHashSet<>();
    /** The last value a query read on a host ("state master2: RECOVERING"), for a wait's live line. */
    private String lastAnswer;
    private BiFunction<Vocabulary.Callable, Env, Command> render;

    public RemoteBackend(Vocabulary vocabulary, ModelState initial, Transport transport, SecretSource secrets,
                         Operator operator, QueryReader reader, Listener listener, Options options, Replay replay) {
        this.vocabulary = vocabulary;
        this.prediction = new SimulatedBackend(vocabulary, initial, 0);
        this.evaluator = new Evaluator(vocabulary, this::ask);
        this.transport = transport;
        this.secrets = new RecordingSecrets(secrets);
        this.operator = operator;
        this.reader = reader;
        this.listener = listener;
        this.options = options;
        this.replay = replay;
    }

    /** The completed actions of the journal that the run has not reached (empty once it went past them). */
    public List<Replay.Action> notReplayed() {
        return replay.remaining();
    }

    /** The model's prediction of the hosts' state, as the commands sent so far left it. */
    public ModelState predicted() {
        return prediction.state();
    }

    @Override
    public void renderer(BiFunction<Vocabulary.Callable, Env, Command> render) {
        this.render = render;
    }

    @Override
    public Value evaluate(Expr expr, Env env) {
        return evaluator.eval(expr, env, prediction.state());
    }

    @Override
    public Outcome perform(Vocabulary.Callable verb, Env verbEnv, Command command) {
        ModelState before = prediction.state().copy();
        Outcome predicted = prediction.perform(verb, verbEnv, command);
        if (!predicted.ok()) {
            return Outcome.failed(predicted.message() + " (the model's prediction: nothing was sent)");
        }
        if (command.kind().equals("manual")) {
            if (!manual(command.instruction(), 0)) {
                prediction.restore(before);
                return Outcome.commandFailed("no operator said this was done: " + command.instruction(), 0);
            }
            return predicted;
        }
        Replay.Action action = new Replay.Action(Replay.Kind.COMMAND, command.host(), command.masked());
        // asked again on resume unless the journal has the yes (a replayed yes is consumed in its place)
        if (!verb.item().clausesOf(VerbClause.DestructiveClause.class).isEmpty()) {
            String question = verb.name() + " on " + command.host() + ": `" + command.masked() + "` cannot be undone. Go ahead?";
            Operator.Answer answer = ask(question);
            if (!answer.yes()) {
                prediction.restore(before);
                return Outcome.commandFailed("not sent: the operator did not agree to " + verb.name() + " (" + answer.how()
                        + "); resume the run to be asked again", 0);
            }
        }
        if (replay.alreadyDone(action)) return predicted;
        if (replay.isUnknown(action)) {
            Settled settled = settle(verb, verbEnv, command, before);
            listener.resolved(command.host(), command.masked(), settled.verdict());
            if (settled == Settled.DONE) return predicted;
            if (settled == Settled.UNDECIDED) {
                prediction.restore(before);
                return Outcome.commandFailed("not sent again: its outcome is unknown and the operator did not agree to run it again;"
                        + " look at " + command.host() + ", then resume", 0);
            }
        }
        Sent sent = send(command, timeout(verb), false);
        if (!sent.ok()) {
            prediction.restore(before);
            return Outcome.commandFailed(verb.name() + " " + sent.why(), sent.millis());
        }
        for (Value v : arguments(verb, verbEnv)) touched.add((Value.Ref) v);
        return new Outcome(true, null, predicted.changes(), sent.millis());
    }

    @Override
    public Outcome raw(Command command) {
        Replay.Action action = new Replay.Action(Replay.Kind.COMMAND, command.host(), command.masked());
        if (!replay.alreadyDone(action)) {
            if (replay.isUnknown(action)) {
                // a raw command has no declared effect to probe for: only the operator can tell
                boolean again = confirm("The outcome of `" + command.masked() + "` on " + command.host()
                        + " is unknown (the run stopped while it ran) and nothing declares what it changes. Run it again?");
                listener.resolved(command.host(), command.masked(), again ? Settled.RUN_AGAIN.verdict() : Settled.UNDECIDED.verdict());
                if (!again) return Outcome.commandFailed("not sent again: its outcome is unknown; look at " + command.host() + ", then resume", 0);
            }
            Sent sent = send(command, options.commandTimeout(), false);
            if (!sent.ok()) return Outcome.commandFailed(command.kind() + " " + sent.why(), sent.millis());
        }
        prediction.raw(command);
        return new Outcome(true, null, List.of(), 0);
    }

    @Override
    public boolean confirm(String question) {
        return ask(question).yes();
    }

    private Operator.Answer ask(String question) {
        if (replay.alreadyDone(new Replay.Action(Replay.Kind.CONFIRM, "", question))) return new Operator.Answer(true, "journal");
        Operator.Answer answer = options.assumeYes() ? new Operator.Answer(true, "--yes") : operator.confirm(question);
        listener.answered(question, answer);
        return answer;
    }

    @Override
    public boolean manual(String instruction, long millis) {
        if (replay.alreadyDone(new Replay.Action(Replay.Kind.MANUAL, "", instruction))) return true;
        Operator.Answer done = operator.manual(instruction);
        listener.manualDone(instruction, done);
        return done.yes();
    }

    @Override
    public void polling(String condition, long waitedMillis, long timeoutMillis) {
        listener.polling(condition, waitedMillis, timeoutMillis, lastAnswer);
    }

    @Override
    public void sleep(long millis) {
        if (replay.replaying()) {
            prediction.sleep(millis);
            return;
        }
        options.sleep().accept(millis);
        prediction.sleep(millis);
    }

    @Override
    public List<Change> changesSince(Object snapshot) {
        return prediction.changesSince(snapshot);
    }

    @Override
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public Object snapshot() {
        return prediction.snapshot();
    }

    @Override
    public void restore(Object snapshot) {
        throw new UnsupportedOperationException("a real run cannot go back: the hosts keep what was done to them");
    }

    @Override
    public List<Violation> violations(Object before, Invariant.RunFacts facts) {
        List<Violation> out = new ArrayList<>(prediction.violations(before, facts));
        if (options.verify() && !replay.replaying() && out.isEmpty()) verify().ifPresent(out::add);
        touched.clear();
        return out;
    }

    /** The first answer of a host that differs from the model's prediction, among the queries on what the step touched. */
    private Optional<Violation> verify() {
        Evaluator model = new Evaluator(vocabulary);
        for (Value.Ref ref : touched) {
            if (!answers(ref)) continue;
            for (Probe probe : probes(ref)) {
                Value predicted = model.eval(probe.model(), probe.env(), prediction.state());
                Value real;
                try {
                    real = askHost(probe.query(), probe.env());
                } catch (Unanswered unanswered) {
                    return Optional.of(new Violation("VERIFY", "the hosts are as the simulation predicts", unanswered.getMessage()
                            + ": --verify cannot tell whether the cluster is where the runbook assumes; look at it before going on"));
                }
                if (!Value.show(real).equals(Value.show(predicted))) {
                    return Optional.of(new Violation("VERIFY", "the hosts are as the simulation predicts",
                            probe.query().name() + " " + ref.id() + " answers " + Value.show(real) + " on the host, the model predicts "
                                    + Value.show(predicted) + ": the cluster is not where the runbook assumes; look at it before going on"));
                }
            }
        }
        return Optional.empty();
    }

    /** Nothing answers for a database that is gone or a host that is down: the model says so, not a query. */
    private boolean answers(Value.Ref ref) {
        String alive = ref.entity().equals("database") ? "exists" : ref.entity().equals("host") ? "up" : null;
        return alive == null || Value.truthy(prediction.state().get(ref, alive));
    }

    /**
     * One state query asked of a host about {@code of}: the host's answer ({@code error} when it gave
     * none it could read) beside the model's prediction.
     */
    public record Probed(String query, Value.Ref of, String answer, String predicted, String error) {
        public boolean agrees() {
            return error == null && answer.equals(predicted);
        }
    }

    /**
     * Asks the hosts every state query the stdlib declares about one database or host, as --verify
     * does, each beside the model's prediction (the REPL's {@code state} on real hosts). Empty when
     * nothing can answer: a database the model says is gone, a host it says is down, or no query
     * that reads the host's output for this kind of thing.
     */
    public List<Probed> probe(Value.Ref ref) {
        List<Probed> out = new ArrayList<>();
        if (render == null || !answers(ref)) return out;
        Evaluator model = new Evaluator(vocabulary);
        for (Probe probe : probes(ref)) {
            String predicted = Value.show(model.eval(probe.model(), probe.env(), prediction.state()));
            try {
                out.add(new Probed(probe.query().name(), ref, Value.show(askHost(probe.query(), probe.env())), predicted, null));
            } catch (Unanswered unanswered) {
                out.add(new Probed(probe.query().name(), ref, null, predicted, unanswered.getMessage()));
            }
        }
        return out;
    }

    /** A query that can be asked about one database or host: it reads its answer from the output and says what the model predicts. */
    private record Probe(Vocabulary.Callable query, Env env, Expr model) {}

    /**
     * The queries that tell a state of one database or host: one parameter, an output to read, a
     * `model` line, no effect, and a yes/no or state-name answer (a number is a measurement that
     * moves by itself, such as the memory in use, and is not compared).
     */
    private List<Probe> probes(Value.Ref ref) {
        List<Probe> out = new ArrayList<>();
        for (Vocabulary.Callable query : vocabulary.queries().values()) {
            if (query.params().size() != 1 || query.item().clausesOf(VerbClause.ReadsClause.class).isEmpty()) continue;
            if (!(query.result() instanceof dev.runbook.check.Type.Enum || "bool".equals(query.result().describe()))) continue;
            // a query with an effect is a wait that proves something (awtFlushed blocks up to 120 s
            // in ttRepSubscriberWait), not a look at the state: a probe never asks it
            if (!query.item().clausesOf(VerbClause.EffectClause.class).isEmpty()) continue;
            List<VerbClause.ModelClause> modelLines = query.item().clausesOf(VerbClause.ModelClause.class);
            Vocabulary.Param param = query.params().get(0);
            if (modelLines.isEmpty() || !(param.type() instanceof dev.runbook.check.Type.Entity e && e.name().equals(ref.entity()))) continue;
            Env env = Env.root();
            env.define(param.name(), ref);
            out.add(new Probe(query, env, modelLines.get(0).value()));
        }
        return out;
    }

    @Override
    public List<String> describe() {
        return prediction.describe();
    }

    @Override
    public List<String> describe(Object snapshot) {
        return prediction.describe(snapshot);
    }

    @Override
    public long writeOutage() {
        return prediction.writeOutage();
    }

    @Override
    public List<String> unverified() {
        return prediction.unverified();
    }

    @Override
    public void inject(Fault fault, boolean heal) {
        throw new UnsupportedOperationException("faults are injected in simulation only");
    }

    // ------------------------------------------------------------------ sending

    private record Sent(boolean ok, String why, long millis, String stdout) {}

    /** A verb may run as long as it declares (`takes`), four times over, and never less than the default. */
    private Duration timeout(Vocabulary.Callable verb) {
        Duration timeout = options.commandTimeout();
        for (VerbClause.TakesClause t : verb.item().clausesOf(VerbClause.TakesClause.class)) {
            Duration declared = Duration.ofMillis(t.duration().millis()).multipliedBy(4);
            if (declared.compareTo(timeout) > 0) timeout = declared;
        }
        return timeout;
    }

    private Sent send(Command command, Duration timeout, boolean query) {
        String masked = command.masked();
        String line;
        try {
            line = command.line().line(secrets);
        } catch (SecretSource.Missing missing) {
            return new Sent(false, "not sent: " + missing.getMessage(), 0, "");
        }
        listener.commandStarted(command.host(), masked, query);
        StringBuilder stdout = new StringBuilder();
        List<String> stderrTail = new ArrayList<>();
        try {
            Transport.Result result = transport.execute(command.host(), line, timeout, (stream, text) -> {
                String shown = secrets.mask(text);
                if (stream == Transport.Stream.STDOUT) stdout.append(text).append('\n');
                else {
                    stderrTail.add(shown);
                    if (stderrTail.size() > 5) stderrTail.remove(0);
                }
                listener.output(command.host(), stream, shown);
            });
            listener.commandEnded(command.host(), masked, query, result.exitStatus(), result.elapsed());
            long millis = result.elapsed().toMillis();
            if (!result.succeeded()) {
                String why = "failed on " + command.host() + " with exit status " + result.exitStatus()
                        + (stderrTail.isEmpty() ? "" : ": " + String.join(" / ", stderrTail));
                return new Sent(false, why, millis, stdout.toString());
            }
            return new Sent(true, null, millis, stdout.toString());
        } catch (TransportException e) {
            String why = secrets.mask(e.getMessage());
            if (e.commandMayHaveRun()) {
                listener.outcomeUnknown(command.host(), masked, why);
                return new Sent(false, "outcome unknown: " + why + "; the command may have run on " + command.host()
                        + ": `runbook run --resume` probes the state before going on", 0, "");
            }
            return new Sent(false, "not sent: " + why, 0, "");
        }
    }

    /** A query asked on its host: its command sent, its output read as the stdlib declares. */
    private Optional<Value> ask(Vocabulary.Callable query, Env env) {
        if (render == null || replay.replaying() || query.item().clausesOf(VerbClause.ReadsClause.class).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(askHost(query, env));
    }

    private Value askHost(Vocabulary.Callable query, Env env) {
        Command command = render.apply(query, env);
        Sent sent = send(command, options.commandTimeout(), true);
        if (!sent.ok()) throw new Unanswered("query", query.name() + " " + sent.why());
        try {
            Value answer = reader.read(query, sent.stdout());
            lastAnswer = query.name() + " " + command.host() + ": " + Value.show(answer);
            return answer;
        } catch (dev.runbook.engine.QueryReader.Unreadable unreadable) {
            throw new Unanswered("query", query.name() + " on " + command.host() + ": " + secrets.mask(unreadable.getMessage()));
        }
    }

    private enum Settled {
        DONE("done: every probe reads the state the command leads to; not sent again"),
        RUN_AGAIN("sent again: the probes read the state before it, or the operator agreed"),
        UNDECIDED("not sent again: the operator did not agree");

        private final String verdict;

        Settled(String verdict) {
            this.verdict = verdict;
        }

        String verdict() {
            return verdict;
        }
    }

    /**
     * A verb whose command was sent by the run the journal recorded, with no exit status: asks the
     * hosts every query that tells the state before the command from the state after it (by the
     * queries' `model` lines, on the databases and hosts of the call), and decides: every answer
     * as after, done; every answer as before, send it again; otherwise, or with no such query, the
     * operator decides.
     */
    private Settled settle(Vocabulary.Callable verb, Env verbEnv, Command command, ModelState before) {
        ModelState after = prediction.state();
        Evaluator model = new Evaluator(vocabulary);
        List<String> readings = new ArrayList<>();
        int asBefore = 0;
        int asAfter = 0;
        int other = 0;
        for (Value argument : arguments(verb, verbEnv)) {
            for (Probe probe : probes((Value.Ref) argument)) {
                Value then = model.eval(probe.model(), probe.env(), before);
                Value now = model.eval(probe.model(), probe.env(), after);
                if (Value.show(then).equals(Value.show(now))) continue;
                String asked = probe.query().name() + " " + ((Value.Ref) argument).id();
                Value real;
                try {
                    real = askHost(probe.query(), probe.env());
                } catch (Unanswered unanswered) {
                    readings.add(asked + ": " + unanswered.getMessage());
                    other++;
                    continue;
                }
                readings.add(asked + " = " + Value.show(real) + " (before: " + Value.show(then) + ", after: " + Value.show(now) + ")");
                if (Value.show(real).equals(Value.show(now))) asAfter++;
                else if (Value.show(real).equals(Value.show(then))) asBefore++;
                else other++;
            }
        }
        if (asAfter > 0 && asBefore == 0 && other == 0) return Settled.DONE;
        if (asBefore > 0 && asAfter == 0 && other == 0) return Settled.RUN_AGAIN;
        String question = "The outcome of `" + command.masked() + "` on " + command.host() + " is unknown (the run stopped while it ran); "
                + (readings.isEmpty() ? "no query tells the state before it from the state after it"
                        : "the probes disagree: " + String.join("; ", readings)) + ". Run it again?";
        return confirm(question) ? Settled.RUN_AGAIN : Settled.UNDECIDED;
    }

    /** The databases and hosts a call acts on: its arguments' values, with each database's host. */
    private List<Value> arguments(Vocabulary.Callable verb, Env verbEnv) {
        List<Value> out = new ArrayList<>();
        for (Vocabulary.Param p : verb.params()) {
            Value v = verbEnv.lookup(p.name());
            if (v instanceof Value.Ref ref) {
                out.add(ref);
                Value host = prediction.state().get(ref, "host");
                if (ref.entity().equals("database") && host instanceof Value.Ref h) out.add(h);
            }
        }
        return out;
    }

    /** Remembers each secret it hands out, so that a host's output that echoes one is masked. */
    private static final class RecordingSecrets implements SecretSource {
        private final SecretSource source;
        private final Set<Secret> used = new LinkedHashSet<>();

        RecordingSecrets(SecretSource source) {
            this.source = source;
        }

        @Override
        public Optional<Secret> find(String param) {
            Optional<Secret> found = source.find(param);
            found.ifPresent(used::add);
            return found;
        }

        String mask(String text) {
            String out = text;
            for (Secret s : used) out = s.maskIn(out);
            return out;
        }
    }
}
