package dev.steadfast.bench.durable;

import static java.util.Objects.requireNonNull;

import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflow of the step benchmarks: {@code steps} sequential steps, each returning the same
 * string of {@code payloadBytes} ASCII characters made as its {@link Payload} says ({@code "x"}
 * repeated unless the spec names another kind), optionally followed by a wait for the signal
 * {@value #REPLAY_SIGNAL} (the long-run benchmark resumes it to time a replay). The time each step
 * call takes in workflow code (execute, encode, commit, hand back) is kept per run, from the run's
 * first execution only.
 *
 * <pre>{@code
 * var wf = new StepsWorkflow(true);
 * engine.start(StepsWorkflow.class, "r1", new StepsWorkflow.Spec(100, 16, false)).result(timeout);
 * long[] nanos = wf.stepNanos("r1");
 * }</pre>
 */
public final class StepsWorkflow implements Workflow<StepsWorkflow.Spec, Integer> {
    /** The signal a run waits for after its steps when {@link Spec#awaitReplay()}. */
    public static final String REPLAY_SIGNAL = "replay";

    /** What a run does. */
    public record Spec(int steps, int payloadBytes, Payload payload, boolean awaitReplay) {
        public Spec {
            requireNonNull(payload, "payload");
        }

        /** Steps returning {@link Payload#REPEATED} text. */
        public Spec(int steps, int payloadBytes, boolean awaitReplay) {
            this(steps, payloadBytes, Payload.REPEATED, awaitReplay);
        }
    }

    /**
     * What a step's string is made of. The journal compresses large payloads, so what a long run's
     * file holds depends on how compressible they are; each kind is deterministic (a fixed seed).
     */
    public enum Payload {
        /** {@code "x"} repeated: the small payloads of the per-step benchmarks (the journal shrinks 1 KB of it 55×). */
        REPEATED,
        /**
         * A search tool's result as a model reads it: JSON-ish records (title, source, score,
         * snippet) of English words, numbers and punctuation drawn from a fixed vocabulary, common
         * words more often. The quotes make its JSON longer than its characters (1,000 → 1,063 bytes);
         * the journal's LZ4 takes it to about 67 % (1.48×; zlib, before it, to 47 %), a little better
         * than it does real English prose of that size (about 1.3×).
         */
        TOOL_RESULT,
        /** Random base64: LZ4 cannot shrink it (zlib took back the slack of its 6-bit alphabet), so it is stored as text. */
        RANDOM;

        private static final String[] WORDS = ("the of and to a in is that for it as with was on be by this are"
                + " or from at an which can has have not but its will more also than one these other their into"
                + " data model step result request response agent tool value order price customer account report"
                + " city weather forecast temperature search query answer question summary source document page"
                + " update version system user service error retry time day week month year total number list"
                + " first second next last new best high low large small important available recent current"
                + " found shows suggests includes returns provides needs uses based according however because"
                + " while after before during between about around within without each every most several").split(" ");
        private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        /** A string of {@code chars} characters of this kind. */
        public String text(int chars) {
            var random = new Random(20261127L);
            var out = new StringBuilder(chars + 400);
            switch (this) {
                case REPEATED -> out.append("x".repeat(chars));
                case RANDOM -> {
                    while (out.length() < chars) {
                        out.append(BASE64.charAt(random.nextInt(64)));
                    }
                }
                case TOOL_RESULT -> {
                    out.append("{\"results\": [");
                    for (int i = 0; out.length() < chars; i++) {
                        out.append(i == 0 ? "{" : ", {")
                                .append("\"title\": \"").append(sentence(random, 3 + random.nextInt(4)))
                                .append("\", \"source\": \"https://example.com/").append(word(random)).append('/')
                                .append(random.nextInt(10_000))
                                .append("\", \"score\": 0.").append(random.nextInt(100))
                                .append(", \"snippet\": \"").append(sentence(random, 10 + random.nextInt(15))).append(' ')
                                .append(sentence(random, 6 + random.nextInt(10))).append("\"}");
                    }
                }
            }
            return out.substring(0, chars);
        }

        /** Common words more often than rare ones, as in any text. */
        private static String word(Random random) {
            return WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2))];
        }

        private static String sentence(Random random, int words) {
            var out = new StringBuilder();
            for (int w = 0; w < words; w++) {
                String word = random.nextInt(9) == 0 ? Integer.toString(random.nextInt(100)) : word(random);
                out.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                        .append(w == words - 1 ? "." : random.nextInt(7) == 0 ? ", " : " ");
            }
            return out.toString();
        }
    }

    private final boolean timed;
    private final Map<String, long[]> stepNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> resumedAt = new ConcurrentHashMap<>();

    /** @param timed whether to keep each step's latency */
    public StepsWorkflow(boolean timed) {
        this.timed = timed;
    }

    @Override
    public Integer run(WorkflowContext ctx, Spec spec) {
        String payload = spec.payload().text(spec.payloadBytes());
        long[] nanos = timed ? new long[spec.steps()] : null;
        for (int i = 0; i < spec.steps(); i++) {
            long t0 = System.nanoTime();
            ctx.step("step", String.class, () -> payload);
            if (nanos != null) {
                nanos[i] = System.nanoTime() - t0;
            }
        }
        if (nanos != null) {
            stepNanos.putIfAbsent(ctx.workflowId(), nanos);
        }
        if (spec.awaitReplay()) {
            ctx.awaitSignal(REPLAY_SIGNAL, String.class);
            resumedAt.put(ctx.workflowId(), System.nanoTime());
        }
        return spec.steps();
    }

    /** The latency of each step of run {@code id}'s first execution, in nanoseconds. */
    public long[] stepNanos(String id) {
        long[] n = stepNanos.get(id);
        if (n == null) {
            throw new IllegalStateException("run " + id + " kept no step timings");
        }
        return n;
    }

    /** When run {@code id}'s code passed its wait ({@link System#nanoTime()}), or {@code null}. */
    public Long resumedAt(String id) {
        return resumedAt.get(id);
    }
}
