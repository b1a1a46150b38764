package dev.runbook.repl;

import dev.runbook.engine.Engine;
import java.util.concurrent.SynchronousQueue;

/**
 * Runs one top-level step of the engine on a thread of its own, so that the run can be held before
 * a step of a sub-runbook ({@code step} into it, a breakpoint at {@code 1-6/3}) while the prompt
 * inspects the cluster. The engine's {@link Engine.Gate} blocks that thread until the prompt says
 * where to hold next, or unwinds the step when the prompt abandons it ({@code back}, {@code restart}).
 * Only one of the two threads runs at a time: the queues hand the control over.
 */
final class Runner {

    /** Where to hold the run: before the step {@code label} at {@code depth}, the {@code call}-th step this top-level step starts. */
    interface Hold {
        boolean at(String label, int depth, int call);
    }

    /** How the step ended or where it was held. */
    sealed interface Signal {}

    record Held(String label, int depth, int call) implements Signal {}

    record Done() implements Signal {}

    /** The engine failed in a way it does not report as an event: a bug, said plainly. */
    record Crashed(RuntimeException error) implements Signal {}

    private static final Hold ABANDON = (label, depth, call) -> true;

    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private final Engine engine;
    private final SynchronousQueue<Signal> up = new SynchronousQueue<>();
    private final SynchronousQueue<Hold> down = new SynchronousQueue<>();
    private Hold hold;
    private int calls;
    private Thread thread;
    private boolean held;

    Runner(Engine engine) {
        this.engine = engine;
        engine.gate(this::gate);
    }

    /** Whether a step is under way and held (the prompt may resume or abandon it). */
    boolean held() {
        return held;
    }

    /**
     * Starts the top-level step the engine is at; returns once it is held or done. A step that runs
     * no sub-runbook ({@code canHold} false) can only be held before itself, which no caller asks
     * for: it runs on the caller's thread, with no hand-over.
     */
    Signal start(Hold where, boolean canHold) {
        if (held) throw new IllegalStateException("a step is already under way");
        calls = 0;
        hold = canHold ? where : (label, depth, call) -> false;
        if (!canHold) {
            try {
                engine.next();
                return new Done();
            } catch (RuntimeException e) {
                return new Crashed(e);
            }
        }
        thread = new Thread(() -> {
            Signal end;
            try {
                engine.next();
                end = new Done();
            } catch (Abandoned a) {
                return;
            } catch (RuntimeException e) {
                end = new Crashed(e);
            }
            put(up, end);
        }, "runbook-repl-step");
        thread.setDaemon(true);
        thread.start();
        return answer();
    }

    /** Lets a held step go on, to be held again where {@code where} says. */
    Signal resume(Hold where) {
        if (!held) throw new IllegalStateException("no step is held");
        put(down, where);
        return answer();
    }

    /** Unwinds a held step without running the rest of it (its state is left to whoever restores one). */
    void abandon() {
        if (!held) return;
        held = false;
        put(down, ABANDON);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Signal answer() {
        Signal s = take(up);
        held = s instanceof Held;
        return s;
    }

    private void gate(String label, int depth) {
        calls++;
        if (!hold.at(label, depth, calls)) return;
        put(up, new Held(label, depth, calls));
        Hold next = take(down);
        if (next == ABANDON) throw new Abandoned();
        hold = next;
    }

    private static <T> void put(SynchronousQueue<T> queue, T value) {
        try {
            queue.put(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over the run", e);
        }
    }

    private static <T> T take(SynchronousQueue<T> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run", e);
        }
    }
}
