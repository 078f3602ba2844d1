package dev.steadfast.stream;

import static java.util.Objects.requireNonNull;

/**
 * An event of a durable run, as {@code WorkflowEngine.events} delivers it: the {@link AgentEvent}, the
 * model step it belongs to, and the cursor to resume from after it.
 *
 * <pre>{@code
 * StreamCursor resumeFrom = loadSavedCursor().orElse(StreamCursor.START);
 * try (EventStream<RunEvent> events = engine.events("req-42", resumeFrom)) {
 *     for (RunEvent e : events) {
 *         if (e.event() instanceof AgentEvent.TextDelta d) System.out.print(d.text());
 *         saveCursor(e.cursor());
 *     }
 * }
 * }</pre>
 *
 * @param cursor where a subscriber stands once it has handled this event
 * @param stepName the model step's name ({@code researcher.model}), or {@code null} for the final result
 * @param event what happened
 */
public record RunEvent(StreamCursor cursor, String stepName, AgentEvent event) {
    public RunEvent {
        requireNonNull(cursor, "cursor");
        requireNonNull(event, "event");
    }
}
