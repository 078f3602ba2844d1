package dev.steadfast.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.error.CancelledException;
import dev.steadfast.error.ChildRunFailedException;
import dev.steadfast.run.ErrorInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.usage.Usage;
import dev.steadfast.workflow.spi.ChildIds;
import dev.steadfast.workflow.spi.StepCall;
import java.math.BigDecimal;
import java.sql.SQLException;

/**
 * Child runs: a {@link StepKind#CHILD} step (an agent delegated to) is a run of its own, with the id
 * {@code <parent>.c<seq>} and its own journal, linked by {@code parent_id}. The parent's entry waits
 * for the key {@code $child:<id>}, like a signal; the child's end records that signal (how it ended,
 * with its usage and cost) in the transaction that ends it, so neither side can miss the other across
 * a crash.
 *
 * <p>The child's code is the step's body, which only the parent's execution holds: a child is run by
 * the process whose parent reached its entry. A child found without a body (after a restart) hands
 * over to its parent, which replays to the entry and starts it again; the child then replays its own
 * journal, so no recorded step of either runs twice.
 */
final class Children {
    static final String KEY_PREFIX = "$child:";

    /**
     * How a child run ended, as its parent's entry records it.
     *
     * @param status COMPLETED, FAILED or CANCELLED
     * @param output the child's result, when it completed
     * @param error why it did not, otherwise
     * @param usage what all its steps (its own children's included) used
     * @param cost what they cost
     */
    record Outcome(RunStatus status, JsonNode output, ErrorInfo error, Usage usage, BigDecimal cost) {}

    private final EngineRuntime rt;
    private final Waits waits;

    Children(EngineRuntime rt, Waits waits) {
        this.rt = rt;
        this.waits = waits;
    }

    /** Runs (or replays) the child run of entry {@code seq} and returns its result. */
    <T> T run(RunState st, int seq, StepCall<T> call) {
        st.checkFatal();
        String id = ChildIds.of(st.runId, seq);
        String input = rt.codec.encode(call.input(), "The input of child run '" + id + "'");
        StepRow rec = st.recorded(seq);
        if (rec != null) {
            st.match(seq, rec, call.name(), StepKind.CHILD);
        }
        if (rec == null || !rec.isFinal()) {
            if (rec != null) {
                st.atLiveEntry();
            }
            start(st, seq, id, call, input);
        }
        StepRow done = waits.awaitAt(st, seq, call.name(), StepKind.CHILD, input, KEY_PREFIX + id, null, null);
        Outcome outcome = rt.codec.decode(done.output(), Outcome.class);
        if (outcome.status() == RunStatus.COMPLETED) {
            String json = outcome.output() == null ? null : outcome.output().toString();
            try {
                return rt.codec.decodeRecorded(json, call.resultType().type(), st.runId, seq, call.name());
            } catch (dev.steadfast.error.RecordedValueMismatchException e) {
                throw st.mismatch(e);
            }
        }
        ErrorInfo error = outcome.error();
        throw new ChildRunFailedException(
                call.name(),
                id,
                error == null ? outcome.status().name() : error.type(),
                error == null ? outcome.status().name().toLowerCase(java.util.Locale.ROOT) : error.message(),
                outcome.usage(),
                outcome.cost());
    }

    /** Hands this execution's body to the child, records the child run if it is new, and loads it. */
    private void start(RunState st, int seq, String id, StepCall<?> call, String input) {
        rt.childBodies.put(id, call.body());
        long now = rt.now();
        String type = call.input().path(StepCall.CHILD_AGENT).asText(call.name());
        var row = new RunRow(
                id,
                type,
                RunStatus.RUNNING,
                input,
                null,
                null,
                now,
                now,
                null,
                st.seed * 31 + seq,
                null,
                false,
                st.runId);
        rt.writer.write(db -> Tables.insertRun(db, row));
        rt.resume(id);
    }

    /** The signal that tells {@code parentId} how child {@code run} ended; written with the child's end. */
    static void recordEnd(
            SqlConnection db, Codec codec, RunRow run, RunStatus status, String output, ErrorInfo error, long now)
            throws SQLException {
        Usage usage = Usage.NONE;
        BigDecimal cost = BigDecimal.ZERO;
        for (String[] m : Tables.stepMetrics(db, run.id())) {
            usage = m[0] == null ? usage : usage.plus(codec.decode(m[0], Usage.class));
            cost = m[1] == null ? cost : cost.add(new BigDecimal(m[1]));
        }
        if (status == RunStatus.CANCELLED && error == null) {
            error = new ErrorInfo(CancelledException.class.getName(), "run '" + run.id() + "' was cancelled", null);
        }
        var outcome = new Outcome(status, codec.tree(output), error, usage, cost);
        Tables.insertSignal(db, run.parentId(), KEY_PREFIX + run.id(), codec.internal(outcome), now);
    }

    /** The parent's entry, completed with {@code payload} (an {@link Outcome}), carries the child's usage and cost. */
    static StepRow withMetrics(StepRow done, String payload, Codec codec) {
        Outcome o = codec.decode(payload, Outcome.class);
        Usage usage = o.usage() == null ? Usage.NONE : o.usage();
        BigDecimal cost = o.cost() == null ? BigDecimal.ZERO : o.cost();
        return done.withMetrics(
                usage.equals(Usage.NONE) ? null : codec.internal(usage),
                cost.signum() == 0 ? null : cost.toPlainString());
    }
}
