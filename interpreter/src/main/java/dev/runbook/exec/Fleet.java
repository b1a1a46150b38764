package dev.runbook.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One runbook over several pairs at once (issue 8 point 9): at most {@code concurrency} members
 * run at a time, and once {@code failureThreshold} members have failed no new member starts (the
 * ones running finish). Each member has its own journal, so each can be resumed on its own.
 */
public final class Fleet {

    /** One pair of the fleet: its name (the inventory group) and what runs it. */
    public record Member(String name, Task task) {}

    /** Runs one member to its end; never throws for a failed run, only returns how it ended. */
    @FunctionalInterface
    public interface Task {
        Ending run();
    }

    /** How a member ended: {@code lastStep} the label of the last step started, or "" when none. */
    public record Ending(boolean ok, String lastStep, String outcome) {}

    /** A row of the summary table. */
    public record Row(String member, String lastStep, String outcome, Duration duration, boolean started, boolean ok) {}

    private Fleet() {}

    public static List<Row> run(List<Member> members, int concurrency, int failureThreshold) {
        if (concurrency < 1) throw new IllegalArgumentException("the concurrency must be at least 1");
        if (failureThreshold < 1) throw new IllegalArgumentException("the failure threshold must be at least 1");
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, members.size())), r -> {
            Thread t = new Thread(r, "fleet-member");
            t.setDaemon(true);
            return t;
        });
        List<Future<Row>> futures = new ArrayList<>();
        try {
            for (Member m : members) {
                futures.add(pool.submit(() -> {
                    if (failures.get() >= failureThreshold) {
                        return new Row(m.name(), "", "not started: " + failures.get() + " member(s) failed already (threshold "
                                + failureThreshold + ")", Duration.ZERO, false, false);
                    }
                    long start = System.nanoTime();
                    Ending ending;
                    try {
                        ending = m.task().run();
                    } catch (RuntimeException e) {
                        ending = new Ending(false, "", "error: " + e.getMessage());
                    }
                    if (!ending.ok()) failures.incrementAndGet();
                    return new Row(m.name(), ending.lastStep(), ending.outcome(), Duration.ofNanos(System.nanoTime() - start), true, ending.ok());
                }));
            }
            List<Row> rows = new ArrayList<>();
            for (Future<Row> f : futures) {
                try {
                    rows.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the fleet ran");
                }
            }
            return rows;
        } finally {
            pool.shutdownNow();
        }
    }
}
