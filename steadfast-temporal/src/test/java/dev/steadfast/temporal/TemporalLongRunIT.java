package dev.steadfast.temporal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 1,000-turn agent run on the test server (about a minute on a busy machine, hence an IT): the engine continues it
 * as new several times, it finishes, and no model request or tool call ran twice. {@code -Dsteadfast.longRun.turns=…}
 * changes the number of turns.
 */
class TemporalLongRunIT {
    @RegisterExtension
    static final TemporalTestEnvironment SERVER = new TemporalTestEnvironment();

    static final int TURNS = Integer.getInteger("steadfast.longRun.turns", 1000);

    @Test
    void aThousandTurnAgentRunIsContinuedAsNewAndFinishesWithNoStepRunTwice() {
        LongAgentRuns.runAndCheck(SERVER.env().getWorkflowClient(), "marathon-1", TURNS, 2_000);
    }
}
