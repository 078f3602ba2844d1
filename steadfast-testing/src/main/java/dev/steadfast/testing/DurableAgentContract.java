package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.ModelHttpException;
import dev.steadfast.model.RateLimitedException;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.testing.DurableAgents.Counters;
import dev.steadfast.testing.DurableAgents.Summary;
import dev.steadfast.usage.Usage;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durable-agent promise every engine keeps: each model request and tool call is a step, never
 * executed again once recorded; approvals wait durably; model requests retry as steps (rate limits
 * honoured, bad requests not); usage and limits count what the journal recorded.
 *
 * <pre>{@code
 * class EmbeddedDurableAgentTest extends DurableAgentContract {
 *     @TempDir Path dir;
 *     protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
 *         return EmbeddedEngine.builder().database(dir.resolve("a.db"))
 *                 .register(workflows.toArray(Workflow[]::new)).register(agents.toArray(Agent[]::new)).build();
 *     }
 * }
 * }</pre>
 */
public abstract class DurableAgentContract {
    protected static final Duration WAIT = Duration.ofSeconds(20);

    protected WorkflowEngine engine;
    private final Counters counters = new Counters();
    private List<Agent<?, ?>> agents = List.of();

    /** Opens the engine under test; called again after {@code close()} to simulate a restart (same state). */
    protected abstract WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents);

    @AfterEach
    void closeAfterTest() {
        if (engine != null) {
            engine.close();
        }
    }

    private Agent<Void, Summary> open(UsageLimits limits) {
        Agent<Void, Summary> researcher = DurableAgents.researcher(counters, limits);
        open(List.of(researcher));
        return researcher;
    }

    private void open(List<Agent<?, ?>> withAgents) {
        agents = withAgents;
        engine = openEngine(List.of(), agents);
    }

    private void restart() {
        engine.close();
        engine = openEngine(List.of(), agents);
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private RunInfo awaitRun(String id, Predicate<RunInfo> condition) {
        return Runs.await(engine, id, condition, WAIT);
    }

    @Test
    void everyModelRequestAndToolCallIsARecordedStep() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("steps");

        AgentResult<Summary> r = engine.start(researcher, id, "search:fsync").result(WAIT);

        assertThat(r.output()).isEqualTo(new Summary("Report", List.of("https://example.org/fsync")));
        List<StepRecord> history = engine.history(id);
        assertThat(history)
                .extracting(StepRecord::name)
                .containsExactly("researcher.model", "researcher.tool.search", "researcher.model");
        assertThat(history).extracting(StepRecord::kind).containsExactly(StepKind.MODEL, StepKind.TOOL, StepKind.MODEL);
        // history shows each request's whole input: request, response, tool return
        assertThat(history.get(2).input().path("messages")).hasSize(3);
        assertThat(history.get(1).input().path("args").path("query").asText()).isEqualTo("fsync");
        assertThat(history.get(0).usage()).isEqualTo(new Usage(1, 1000, 100, 0, 0, 0, 0));
        assertThat(history.get(0).cost()).isEqualByComparingTo("0.0028"); // gpt-4.1: 1000 × $2 + 100 × $8 per million
        RunInfo info = engine.describe(id);
        assertThat(info.workflowType()).isEqualTo("researcher");
        assertThat(info.usage().requests()).isEqualTo(2);
        assertThat(info.usage().inputTokens()).isEqualTo(2000);
        assertThat(info.cost()).isEqualByComparingTo("0.0056");
        assertThat(r.usage().requests()).isEqualTo(2);
        assertThat(counters.modelCalls).hasValue(2);
        assertThat(counters.searches).hasValue(1);
    }

    @Test
    void approvalParksTheRunAcrossRestartsAndRecordedStepsAreNotRepeated() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("approve");
        engine.start(researcher, id, "search:wal,email:ana@example.com");

        RunInfo waiting = awaitRun(
                id,
                i -> i.status() == RunStatus.WAITING && !i.pendingApprovals().isEmpty());
        assertThat(waiting.pendingApprovals()).singleElement().satisfies(p -> {
            assertThat(p.toolName()).isEqualTo("email");
            assertThat(p.agent()).isEqualTo("researcher");
            assertThat(p.args().path("to").asText()).isEqualTo("ana@example.com");
        });
        String callId = waiting.pendingApprovals().get(0).toolCallId();
        restart();
        restart();
        assertThat(engine.describe(id).pendingApprovals()).hasSize(1);

        engine.approve(id, callId);
        AgentResult<Summary> r =
                engine.start(researcher, id, "search:wal,email:ana@example.com").result(WAIT);

        assertThat(r.output().sources()).containsExactly("https://example.org/wal");
        assertThat(counters.emails).hasValue(1);
        assertThat(counters.searches).hasValue(1);
        assertThat(counters.modelCalls).hasValue(3);
        assertThat(engine.history(id))
                .extracting(StepRecord::kind)
                .containsExactly(
                        StepKind.MODEL,
                        StepKind.TOOL,
                        StepKind.MODEL,
                        StepKind.APPROVAL,
                        StepKind.TOOL,
                        StepKind.MODEL);
    }

    @Test
    void aDeniedCallIsNotExecutedAndTheModelIsToldWhy() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("deny");
        engine.start(researcher, id, "email:boss@example.com");
        RunInfo waiting = awaitRun(id, i -> !i.pendingApprovals().isEmpty());

        engine.deny(id, waiting.pendingApprovals().get(0).toolCallId(), "not to the boss");
        engine.start(researcher, id, "email:boss@example.com").result(WAIT);

        assertThat(counters.emails).hasValue(0);
        StepRecord last = engine.history(id).getLast();
        assertThat(last.input().path("messages").toString()).contains("The tool call was denied: not to the boss");
    }

    @Test
    void rateLimitedModelRequestsAreRetriedAsTheSameStep() {
        var calls = new AtomicInteger();
        Agent<Void, String> agent = Agent.builder()
                .name("limited")
                .model(new FunctionModel((m, p) -> {
                    if (calls.incrementAndGet() <= 2) {
                        throw new RateLimitedException(429, "rate limited", "{}", Duration.ofMillis(30));
                    }
                    return ModelResponse.of(TextPart.of("finally"));
                }))
                .modelRetryPolicy(RetryPolicy.builder()
                        .initialInterval(Duration.ofMillis(1))
                        .maxAttempts(5)
                        .build())
                .build();
        open(List.of(agent));
        String id = id("rate");

        assertThat(engine.start(agent, id, "go").result(WAIT).output()).isEqualTo("finally");

        StepRecord step = engine.history(id).getFirst();
        assertThat(step.attempts()).isEqualTo(3);
        assertThat(step.failedAttempts()).hasSize(2).allSatisfy(a -> {
            assertThat(a.error().type()).isEqualTo(RateLimitedException.class.getName());
            // Retry-After (30 ms) stretched the 1 ms backoff
            assertThat(Duration.between(a.failedAt(), a.nextAttemptAt())).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        });
    }

    @Test
    void aBadRequestIsNotRetriedAndFailsTheRun() {
        var calls = new AtomicInteger();
        Agent<Void, String> agent = Agent.builder()
                .name("bad")
                .model(new FunctionModel((m, p) -> {
                    calls.incrementAndGet();
                    throw new ModelHttpException(400, "context_length_exceeded", "{}");
                }))
                .build();
        open(List.of(agent));
        String id = id("bad");

        assertThatThrownBy(() -> engine.start(agent, id, "go").result(WAIT))
                .isInstanceOf(WorkflowFailedException.class)
                .satisfies(e -> assertThat(((WorkflowFailedException) e).error().type())
                        .isEqualTo(ModelHttpException.class.getName()));
        assertThat(calls).hasValue(1);
        assertThat(engine.history(id).getFirst().attempts()).isEqualTo(1);
    }

    @Test
    void modelRetryIsAnAgentLoopRetryAndAFailedAttemptIsAStepRetry() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("retries");

        engine.start(researcher, id, "search:nothing here,flaky:x").result(WAIT);

        List<StepRecord> h = engine.history(id);
        assertThat(h)
                .extracting(StepRecord::name)
                .containsExactly(
                        "researcher.model",
                        "researcher.tool.search",
                        "researcher.model",
                        "researcher.tool.flaky",
                        "researcher.model");
        // ModelRetry: the tool step completed with a retry for the model, which was asked again
        assertThat(h.get(1).attempts()).isEqualTo(1);
        assertThat(h.get(1).output().path("retry").asText())
                .isEqualTo("No sources for 'nothing here'; try another query.");
        assertThat(h.get(2).input().path("messages").toString()).contains("retry-prompt");
        // a thrown exception: the same call repeated as the step's second attempt
        assertThat(h.get(3).attempts()).isEqualTo(2);
        assertThat(h.get(3).failedAttempts().getFirst().error().message()).isEqualTo("connection reset");
    }

    @Test
    void aToolsRetryCountResetsOnSuccessAndReplaysTheSame() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("budget");

        // retry budget 1: the third call's ModelRetry comes after a success, so the run goes on
        AgentResult<Summary> r = engine.start(researcher, id, "sometimes:a,sometimes:a,sometimes:b,sometimes:b")
                .result(WAIT);

        List<StepRecord> tools = engine.history(id).stream()
                .filter(s -> s.kind() == StepKind.TOOL)
                .toList();
        assertThat(tools).extracting(s -> s.input().path("retry").asInt()).containsExactly(0, 1, 0, 1);
        assertThat(tools).extracting(s -> s.output().has("retry")).containsExactly(true, false, true, false);
        assertThat(r.usage().toolCalls()).isEqualTo(2);
        int calls = counters.sometimes.get();
        int models = counters.modelCalls.get();
        Object replayed =
                engine.fork(id, engine.history(id).size() + 1, id + "-replayed").result(WAIT);
        assertThat(((AgentResult<?>) replayed).usage()).isEqualTo(r.usage());
        assertThat(counters.sometimes).hasValue(calls);
        assertThat(counters.modelCalls).hasValue(models);
    }

    @Test
    void aToolFailedAndATimeoutAreTheStepsRecordedResultNotAFailedStep() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("failed");

        engine.start(researcher, id, "save:a.txt,slow:x,slow:y").result(WAIT);

        List<StepRecord> h = engine.history(id);
        List<StepRecord> tools =
                h.stream().filter(s -> s.kind() == StepKind.TOOL).toList();
        assertThat(tools)
                .extracting(StepRecord::name)
                .containsExactly("researcher.tool.save", "researcher.tool.slow", "researcher.tool.slow");
        assertThat(tools).extracting(StepRecord::attempts).containsExactly(1, 1, 1);
        assertThat(tools.get(0).output().path("failed").asText()).isEqualTo("The disk is full; 'a.txt' was not saved.");
        assertThat(tools.get(1).output().path("retry").asText()).isEqualTo("Timed out after 0.2 seconds.");
        assertThat(tools.get(2).output().path("value").asText()).isEqualTo("fast y");
        assertThat(h.get(2).input().path("messages").toString())
                .contains("\"content\":\"The disk is full; 'a.txt' was not saved.\",\"outcome\":\"failed\"");
    }

    @Test
    void functionToolsBesideTheOutputRunAsStepsAndTheirRetryDefersTheOutput() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("graceful");

        AgentResult<Summary> r = engine.start(researcher, id, "search:a+final").result(WAIT);

        assertThat(r.output()).isEqualTo(new Summary("Report", List.of()));
        assertThat(engine.history(id)).extracting(StepRecord::kind).containsExactly(StepKind.MODEL, StepKind.TOOL);
        assertThat(counters.searches).hasValue(1);

        String retried = id("graceful-retry");
        AgentResult<Summary> r2 =
                engine.start(researcher, retried, "search:nothing+final").result(WAIT);

        List<StepRecord> h = engine.history(retried);
        assertThat(h).extracting(StepRecord::kind).containsExactly(StepKind.MODEL, StepKind.TOOL, StepKind.MODEL);
        assertThat(h.get(2).input().path("messages").toString())
                .contains("Output not used as the final result - addressing tool retries from this round first.");
        assertThat(r2.usage().requests()).isEqualTo(2);
    }

    @Test
    void instructionsGoWithEveryRequestAndAreRecordedOnceNotInTheConversation() {
        record City(String name) {}
        var heads = new java.util.concurrent.CopyOnWriteArrayList<String>();
        Agent<Void, String> agent = Agent.builder()
                .name("instructed")
                .instructions("Be brief.")
                .model(new FunctionModel((messages, params) -> {
                    heads.add(((dev.steadfast.message.ModelRequest) messages.getFirst())
                            .parts()
                            .getFirst()
                            .toString());
                    return messages.size() == 1
                            ? ModelResponse.of(dev.steadfast.message.ToolCallPart.of(
                                    "weather", "w1", java.util.Map.of("name", "Oslo")))
                            : ModelResponse.of(TextPart.of("Snow."));
                }))
                .tool("weather", "The weather", City.class, (ctx, c) -> "snow in " + c.name())
                .build();
        open(List.of(agent));
        String id = id("instructions");

        AgentResult<String> r = engine.start(agent, id, "Weather in Oslo?").result(WAIT);

        assertThat(r.output()).isEqualTo("Snow.");
        assertThat(heads).containsExactly("SystemPromptPart[content=Be brief.]", "SystemPromptPart[content=Be brief.]");
        List<StepRecord> models = engine.history(id).stream()
                .filter(s -> s.kind() == StepKind.MODEL)
                .toList();
        // recorded once, with the first model step, and shown once at the head of each step's conversation
        assertThat(models)
                .extracting(s -> s.input().path("instructions").asText(null))
                .containsExactly("Be brief.", null);
        assertThat(models).allSatisfy(s -> {
            String shown = s.input().path("messages").toString();
            assertThat(shown)
                    .startsWith(
                            "[{\"kind\":\"request\",\"parts\":[{\"kind\":\"system-prompt\",\"content\":\"Be brief.\"}]}");
            assertThat(shown.split("Be brief.", -1)).hasSize(2);
        });
        assertThat(Messages.toJson(r.messages())).doesNotContain("system-prompt");
    }

    @Test
    void usageOfASubAgentInsideAToolIsTheRunsAndIsRecordedWithTheStep() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("delegate");

        AgentResult<Summary> r = engine.start(researcher, id, "delegate:x").result(WAIT);

        StepRecord tool = engine.history(id).get(1);
        assertThat(tool.name()).isEqualTo("researcher.tool.delegate");
        // what the sub-agent used, and the tool call itself
        assertThat(tool.usage()).isEqualTo(new Usage(1, 1000, 100, 0, 0, 0, 1));
        assertThat(tool.cost()).isEqualByComparingTo("0.0028");
        assertThat(r.usage()).isEqualTo(new Usage(3, 3000, 300, 0, 0, 0, 1));
        assertThat(r.cost()).isEqualByComparingTo("0.0084");
        RunInfo info = engine.describe(id);
        assertThat(info.usage()).isEqualTo(r.usage());
        assertThat(info.cost()).isEqualByComparingTo("0.0084");
        restart();
        Object replayed =
                engine.fork(id, engine.history(id).size() + 1, id + "-replayed").result(WAIT);
        assertThat(((AgentResult<?>) replayed).usage()).isEqualTo(r.usage());
        assertThat(counters.helperCalls).hasValue(1);
    }

    @Test
    void aCostLimitCannotBePassedThroughASubAgent() {
        // the researcher's request costs $0.0028 and so does the helper's: together they pass $0.005
        Agent<Void, Summary> researcher = open(UsageLimits.builder()
                .costLimit(new java.math.BigDecimal("0.005"))
                .build());
        String id = id("delegate-limit");
        engine.start(researcher, id, "delegate:x");

        RunInfo failed = awaitRun(id, i -> i.status().isTerminal());

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error().message()).isEqualTo("Exceeded the cost limit of $0.005 (cost $0.0056)");
        StepRecord tool = engine.history(id).get(1);
        assertThat(tool.output().path("exceeded").asText())
                .isEqualTo(failed.error().message());
        assertThat(tool.cost()).isEqualByComparingTo("0.0028");
        assertThat(counters.helperCalls).hasValue(1);
        assertThat(counters.modelCalls).hasValue(1);
    }

    @Test
    void theApprovalsOfOneResponseArePendingTogetherAndMayBeAnsweredInAnyOrderAcrossRestarts() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("batch");
        String prompt = "email:ana@example.com+search:wal+email:boss@example.com";
        engine.start(researcher, id, prompt);

        RunInfo waiting = awaitRun(id, i -> i.pendingApprovals().size() == 2 && i.status() == RunStatus.WAITING);
        assertThat(waiting.pendingApprovals())
                .extracting(p -> p.args().path("to").asText())
                .containsExactly("ana@example.com", "boss@example.com");
        assertThat(counters.searches).hasValue(1); // the call that needs no approval has already run
        restart();
        assertThat(engine.describe(id).pendingApprovals()).hasSize(2);

        // the second first: denied with a message; then the first, with another address
        engine.deny(id, "call-3", "not to the boss");
        restart();
        awaitRun(
                id,
                i -> i.pendingApprovals().stream().anyMatch(p -> p.toolCallId().equals("call-1")));
        engine.decide(
                id,
                "call-1",
                dev.steadfast.run.ApprovalDecision.approveWith(java.util.Map.of("to", "team@example.com")));
        AgentResult<Summary> r = engine.start(researcher, id, prompt).result(WAIT);

        assertThat(counters.emailedTo).containsExactly("team@example.com");
        assertThat(counters.searches).hasValue(1);
        assertThat(r.output().sources()).containsExactly("https://example.org/wal");
        List<StepRecord> h = engine.history(id);
        assertThat(h)
                .extracting(StepRecord::kind)
                .containsExactly(
                        StepKind.MODEL,
                        StepKind.TOOL,
                        StepKind.APPROVAL,
                        StepKind.APPROVAL,
                        StepKind.TOOL,
                        StepKind.MODEL);
        assertThat(h.get(4).input().path("args").path("to").asText()).isEqualTo("team@example.com");
        String sent = h.get(5).input().path("messages").toString();
        assertThat(sent)
                .contains("The tool call was denied: not to the boss")
                .contains("\"outcome\":\"denied\"")
                .contains("sent to team@example.com");
    }

    @Test
    void anExternalToolWaitsDurablyForItsResultFromOutside() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("external");
        engine.start(researcher, id, "rate:EUR");

        RunInfo waiting = awaitRun(id, i -> !i.pendingApprovals().isEmpty());
        assertThat(waiting.pendingApprovals()).singleElement().satisfies(p -> {
            assertThat(p.toolName()).isEqualTo("rate");
            assertThat(p.external()).isTrue();
            assertThat(p.args().path("what").asText()).isEqualTo("EUR");
        });
        restart();
        engine.complete(id, waiting.pendingApprovals().getFirst().toolCallId(), java.util.Map.of("rate", 1.08));
        AgentResult<Summary> r = engine.start(researcher, id, "rate:EUR").result(WAIT);

        assertThat(r.usage().toolCalls()).isEqualTo(1);
        assertThat(engine.history(id))
                .extracting(StepRecord::kind)
                .containsExactly(StepKind.MODEL, StepKind.APPROVAL, StepKind.MODEL);
        assertThat(engine.history(id).get(2).input().path("messages").toString())
                .contains("{\"rate\":1.08}");
        assertThat(counters.modelCalls).hasValue(2);
    }

    /** An output function: books a flight, or asks the model to pick another. */
    public static final class Booking {
        final AtomicInteger calls = new AtomicInteger();

        @dev.steadfast.agent.Tool("Book the flight; this ends the conversation")
        public Ticket book(String flight) {
            calls.incrementAndGet();
            if (!flight.startsWith("LH")) {
                throw new dev.steadfast.agent.ModelRetry("No flight " + flight + ".");
            }
            return new Ticket(flight);
        }
    }

    /** What {@link Booking} returns. */
    public record Ticket(String flight) {}

    @Test
    void anOutputFunctionRunsAsARecordedStepAndIsNotRunAgainOnReplay() {
        var booking = new Booking();
        Agent<Void, Ticket> agent = Agent.builder()
                .name("booker")
                .outputFunctions(Ticket.class, booking)
                .model(new FunctionModel((messages, params) -> ModelResponse.of(dev.steadfast.message.ToolCallPart.of(
                        "book", java.util.Map.of("flight", messages.size() == 1 ? "XX1" : "LH400")))))
                .build();
        open(List.of(agent));
        String id = id("output-fn");

        AgentResult<Ticket> r = engine.start(agent, id, "book").result(WAIT);

        assertThat(r.output()).isEqualTo(new Ticket("LH400"));
        List<StepRecord> h = engine.history(id);
        assertThat(h)
                .extracting(StepRecord::name)
                .containsExactly("booker.model", "booker.output.book", "booker.model", "booker.output.book");
        assertThat(h.get(1).output().path("retry").asText()).isEqualTo("No flight XX1.");
        assertThat(h.get(3).output().path("value").path("flight").asText()).isEqualTo("LH400");
        assertThat(booking.calls).hasValue(2);
        restart();
        Object replayed = engine.fork(id, h.size() + 1, id + "-replayed").result(WAIT);
        assertThat(((AgentResult<?>) replayed).output()).isEqualTo(new Ticket("LH400"));
        assertThat(booking.calls).hasValue(2);
    }

    @Test
    void usageLimitsCountWhatTheJournalRecordedAcrossARestart() {
        Agent<Void, Summary> researcher =
                open(UsageLimits.builder().requestLimit(2).build());
        String id = id("limits");
        engine.start(researcher, id, "email:ana,search:a,search:b");
        RunInfo waiting = awaitRun(id, i -> !i.pendingApprovals().isEmpty());
        restart();

        engine.approve(id, waiting.pendingApprovals().get(0).toolCallId());

        RunInfo failed = awaitRun(id, i -> i.status().isTerminal());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error().message()).isEqualTo("The next request would exceed the request limit of 2");
        assertThat(counters.modelCalls).hasValue(2);
        assertThat(counters.searches).hasValue(1);
    }

    @Test
    void toolsGetTheStepsIdempotencyKey() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("key");
        engine.start(researcher, id, "search:x").result(WAIT);
        assertThat(counters.keys).containsExactly(id + "/2");
    }

    @Test
    void parallelCallsAreStepsInCallOrder() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("parallel");

        AgentResult<Summary> r =
                engine.start(researcher, id, "search:a+search:b+search:c").result(WAIT);

        assertThat(r.output().sources())
                .containsExactly("https://example.org/a", "https://example.org/b", "https://example.org/c");
        List<StepRecord> h = engine.history(id);
        assertThat(h.subList(1, 4))
                .extracting(s -> s.input().path("args").path("query").asText())
                .containsExactly("a", "b", "c");
        assertThat(h.subList(1, 4)).extracting(StepRecord::seq).containsExactly(2, 3, 4);
    }

    @Test
    void theResultDecodesToTheAgentsOutputType() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("typed");
        engine.start(researcher, id, "search:q").result(WAIT);
        restart();
        AgentResult<Summary> again = engine.start(researcher, id, "search:q").result(WAIT);
        assertThat(again.output()).isInstanceOf(Summary.class);
        assertThat(Messages.toJson(again.messages())).contains("https://example.org/q");
        assertThat(counters.modelCalls).hasValue(2);
    }

    @Test
    void replayingARecordedRunNeedsNeitherTheModelNorTheTools() {
        Agent<Void, Summary> researcher = open(UsageLimits.NONE);
        String id = id("replay");
        AgentResult<Summary> original =
                engine.start(researcher, id, "search:a+search:b,search:c").result(WAIT);
        int recorded = engine.history(id).size();
        int models = counters.modelCalls.get();
        int searches = counters.searches.get();

        // Same name, but a model that fails if called: replay must come from the journal alone.
        Agent<Void, Summary> failing = Agent.builder()
                .name("researcher")
                .model(new FunctionModel((m, p) -> {
                    throw new AssertionError("the model was called during replay");
                }))
                .tools(new DurableAgents.Tools(counters))
                .output(Summary.class)
                .build();
        engine.close();
        open(List.of(failing));
        Object replayed = engine.fork(id, recorded + 1, id + "-replayed").result(WAIT);

        assertThat(((AgentResult<?>) replayed).output()).isEqualTo(original.output());
        assertThat(counters.modelCalls).hasValue(models);
        assertThat(counters.searches).hasValue(searches);
    }
}
