package dev.runbook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The run that records the class-data archive exercises every main command, and each of them succeeds. */
class ClassDataTrainingTest {

    @Test
    void everyCommandOfTheTrainingSucceeds() {
        assertEquals(List.of(), ClassDataTraining.run());
    }
}
