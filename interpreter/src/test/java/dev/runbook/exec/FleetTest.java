package dev.runbook.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FleetTest {

    @Test
    @DisplayName("No more members run at once than the concurrency limit, and every one is in the summary in order")
    void concurrencyIsBounded() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Fleet.Member> members = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String name = "pair" + i;
            members.add(new Fleet.Member(name, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return new Fleet.Ending(true, "9", "ok");
            }));
        }
        List<Fleet.Row> rows = Fleet.run(members, 2, 1);
        assertTrue(most.get() <= 2 && most.get() >= 1, "at most 2 at once, saw " + most.get());
        assertEquals(List.of("pair1", "pair2", "pair3", "pair4", "pair5", "pair6"), rows.stream().map(Fleet.Row::member).toList());
        assertTrue(rows.stream().allMatch(Fleet.Row::ok));
    }

    @Test
    @DisplayName("Once the failure threshold is reached no new member starts; those not started say why")
    void failureThresholdStopsNewStarts() throws Exception {
        CountDownLatch firstDone = new CountDownLatch(1);
        List<Fleet.Member> members = List.of(
                new Fleet.Member("pair1", () -> {
                    firstDone.countDown();
                    return new Fleet.Ending(false, "4", "repStop failed on master2host");
                }),
                new Fleet.Member("pair2", () -> new Fleet.Ending(true, "9", "ok")),
                new Fleet.Member("pair3", () -> new Fleet.Ending(true, "9", "ok")));
        List<Fleet.Row> rows = Fleet.run(members, 1, 1);
        assertTrue(firstDone.await(5, TimeUnit.SECONDS));
        assertFalse(rows.get(0).ok());
        assertEquals("4", rows.get(0).lastStep());
        assertFalse(rows.get(1).started());
        assertFalse(rows.get(2).started());
        assertTrue(rows.get(2).outcome().startsWith("not started: 1 member(s) failed already (threshold 1)"), rows.get(2).outcome());
    }

    @Test
    @DisplayName("A member that throws is a failed row with the error, never a lost one")
    void aThrowingMemberIsAFailedRow() {
        List<Fleet.Row> rows = Fleet.run(List.of(new Fleet.Member("pair1", () -> {
            throw new IllegalStateException("inventory has no host master1host");
        })), 1, 5);
        assertEquals("error: inventory has no host master1host", rows.get(0).outcome());
        assertFalse(rows.get(0).ok());
    }
}
