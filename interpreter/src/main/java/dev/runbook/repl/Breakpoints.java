package dev.runbook.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * The breakpoints of a session: before a step ({@code 7}, {@code 1-6/3}; a line of the runbook
 * stands for the step it is in), or when a condition becomes true ({@code state master2 ==
 * STANDBY}): the run is held before the first step at which it holds after not holding.
 */
final class Breakpoints {

    sealed interface Break {
        int id();

        /** How {@code breaks} lists it. */
        String shown();
    }

    record AtStep(int id, String label, String shown) implements Break {}

    record When(int id, String condition) implements Break {
        @Override
        public String shown() {
            return "when " + condition;
        }
    }

    private final List<Break> all = new ArrayList<>();
    private int next = 1;

    List<Break> all() {
        return List.copyOf(all);
    }

    AtStep atStep(String label, String shown) {
        AtStep b = new AtStep(next++, label, shown);
        all.add(b);
        return b;
    }

    When when(String condition) {
        When b = new When(next++, condition);
        all.add(b);
        return b;
    }

    boolean delete(int id) {
        return all.removeIf(b -> b.id() == id);
    }

    void clear() {
        all.clear();
    }
}
