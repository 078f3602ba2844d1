package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.agent.AgentStream;
import dev.steadfast.agent.Tool;
import dev.steadfast.error.CancelledException;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelException;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.testing.FunctionModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AgentStreamTest {
    private static final String ANSWER =
            "Write-ahead logging records a change before it is applied, so a crash loses nothing.";

    record Summary(String title, List<String> points) {}

    static class Search {
        @Tool("search the web")
        String search(String query) {
            return "found " + query;
        }
    }

    @Test
    void aTextRunStreamsItsAnswerInDeltasThenItsUsageThenTheFinalResult() {
        var agent = Agent.builder()
                .name("t")
                .model(new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))))
                .build();
        List<AgentEvent> events = new ArrayList<>();

        try (AgentStream<String> stream = agent.runStream("Explain WAL")) {
            stream.forEach(events::add);
            assertThat(stream.result().output()).isEqualTo(ANSWER);
        }

        assertThat(events.getFirst()).isEqualTo(new AgentEvent.PartStarted(0, TextPart.of("")));
        List<String> deltas = events.stream()
                .filter(AgentEvent.TextDelta.class::isInstance)
                .map(e -> ((AgentEvent.TextDelta) e).text())
                .toList();
        assertThat(deltas).hasSizeGreaterThan(5);
        assertThat(String.join("", deltas)).isEqualTo(ANSWER);
        assertThat(events.get(events.size() - 2)).isInstanceOf(AgentEvent.ModelUsage.class);
        assertThat(((AgentEvent.ModelUsage) events.get(events.size() - 2))
                        .usage()
                        .requests())
                .isEqualTo(1);
        assertThat(events.getLast()).isEqualTo(new AgentEvent.FinalResult(ANSWER));
    }

    @Test
    void aToolRunReportsTheCallWhenWholeItsResultAndThenTheOutputFillingIn() {
        AtomicInteger turn = new AtomicInteger();
        var model = new FunctionModel((m, p) -> turn.getAndIncrement() == 0
                ? ModelResponse.of(ToolCallPart.of("search", "c1", "{\"query\":\"fsync\"}"))
                : ModelResponse.of(ToolCallPart.of(
                        "final_result",
                        "c2",
                        Map.of("title", "Durability matters", "points", List.of("fsync is the floor", "WAL first")))));
        var agent = Agent.builder()
                .name("t")
                .model(model)
                .tools(new Search())
                .output(Summary.class)
                .build();
        List<AgentEvent> events = new ArrayList<>();

        try (AgentStream<Summary> stream = agent.runStream("Summarise")) {
            stream.forEach(events::add);
        }

        List<AgentEvent> milestones = events.stream()
                .filter(e -> !(e instanceof AgentEvent.ToolCallDelta))
                .toList();
        assertThat(milestones)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly(
                        "PartStarted",
                        "ToolCallReady",
                        "ModelUsage",
                        "ToolResult",
                        "PartStarted",
                        "ToolCallReady",
                        "ModelUsage",
                        "FinalResult");
        assertThat(((AgentEvent.ToolCallReady) milestones.get(1))
                        .call()
                        .args()
                        .path("query")
                        .asText())
                .isEqualTo("fsync");
        assertThat(((AgentEvent.ToolResult) milestones.get(3))
                        .result()
                        .content()
                        .asText())
                .isEqualTo("found fsync");
        assertThat(((AgentEvent.FinalResult) milestones.getLast()).output())
                .isEqualTo(new Summary("Durability matters", List.of("fsync is the floor", "WAL first")));
    }

    @Test
    void thePartialOutputGrowsFieldByFieldAndEndsAsTheWholeArguments() {
        Map<String, Object> out =
                Map.of("title", "Durability matters", "points", List.of("fsync is the floor", "WAL first"));
        var agent = Agent.builder()
                .name("t")
                .model(new FunctionModel((m, p) -> ModelResponse.of(ToolCallPart.of("final_result", "c1", out))))
                .output(Summary.class)
                .build();
        List<JsonNode> partials = new ArrayList<>();

        try (AgentStream<Summary> stream = agent.runStream("Summarise")) {
            stream.partialOutput().forEach(partials::add);
            assertThat(stream.result().output().title()).isEqualTo("Durability matters");
        }

        assertThat(partials).hasSizeGreaterThan(4).doesNotHaveDuplicates();
        assertThat(partials)
                .anySatisfy(p ->
                        assertThat(p.path("title").asText()).startsWith("Dur").isNotEqualTo("Durability matters"));
        assertThat(partials).anySatisfy(p -> assertThat(p.path("points")).hasSize(1));
        assertThat(partials.getLast()).isEqualTo(dev.steadfast.message.Messages.toTree(out));
    }

    @Test
    void textDeltasAloneAddUpToTheAnswer() {
        var agent = Agent.builder()
                .name("t")
                .model(new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))))
                .build();
        StringBuilder text = new StringBuilder();

        try (AgentStream<String> stream = agent.runStream("Explain WAL")) {
            stream.textDeltas().forEach(text::append);
        }

        assertThat(text.toString()).isEqualTo(ANSWER);
    }

    @Test
    void closingTheStreamMidAnswerCancelsTheModelRequestAndTheRunIsNotRetried() throws Exception {
        var holding = new CountDownLatch(1);
        var interrupted = new AtomicBoolean();
        var calls = new AtomicInteger();
        var model = new FunctionModel((m, p) -> {
                    calls.incrementAndGet();
                    return ModelResponse.of(TextPart.of(ANSWER));
                })
                .streaming((n, next) -> {
                    if (n == 3) {
                        holding.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                            throw e;
                        }
                    }
                });
        var agent = Agent.builder().name("t").model(model).build();
        AgentStream<String> stream = agent.runStream("Explain WAL");
        var events = stream.iterator();
        events.next();
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

        stream.close();

        assertThatThrownBy(stream::result).isInstanceOfAny(ModelException.class, CancelledException.class);
        assertThat(interrupted).isTrue();
        assertThat(calls).hasValue(1);
        assertThat(events.hasNext()).isFalse();
    }

    @Test
    void aSlowReaderHoldsTheRunAtTheBufferAndLosesNothing() throws Exception {
        String longAnswer = "word ".repeat(1000).trim();
        var produced = new AtomicInteger();
        var read = new AtomicInteger();
        var ahead = new AtomicInteger();
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(longAnswer))).streaming((n, next) -> {
            produced.set(n);
            ahead.accumulateAndGet(n - read.get(), Math::max);
        });
        var agent = Agent.builder().name("t").model(model).build();
        StringBuilder text = new StringBuilder();

        try (AgentStream<String> stream = agent.runStream("Talk")) {
            for (AgentEvent e : stream) {
                read.incrementAndGet();
                if (e instanceof AgentEvent.TextDelta d) {
                    text.append(d.text());
                }
                if (read.get() % 100 == 0) {
                    Thread.sleep(5); // let the run fill the buffer
                }
            }
        }

        assertThat(text.toString()).isEqualTo(longAnswer);
        assertThat(produced.get()).isEqualTo(1000); // a start and 1000 words
        assertThat(ahead.get()).isLessThanOrEqualTo(256 + 1); // never more than the buffer ahead of the reader
    }

    @Test
    void anAttemptThatFailsMidStreamIsDiscardedBeforeTheRetryStreams() {
        var attempts = new AtomicInteger();
        Model flaky = new Model() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public ModelResponse request(
                    List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
                throw new UnsupportedOperationException("streamed only");
            }

            @Override
            public ModelResponse requestStream(
                    List<Message> messages,
                    ModelSettings settings,
                    ModelRequestParameters parameters,
                    Consumer<? super ModelStreamEvent> events) {
                events.accept(new ModelStreamEvent.PartStart(0, TextPart.of("")));
                if (attempts.incrementAndGet() == 1) {
                    events.accept(new ModelStreamEvent.TextDelta(0, "Half an ans"));
                    throw new ModelException("connection reset mid-stream", true);
                }
                events.accept(new ModelStreamEvent.TextDelta(0, "Whole answer."));
                return ModelResponse.of(TextPart.of("Whole answer."));
            }
        };
        var agent = Agent.builder()
                .name("t")
                .model(flaky)
                .modelRetryPolicy(RetryPolicy.builder()
                        .maxAttempts(3)
                        .initialInterval(Duration.ofMillis(1))
                        .build())
                .build();
        List<AgentEvent> events = new ArrayList<>();

        try (AgentStream<String> stream = agent.runStream("Answer")) {
            stream.forEach(events::add);
        }

        assertThat(events.subList(0, 5))
                .containsExactly(
                        new AgentEvent.PartStarted(0, TextPart.of("")),
                        new AgentEvent.TextDelta(0, "Half an ans"),
                        new AgentEvent.AttemptDiscarded(0),
                        new AgentEvent.PartStarted(0, TextPart.of("")),
                        new AgentEvent.TextDelta(0, "Whole answer."));
        assertThat(events.getLast()).isEqualTo(new AgentEvent.FinalResult("Whole answer."));
    }

    @Test
    void aFlowSubscriberGetsEveryEventAsItRequestsThemThenCompletion() throws Exception {
        var agent = Agent.builder()
                .name("t")
                .model(new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))))
                .build();
        List<AgentEvent> got = new ArrayList<>();
        var done = new CountDownLatch(1);

        agent.runStream("Explain WAL").subscribe(new Flow.Subscriber<AgentEvent>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(AgentEvent item) {
                got.add(item);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable throwable) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                got.add(new AgentEvent.AttemptDiscarded(-1)); // a marker: completion came last
                done.countDown();
            }
        });

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(got.get(got.size() - 2)).isEqualTo(new AgentEvent.FinalResult(ANSWER));
        assertThat(got.getLast()).isEqualTo(new AgentEvent.AttemptDiscarded(-1));
    }

    @Test
    void aPlainRunDoesNotStream() {
        var streamed = new AtomicInteger();
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER)))
                .streaming((n, next) -> streamed.incrementAndGet());
        AgentResult<String> r = Agent.builder().name("t").model(model).build().run("Explain WAL");

        assertThat(r.output()).isEqualTo(ANSWER);
        assertThat(streamed).hasValue(0);
    }
}
