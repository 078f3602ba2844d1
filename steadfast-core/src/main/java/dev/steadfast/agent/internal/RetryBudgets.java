package dev.steadfast.agent.internal;

import dev.steadfast.error.UnexpectedModelBehavior;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How often the model may fix its calls, PydanticAI's rules: a count per tool name (unknown names
 * included), carried from one model response to the next. A response in which the tool failed
 * (bad arguments, {@code ModelRetry}, a timeout) adds one to its count, however many of its calls
 * failed; a response in which it only succeeded resets it to 0; a response that did not call it
 * leaves it as it was. A failure with the count already at the budget fails the run. Every call in
 * one response sees the count as it stood when the response arrived.
 *
 * <p>The output has a budget of its own, spent over the whole run: each failed output (a text
 * answer or output call that does not parse or validate, an empty response) takes one. Output
 * tools are also counted by name against that budget, as function tools are.
 *
 * <p>All of it is derived from recorded responses and tool results, so a replayed run counts the
 * same way.
 */
final class RetryBudgets {
    private final Map<String, Integer> counts = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final Set<String> succeeded = new HashSet<>();
    private int outputUsed;

    /** The count of {@code name} as it stood when this response arrived. */
    int retry(String name) {
        return counts.isEmpty() ? 0 : counts.getOrDefault(name, 0);
    }

    /** The output retries spent so far in this run. */
    int outputUsed() {
        return outputUsed;
    }

    /**
     * Records a failure of {@code name} in this response.
     *
     * @throws UnexpectedModelBehavior when its count is already at {@code max}
     */
    void fail(String name, int max, String exceededMessage) {
        if (retry(name) >= max) {
            throw new UnexpectedModelBehavior(exceededMessage);
        }
        failed.add(name);
    }

    /** Records a success of {@code name} in this response. */
    void succeed(String name) {
        if (counts.containsKey(name)) { // only a count to reset makes a success matter
            succeeded.add(name);
        }
    }

    /**
     * Spends one output retry.
     *
     * @throws UnexpectedModelBehavior when that passes {@code max}
     */
    void spendOutput(int max, String exceededMessage) {
        outputUsed++;
        if (outputUsed > max) {
            throw new UnexpectedModelBehavior(exceededMessage);
        }
    }

    /** Counts a failed output call (whose own budget is checked by name) against the run's output retries. */
    void countOutput() {
        outputUsed++;
    }

    /** Carries the counts over to the next response: failures add one, clean successes reset. */
    void nextResponse() {
        if (failed.isEmpty() && succeeded.isEmpty()) {
            return; // the common case, once per response: nothing to carry over
        }
        for (String name : succeeded) {
            if (!failed.contains(name)) {
                counts.remove(name);
            }
        }
        for (String name : failed) {
            counts.merge(name, 1, Integer::sum);
        }
        failed.clear();
        succeeded.clear();
    }
}
