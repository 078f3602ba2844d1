package dev.steadfast.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One recorded act of steering a run: who did what, and when. Decisions are facts: each is recorded
 * once, an identical repeat records nothing, and a second, different answer to the same tool call is
 * refused ({@link dev.steadfast.error.DecisionConflictException}). {@link RunInfo#decisions()} lists a
 * run's decisions oldest first, so the run's audit trail shows who approved or cancelled it.
 *
 * <pre>{@code
 * for (Decision d : engine.describe("mail-1").decisions()) {
 *     System.out.println(d.summary());   // approved call_1 by ada at 2026-12-05T23:10:00Z
 * }
 * }</pre>
 *
 * @param kind what was done
 * @param target the tool call id (an answer), the signal's name (a signal), the new run's id (a fork), or {@code null}
 * @param payload the answer ({@link ApprovalDecision} as JSON), the signal's payload, or why the engine refused a signal
 * @param by who did it: an OS user, a console, or {@code engine} for what the engine itself refused
 * @param at when it was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(Kind kind, String target, JsonNode payload, String by, Instant at) {
    /** What a decision did. */
    public enum Kind {
        /** An answer to a tool call waiting for approval or for an external result. */
        ANSWER,
        /** A signal sent to the run. */
        SIGNAL,
        /** A signal the engine refused because its payload does not fit the type the run awaits; the run waits on. */
        SIGNAL_REFUSED,
        /** A cancel request. */
        CANCEL,
        /** The run was started. */
        START,
        /** The run was forked as {@code target}. */
        FORK,
        /**
         * Not a decision but a fact of the same kind: the process running the run died, and an engine
         * that opened the file resumed it ({@code by}: {@code engine}; {@code payload}: that process).
         * Recorded once per recovery, not per step.
         */
        RECOVERED
    }

    public Decision {
        requireNonNull(kind, "kind");
        requireNonNull(at, "at");
        by = by == null || by.isBlank() ? "unknown" : by;
    }

    /** One line for people: {@code approved call_1 by ada at 2026-12-05T23:10:00Z}. */
    public String summary() {
        String what = switch (kind) {
            case ANSWER -> answerVerb() + " " + target;
            case SIGNAL -> "signal '" + target + "' sent";
            case SIGNAL_REFUSED -> "signal '" + target + "' refused (" + (payload == null ? "" : payload.asText()) + ")";
            case CANCEL -> "cancel requested";
            case START -> "started";
            case FORK -> "forked as " + target;
            case RECOVERED -> "recovered after a crash" + (payload == null ? "" : " (" + payload.asText() + ")");
        };
        return what + " by " + by + " at " + at;
    }

    /** For an answer: approved, denied, completed or failed. */
    public String answerVerb() {
        if (kind != Kind.ANSWER || payload == null) {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
        boolean approved = payload.path("approved").asBoolean(false);
        if (payload.path("failed").asBoolean(false)) {
            return "failed";
        }
        if (payload.has("result")) {
            return "completed";
        }
        return approved ? "approved" : "denied";
    }
}
