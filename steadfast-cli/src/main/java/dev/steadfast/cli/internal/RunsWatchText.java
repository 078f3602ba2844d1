package dev.steadfast.cli.internal;

import dev.steadfast.message.TextPart;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answers {@code runs watch} prints as the model writes them: a subscriber of
 * {@code engine.events} on a thread of its own, writing each text delta as it comes (live also when another
 * process owns the database: the engine follows the owner's live socket; with no owner answering, each model
 * step's text once it is recorded). Model text is
 * untrusted: control characters are shown escaped ({@link Terminal#safe}), never sent to the terminal.
 * A discarded attempt (a retry, a resumed crash) is said, and the retry's text follows on its own line.
 */
final class RunsWatchText implements AutoCloseable {
    private final PrintWriter out;
    private final EventStream<RunEvent> events;
    private final AtomicBoolean midText = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);

    private RunsWatchText(PrintWriter out, EventStream<RunEvent> events) {
        this.out = out;
        this.events = events;
    }

    /** Starts printing the answers of run {@code id} to {@code out} (lock {@code out} to print beside it). */
    static RunsWatchText start(WorkflowEngine engine, String id, PrintWriter out) {
        var text = new RunsWatchText(out, engine.events(id, StreamCursor.START));
        Thread.ofVirtual().name("steadfast-watch-text").start(text::print);
        return text;
    }

    /** Whether an answer is being printed now (a progress line would break it). */
    boolean midText() {
        return midText.get();
    }

    /** Ends a half-printed answer's line, so a step line can follow. */
    void breakLine() {
        synchronized (out) {
            if (midText.getAndSet(false)) {
                out.println();
            }
        }
    }

    private void print() {
        try {
            for (RunEvent e : events) {
                synchronized (out) {
                    switch (e.event()) {
                        case AgentEvent.PartStarted s
                        when s.part() instanceof TextPart -> {
                            out.print("  ┆ " + Terminal.line(e.stepName(), 60) + ": ");
                            midText.set(true);
                        }
                        case AgentEvent.TextDelta d -> out.print(Terminal.safe(d.text(), true));
                        case AgentEvent.AttemptDiscarded x -> {
                            out.println();
                            out.println("  ┆ (that attempt was discarded; the step streams again)");
                            midText.set(false);
                        }
                        case AgentEvent.ModelUsage u -> {
                            if (midText.getAndSet(false)) {
                                out.println();
                            }
                        }
                        default -> {}
                    }
                    out.flush();
                }
            }
        } catch (RuntimeException endedOrClosed) {
            // the run failed (the watch says so) or the watch stopped
        } finally {
            ended.countDown();
        }
    }

    /** Waits (a few seconds at most) until the answers of a run that ended are all printed. */
    void awaitEnd() {
        try {
            ended.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        events.close();
    }
}
