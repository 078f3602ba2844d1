package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.EventStream;
import dev.steadfast.stream.RunEvent;
import dev.steadfast.stream.StreamCursor;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durable-streaming promise every engine keeps ({@code engine.events}): a subscriber sees one
 * coherent answer per model step, whether it follows the run live, joins after the end (from the
 * journal), or resumes with a cursor — nothing missed, nothing twice — and a retried attempt is
 * discarded before the retry's events. Engines that publish steps while they stream return
 * {@code true} from {@link #streamsLive()}, and their subscribers must see the answer grow before the
 * step is recorded; the others (asking the model plainly) must show each step whole once recorded.
 */
public abstract class DurableStreamContract {
    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final String ANSWER =
            "A durable run records each step before it goes on, so a crash at step eight "
                    + "resumes at step eight with steps one to seven intact and never paid for twice.";

    protected WorkflowEngine engine;

    /** Opens the engine under test. */
    protected abstract WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents);

    /** Whether subscribers see a model step's deltas before it is recorded. */
    protected boolean streamsLive() {
        return true;
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Follows {@code runId} on a thread, collecting its events, until the stream ends. */
    protected static final class Subscriber {
        final List<RunEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Throwable failure;
        final EventStream<RunEvent> stream;

        Subscriber(WorkflowEngine engine, String runId, StreamCursor from) {
            stream = engine.events(runId, from);
            Thread.ofVirtual().start(() -> {
                try {
                    stream.forEach(events::add);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    ended.countDown();
                }
            });
        }

        List<RunEvent> awaitEnd() throws InterruptedException {
            assertThat(ended.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the event stream ended")
                    .isTrue();
            assertThat(failure).isNull();
            return List.copyOf(events);
        }
    }

    protected static String text(List<RunEvent> events) {
        var b = new StringBuilder();
        for (RunEvent e : events) {
            if (e.event() instanceof AgentEvent.TextDelta d) {
                b.append(d.text());
            }
            if (e.event() instanceof AgentEvent.AttemptDiscarded) {
                b.setLength(0);
            }
        }
        return b.toString();
    }

    /** The events that are not deltas: the same however a step's text was cut. */
    protected static List<AgentEvent> milestones(List<RunEvent> events) {
        return events.stream()
                .map(RunEvent::event)
                .filter(e -> !(e instanceof AgentEvent.TextDelta
                        || e instanceof AgentEvent.ToolCallDelta
                        || e instanceof AgentEvent.ThinkingDelta))
                .toList();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline)
                    .as("condition reached within " + WAIT)
                    .isTrue();
            Thread.sleep(10);
        }
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static final class Search {
        @dev.steadfast.agent.Tool("search the web")
        public String search(String query) {
            return "found " + query;
        }
    }

    /** A writer that calls search once, then answers; its answer's stream is held at event {@code holdAt} until released. */
    private static Agent<Void, String> writer(CountDownLatch holding, CountDownLatch release) {
        AtomicInteger turn = new AtomicInteger();
        FunctionModel model = new FunctionModel((m, p) ->
                        m.stream().filter(ModelResponse.class::isInstance).count() == 0
                                ? ModelResponse.of(ToolCallPart.of("search", "c1", "{\"query\":\"fsync\"}"))
                                : ModelResponse.of(TextPart.of(ANSWER)))
                .streaming((n, next) -> {
                    if (next instanceof ModelStreamEvent.TextDelta && n == 8 && turn.getAndIncrement() == 0) {
                        holding.countDown();
                        release.await();
                    }
                });
        return Agent.builder().name("writer").model(model).tools(new Search()).build();
    }

    @Test
    void aLiveSubscriberAndOneThatJoinsAfterTheEndSeeTheSameRunAndOnlyStepsAreRecorded() throws Exception {
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Agent<Void, String> writer = writer(holding, release);
        engine = openEngine(List.of(), List.of(writer));
        String id = id("live");
        var handle = engine.start(writer, id, "Explain durability");
        var live = new Subscriber(engine, id, StreamCursor.START);

        if (streamsLive()) { // an engine that does not stream asks the model plainly: nothing holds
            assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            awaitTrue(() -> !text(live.events).isEmpty());
            assertThat(ANSWER).startsWith(text(live.events)).isNotEqualTo(text(live.events));
        }
        release.countDown();
        assertThat(handle.result(WAIT).output()).isEqualTo(ANSWER);
        List<RunEvent> followed = live.awaitEnd();
        List<RunEvent> late = new Subscriber(engine, id, StreamCursor.START).awaitEnd();

        for (List<RunEvent> events : List.of(followed, late)) {
            assertThat(text(events)).isEqualTo(ANSWER);
            assertThat(milestones(events))
                    .extracting(e -> e.getClass().getSimpleName())
                    .containsExactly(
                            "PartStarted",
                            "ToolCallReady",
                            "ModelUsage",
                            "ToolResult",
                            "PartStarted",
                            "ModelUsage",
                            "FinalResult");
            assertThat(((AgentEvent.FinalResult) events.getLast().event())
                            .output()
                            .toString())
                    .isEqualTo("\"" + ANSWER + "\"");
        }
        assertThat(milestones(late)).isEqualTo(milestones(followed));
        List<StepRecord> history = engine.history(id);
        assertThat(history).extracting(StepRecord::kind).containsExactly(StepKind.MODEL, StepKind.TOOL, StepKind.MODEL);
        assertThat(history).allSatisfy(s -> assertThat(s.attempts()).isEqualTo(1));
    }

    @Test
    void aSubscriberThatResumesWithItsCursorMissesNothingAndSeesNothingTwice() throws Exception {
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Agent<Void, String> writer = writer(holding, release);
        engine = openEngine(List.of(), List.of(writer));
        String id = id("resume");
        var handle = engine.start(writer, id, "Explain durability");
        if (streamsLive()) {
            assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }

        List<RunEvent> first = new ArrayList<>();
        EventStream<RunEvent> stream = engine.events(id, StreamCursor.START);
        Iterator<RunEvent> it = stream.iterator();
        int want = streamsLive() ? 7 : 4; // live: into the held answer; else: into the first step
        while (first.size() < want) {
            first.add(it.next());
        }
        stream.close();
        StreamCursor cursor = StreamCursor.parse(first.getLast().cursor().toString());
        release.countDown();
        handle.result(WAIT);

        List<RunEvent> rest = new Subscriber(engine, id, cursor).awaitEnd();
        var both = new ArrayList<>(first);
        both.addAll(rest);
        List<RunEvent> whole = new Subscriber(engine, id, StreamCursor.START).awaitEnd();

        assertThat(text(both)).isEqualTo(ANSWER);
        assertThat(milestones(both)).isEqualTo(milestones(whole));
        assertThat(both).extracting(RunEvent::event).doesNotContain(new AgentEvent.AttemptDiscarded(3));
        assertThat(both).extracting(RunEvent::cursor).doesNotHaveDuplicates();
    }

    @Test
    void anAttemptThatFailedMidStreamIsDiscardedAndTheAnswerIsTheRetrysAlone() throws Exception {
        var attempts = new AtomicInteger();
        var seen = new CountDownLatch(1);
        Model flaky = new Model() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public ModelResponse request(
                    List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
                return requestStream(messages, settings, parameters, e -> {});
            }

            @Override
            public ModelResponse requestStream(
                    List<Message> messages,
                    ModelSettings settings,
                    ModelRequestParameters parameters,
                    Consumer<? super ModelStreamEvent> events) {
                events.accept(new ModelStreamEvent.PartStart(0, TextPart.of("")));
                if (attempts.incrementAndGet() == 1) {
                    events.accept(new ModelStreamEvent.TextDelta(0, "A half-written first ans"));
                    try {
                        seen.await(WAIT.toSeconds(), TimeUnit.SECONDS); // until a live subscriber saw it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new ModelException("connection reset mid-stream", true);
                }
                events.accept(new ModelStreamEvent.TextDelta(0, ANSWER));
                return ModelResponse.of(TextPart.of(ANSWER));
            }
        };
        Agent<Void, String> agent = Agent.builder()
                .name("flaky")
                .model(flaky)
                .modelRetryPolicy(RetryPolicy.builder()
                        .maxAttempts(3)
                        .initialInterval(Duration.ofMillis(200))
                        .build())
                .build();
        engine = openEngine(List.of(), List.of(agent));
        String id = id("retry");
        var handle = engine.start(agent, id, "Explain durability");
        var live = new Subscriber(engine, id, StreamCursor.START);
        if (streamsLive()) {
            awaitTrue(() -> text(live.events).contains("half-written"));
        }
        seen.countDown();
        handle.result(WAIT);

        List<RunEvent> events = live.awaitEnd();
        assertThat(text(events)).isEqualTo(ANSWER);
        if (streamsLive()) { // the first attempt was shown, then voided before the second's parts
            List<AgentEvent> kinds = events.stream().map(RunEvent::event).toList();
            int discard = kinds.indexOf(new AgentEvent.AttemptDiscarded(1));
            assertThat(discard).isPositive();
            assertThat(kinds.subList(0, discard)).contains(new AgentEvent.TextDelta(0, "A half-written first ans"));
            assertThat(kinds.subList(discard, kinds.size()))
                    .doesNotContain(new AgentEvent.TextDelta(0, "A half-written first ans"));
        }
        assertThat(engine.history(id).getFirst().attempts()).isEqualTo(2);
    }
}
