package dev.steadfast.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.usage.Usage;
import dev.steadfast.error.CancelledException;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.run.StepKind;
import dev.steadfast.step.StepOptions;
import dev.steadfast.step.TypeRef;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.spi.StepCall;
import dev.steadfast.workflow.spi.StepExecutor;
import dev.steadfast.workflow.spi.StepExecutors;
import dev.steadfast.workflow.spi.StepMetrics;
import dev.steadfast.workflow.spi.StepOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workflows {@link WorkflowEngineContract} runs. Step bodies count their executions in
 * {@link #executions}, keyed by {@code workflowId/step}, which is how the suite tells a replayed
 * step from one executed again.
 */
public final class ContractWorkflows {
    private static final Map<String, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();
    /** Runs whose "fixable" step works (the "fix" of a fork test). */
    static final Map<String, Boolean> FIXED = new ConcurrentHashMap<>();

    private ContractWorkflows() {}

    /** How many times step {@code step} of run {@code workflowId} executed. */
    public static int executions(String workflowId, String step) {
        AtomicInteger n = EXECUTIONS.get(workflowId + "/" + step);
        return n == null ? 0 : n.get();
    }

    static int executed(WorkflowContext ctx, String step) {
        return EXECUTIONS.computeIfAbsent(ctx.workflowId() + "/" + step, k -> new AtomicInteger()).incrementAndGet();
    }

    static List<Workflow<?, ?>> all() {
        return List.of(new StepsAndSignal(), new Retries(), new NonRetryable(), new CollectSignals(),
                new SignalTimeout(), new Sleeper(), new CancelWithCompensation(), new Fixable(), new Saga(),
                new Approval(), new Parallel(), new DeterministicValues(), new BigResult());
    }

    /** A step whose result is 3 MiB of JSON, over both engines' default payload limit (2 MiB). */
    public static final class BigResult implements Workflow<String, Integer> {
        @Override
        public Integer run(WorkflowContext ctx, String input) {
            return ctx.step("big", String.class, () -> {
                executed(ctx, "big");
                return "x".repeat(3 * 1024 * 1024);
            }).length();
        }
    }

    static final StepOptions FAST_RETRY = StepOptions.builder().retry(RetryPolicy.builder().maxAttempts(3)
            .initialInterval(Duration.ofMillis(10)).build()).build();

    /** step a, wait for signal "go", step b. */
    public static final class StepsAndSignal implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String a = ctx.step("a", String.class, () -> {
                executed(ctx, "a");
                return input + "-a";
            });
            String go = ctx.awaitSignal("go", String.class);
            String b = ctx.step("b", String.class, () -> {
                executed(ctx, "b");
                return "b";
            });
            return a + "-" + go + "-" + b;
        }
    }

    /** A step that succeeds on its third attempt, and one that never does (caught). */
    public static final class Retries implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String flaky = ctx.step("flaky", String.class, FAST_RETRY, () -> {
                int n = executed(ctx, "flaky");
                if (n < 3) {
                    throw new IllegalStateException("flaky attempt " + n);
                }
                return "ok@" + n;
            });
            try {
                ctx.step("hopeless", String.class, FAST_RETRY, () -> {
                    executed(ctx, "hopeless");
                    throw new UnsupportedOperationException("never works");
                });
                return "impossible";
            } catch (StepFailedException e) {
                return flaky + "|" + e.errorType() + ":" + e.errorMessage() + "|" + e.attempts();
            }
        }
    }

    /** A step whose error is not retryable, uncaught: the run fails. */
    public static final class NonRetryable implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return ctx.step("validate", String.class, StepOptions.builder().retry(RetryPolicy.builder()
                    .maxAttempts(5).initialInterval(Duration.ofMillis(10))
                    .nonRetryable(IllegalArgumentException.class).build()).build(), () -> {
                        executed(ctx, "validate");
                        throw new IllegalArgumentException("bad input: " + input);
                    });
        }
    }

    /** Collects {@code n} signals named "item", in order. */
    public static final class CollectSignals implements Workflow<Integer, List<String>> {
        @Override
        public List<String> run(WorkflowContext ctx, Integer n) {
            var items = new ArrayList<String>();
            for (int i = 0; i < n; i++) {
                items.add(ctx.awaitSignal("item", String.class));
            }
            return items;
        }
    }

    /** A signal wait that times out, then one that gets its signal. */
    public static final class SignalTimeout implements Workflow<Long, String> {
        @Override
        public String run(WorkflowContext ctx, Long timeoutMillis) {
            var first = ctx.awaitSignal("never", String.class, Duration.ofMillis(timeoutMillis));
            var second = ctx.awaitSignal("late", String.class, Duration.ofMinutes(10));
            return first.orElse("timed-out") + "/" + second.orElse("timed-out");
        }
    }

    /** Sleeps its input in milliseconds. */
    public static final class Sleeper implements Workflow<Long, String> {
        @Override
        public String run(WorkflowContext ctx, Long millis) {
            ctx.step("before", String.class, () -> String.valueOf(executed(ctx, "before")));
            ctx.sleep(Duration.ofMillis(millis));
            return "slept " + millis;
        }
    }

    /** Books, registers its undo, waits forever; on cancel, compensates and ends cancelled. */
    public static final class CancelWithCompensation implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            ctx.step("book", String.class, () -> String.valueOf(executed(ctx, "book")));
            ctx.addCompensation("unbook", () -> executed(ctx, "unbook"));
            try {
                return ctx.awaitSignal("never", String.class);
            } catch (CancelledException e) {
                ctx.compensate();
                throw e;
            }
        }
    }

    /** Step "one", then step "two" that fails until the run is marked fixed. */
    public static final class Fixable implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String one = ctx.step("one", String.class, () -> "one#" + executed(ctx, "one"));
            String two = ctx.step("two", String.class, StepOptions.builder().retry(RetryPolicy.NONE).build(), () -> {
                executed(ctx, "two");
                if (!FIXED.getOrDefault(input, false)) {
                    throw new IllegalStateException("two is broken");
                }
                return "two";
            });
            return one + "+" + two;
        }
    }

    /** Two bookings with undos; payment fails; undone in reverse. */
    public static final class Saga implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            ctx.step("book-flight", String.class, () -> "F");
            ctx.addCompensation("cancel-flight", () -> executed(ctx, "cancel-flight"));
            ctx.step("book-hotel", String.class, () -> "H");
            ctx.addCompensation("cancel-hotel", () -> executed(ctx, "cancel-hotel"));
            try {
                ctx.step("pay", String.class, StepOptions.builder().retry(RetryPolicy.NONE).build(), () -> {
                    throw new IllegalStateException("card declined");
                });
                return "paid";
            } catch (StepFailedException e) {
                ctx.compensate();
                return "compensated";
            }
        }
    }

    /** Through the agent seam: waits for approval of a tool call, then runs it as a TOOL step. */
    public static final class Approval implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String toolCallId) {
            StepExecutor ex = StepExecutors.current().orElseThrow();
            var args = JsonNodeFactory.instance.objectNode().put("path", "/tmp/x");
            ApprovalDecision d = ex.awaitApproval(new PendingApproval(toolCallId, "ops", "deleteFile", args));
            if (!d.approved()) {
                return "denied: " + d.reason();
            }
            return ex.execute(new StepCall<>("ops.tool.deleteFile", StepKind.TOOL, args, TypeRef.of(String.class),
                    StepOptions.DEFAULT, () -> "deleted#" + executed(ctx, "deleteFile"), null));
        }
    }

    /** A model step with usage and cost, then three tool calls run together. */
    public static final class Parallel implements Workflow<String, List<String>> {
        @Override
        public List<String> run(WorkflowContext ctx, String input) {
            StepExecutor ex = StepExecutors.current().orElseThrow();
            var none = JsonNodeFactory.instance.nullNode();
            ex.execute(new StepCall<>("agent.model", StepKind.MODEL, JsonNodeFactory.instance.textNode(input),
                    TypeRef.of(String.class), StepOptions.DEFAULT, () -> "call tools",
                    r -> new StepMetrics(Usage.ofTokens(100, 20), new BigDecimal("0.0015"))));
            var calls = new ArrayList<StepCall<?>>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                calls.add(new StepCall<>("agent.tool.t" + i, StepKind.TOOL, none, TypeRef.of(String.class),
                        StepOptions.builder().retry(RetryPolicy.NONE).build(), () -> {
                            executed(ctx, "t" + n);
                            Thread.sleep(60L * (3 - n)); // finish in reverse order
                            if (n == 1) {
                                throw new IllegalStateException("t1 fails");
                            }
                            return "r" + n;
                        }, null));
            }
            List<StepOutcome> outcomes = ex.executeAll(calls);
            var out = new ArrayList<String>();
            for (StepOutcome o : outcomes) {
                out.add(o.error() == null ? (String) o.value() : "error:" + ((StepFailedException) o.error()).errorType());
            }
            ctx.awaitSignal("done", String.class);
            return out;
        }
    }

    /** now, randomUUID and random, recorded by a step, compared after a wait (and a replay). */
    public static final class DeterministicValues implements Workflow<String, Boolean> {
        @Override
        public Boolean run(WorkflowContext ctx, String input) {
            String values = ctx.now() + "|" + ctx.randomUUID() + "|" + ctx.random().nextLong();
            String recorded = ctx.step("record", String.class, () -> values);
            ctx.awaitSignal("go", String.class);
            return recorded.equals(values);
        }
    }
}
