package dev.steadfast.agent.internal;

import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimitExceeded;
import dev.steadfast.usage.UsageLimits;
import java.math.BigDecimal;
import java.util.concurrent.Callable;

/**
 * The usage of agent runs made inside a tool call (a sub-agent a tool delegates to), for the run
 * that made the call. It is bound to the thread that runs the tool's body; an agent run started on
 * that thread reports every request, token, cost and tool call here as it goes, and checks the
 * calling run's limits (its usage when the call was made, plus what was measured here) before each
 * request, so delegation cannot pass a cost limit. What was measured becomes part of the tool
 * step's recorded result, so the calling run counts it once, also after a crash or on replay.
 *
 * <p>Runs started on other threads the tool makes are not seen: start sub-agents on the tool's own
 * thread. The usage of an attempt that throws (and is retried as a step) is not counted.
 */
final class NestedUsage {
    private static final ThreadLocal<NestedUsage> CURRENT = new ThreadLocal<>();

    private final Usage callerUsage;
    private final BigDecimal callerCost;
    private final UsageLimits callerLimits;
    private Usage usage = Usage.NONE;
    private BigDecimal cost = BigDecimal.ZERO;
    private String exceeded;

    NestedUsage(Usage callerUsage, BigDecimal callerCost, UsageLimits callerLimits) {
        this.callerUsage = callerUsage;
        this.callerCost = callerCost;
        this.callerLimits = callerLimits;
    }

    /** The collector of the tool call running on this thread, or {@code null}. */
    static NestedUsage current() {
        return CURRENT.get();
    }

    /** Runs {@code body} with this collector bound to the current thread. */
    <T> T collect(Callable<T> body) throws Exception {
        NestedUsage previous = bind();
        try {
            return body.call();
        } finally {
            unbind(previous);
        }
    }

    /** Binds this collector to the current thread; returns the one it replaces, for {@link #unbind}. */
    NestedUsage bind() {
        NestedUsage previous = CURRENT.get();
        CURRENT.set(this);
        return previous;
    }

    /**
     * Puts {@code previous} back. It sets {@code null} rather than removing the entry: a removal makes
     * the thread's map expunge and rehash, once per tool call.
     */
    static void unbind(NestedUsage previous) {
        CURRENT.set(previous);
    }

    synchronized void add(Usage used, BigDecimal spent) {
        usage = usage.plus(used);
        cost = cost.add(spent);
    }

    synchronized Usage usage() {
        return usage;
    }

    synchronized BigDecimal cost() {
        return cost;
    }

    /** The calling run's limit this tool call passed, or {@code null}. */
    synchronized String exceeded() {
        return exceeded;
    }

    synchronized void checkBeforeRequest() {
        check(() -> callerLimits.checkBeforeRequest(callerUsage.plus(usage)));
    }

    synchronized void checkBeforeToolCalls(int more) {
        check(() -> callerLimits.checkBeforeToolCalls(callerUsage.plus(usage), more));
    }

    synchronized void checkTokensAndCost() {
        check(() -> callerLimits.checkTokensAndCost(callerUsage.plus(usage), callerCost.add(cost)));
    }

    private void check(Runnable check) {
        try {
            check.run();
        } catch (UsageLimitExceeded e) {
            exceeded = e.getMessage();
            throw e;
        }
    }
}
