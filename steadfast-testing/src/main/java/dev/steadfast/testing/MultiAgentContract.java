package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentResult;
import dev.steadfast.error.CancelledException;
import dev.steadfast.error.WorkflowFailedException;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunQuery;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.testing.MultiAgents.Counters;
import dev.steadfast.usage.UsageLimits;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowEngine;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The multi-agent promise every engine keeps: an agent delegated to (a delegate tool, or
 * {@code ctx.run(agent, prompt)} in workflow code) is a child run with its own id and journal, linked
 * both ways; its usage and cost roll up into the parent's, and the parent's limits stop it; its
 * failure reaches the parent as a typed error; cancelling the parent cancels it; its pending approvals
 * are visible and decidable through the parent; a restart resumes both without repeating a recorded
 * step of either.
 *
 * <pre>{@code
 * class EmbeddedMultiAgentTest extends MultiAgentContract {
 *     @TempDir Path dir;
 *     protected WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents) {
 *         return EmbeddedEngine.builder().database(dir.resolve("a.db"))
 *                 .register(workflows.toArray(Workflow[]::new)).register(agents.toArray(Agent[]::new)).build();
 *     }
 * }
 * }</pre>
 */
public abstract class MultiAgentContract {
    protected static final Duration WAIT = Duration.ofSeconds(30);

    protected WorkflowEngine engine;
    private final Counters counters = new Counters();
    private final Agent<Void, String> researcher = MultiAgents.researcher(counters);
    private List<Workflow<?, ?>> workflows = List.of();
    private List<Agent<?, ?>> agents = List.of();

    /** Opens the engine under test; called again after {@code close()} to simulate a restart (same state). */
    protected abstract WorkflowEngine openEngine(List<Workflow<?, ?>> workflows, List<Agent<?, ?>> agents);

    @AfterEach
    void closeAfterTest() {
        if (engine != null) {
            engine.close();
        }
    }

    private Agent<Void, String> openPlanner(UsageLimits limits) {
        Agent<Void, String> planner = MultiAgents.planner(counters, researcher, limits);
        agents = List.of(planner, researcher);
        engine = openEngine(workflows, agents);
        return planner;
    }

    private void restart() {
        engine.close();
        engine = openEngine(workflows, agents);
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private RunInfo awaitRun(String id, Predicate<RunInfo> condition) {
        return Runs.await(engine, id, condition, WAIT);
    }

    @Test
    void aDelegateToolCallIsAChildRunWithItsOwnJournalAndItsUsageRollsUp() {
        Agent<Void, String> planner = openPlanner(UsageLimits.NONE);
        String id = id("delegate");

        AgentResult<String> r = engine.start(planner, id, "fsync").result(WAIT);

        assertThat(r.output()).isEqualTo("plan: notes on fsync");
        List<StepRecord> parentSteps = engine.history(id);
        assertThat(parentSteps)
                .extracting(StepRecord::name)
                .containsExactly("planner.model", "planner.tool.research", "planner.model");
        assertThat(parentSteps.get(1).kind()).isEqualTo(StepKind.CHILD);
        RunInfo parent = engine.describe(id);
        assertThat(parent.childIds()).hasSize(1);
        String childId = parent.childIds().getFirst();
        assertThat(childId).startsWith(id);
        RunInfo child = engine.describe(childId);
        assertThat(child.parentId()).isEqualTo(id);
        assertThat(child.workflowType()).isEqualTo("researcher");
        assertThat(child.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(engine.history(childId)).extracting(StepRecord::name).containsExactly("researcher.model");
        // the child's request counts in the parent's totals, in its run info and in its agent result
        assertThat(child.usage().requests()).isEqualTo(1);
        assertThat(parent.usage().requests()).isEqualTo(3);
        assertThat(parent.usage().inputTokens()).isEqualTo(3000);
        assertThat(parent.cost()).isEqualByComparingTo(child.cost().multiply(java.math.BigDecimal.valueOf(3)));
        assertThat(r.usage().requests()).isEqualTo(3);
        assertThat(counters.plannerCalls).hasValue(2);
        assertThat(counters.researcherCalls).hasValue(1);
        // listing without children hides it; with them, it is there
        assertThat(engine.list(RunQuery.all().withIdContaining(id).withoutChildren()))
                .extracting(RunInfo::workflowId)
                .containsExactly(id);
        assertThat(engine.list(RunQuery.all().withIdContaining(id)))
                .extracting(RunInfo::workflowId)
                .containsExactlyInAnyOrder(id, childId);
    }

    @Test
    void aLimitOnTheParentStopsARunawayChild() {
        Agent<Void, String> planner =
                openPlanner(UsageLimits.builder().requestLimit(4).build());
        String id = id("runaway");

        assertThatThrownBy(() -> engine.start(planner, id, "loop forever").result(WAIT))
                .isInstanceOf(WorkflowFailedException.class)
                .hasMessageContaining("request limit of 4");

        // the planner's first request, then three of the child's: the fourth would pass the planner's limit
        assertThat(counters.researcherCalls).hasValue(3);
        assertThat(counters.plannerCalls).hasValue(1);
        RunInfo parent = engine.describe(id);
        assertThat(parent.status()).isEqualTo(RunStatus.FAILED);
        assertThat(parent.usage().requests()).isEqualTo(4);
    }

    @Test
    void aFailedChildReachesTheParentsModelAsAFailedToolCall() {
        Agent<Void, String> planner = openPlanner(UsageLimits.NONE);
        String id = id("failing");

        AgentResult<String> r = engine.start(planner, id, "fail please").result(WAIT);

        assertThat(r.output())
                .startsWith("plan: Agent tool 'research' failed:")
                .endsWith("(FAILED)")
                .contains("the model refused");
        String childId = engine.describe(id).childIds().getFirst();
        RunInfo child = engine.describe(childId);
        assertThat(child.status()).isEqualTo(RunStatus.FAILED);
        assertThat(engine.describe(id).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aChildThatFailsAfterUsingTokensStillCountsInTheParentsTotals() {
        Agent<Void, String> planner = openPlanner(UsageLimits.NONE);
        String id = id("stumbling");

        AgentResult<String> r = engine.start(planner, id, "stumble").result(WAIT);

        assertThat(r.output()).startsWith("plan: Agent tool 'research' failed:").contains("the model refused to go on");
        RunInfo parent = engine.describe(id);
        RunInfo child = engine.describe(parent.childIds().getFirst());
        assertThat(child.status()).isEqualTo(RunStatus.FAILED);
        assertThat(child.usage().requests()).isEqualTo(1);
        assertThat(child.usage().toolCalls()).isEqualTo(1);
        // the planner's two requests, and what its child used before it failed
        assertThat(parent.usage())
                .isEqualTo(MultiAgents.PER_REQUEST.plus(MultiAgents.PER_REQUEST).plus(child.usage()));
        assertThat(parent.cost())
                .isPositive()
                .isEqualByComparingTo(child.cost().multiply(java.math.BigDecimal.valueOf(3)));
        StepRecord delegated = engine.history(id).get(1);
        assertThat(delegated.kind()).isEqualTo(StepKind.CHILD);
        assertThat(delegated.usage()).isEqualTo(child.usage());
        assertThat(delegated.cost()).isEqualByComparingTo(child.cost());
        // the parent agent's own count agrees: what the failed child used is the parent's too
        assertThat(r.usage()).isEqualTo(parent.usage());
        assertThat(r.cost()).isEqualByComparingTo(parent.cost());
    }

    @Test
    void whatFailedChildrenUsedCountsAgainstTheParentsLimits() {
        Agent<Void, String> planner =
                openPlanner(UsageLimits.builder().requestLimit(3).build());
        String id = id("stumbling-twice");

        // the planner's request, then two children at once, each answered once before its model refuses
        assertThatThrownBy(() -> engine.start(planner, id, "stumble twice").result(WAIT))
                .isInstanceOf(WorkflowFailedException.class)
                .hasMessageContaining("request limit of 3");

        assertThat(counters.plannerCalls).hasValue(1); // its second request would have been the fourth
        RunInfo parent = engine.describe(id);
        assertThat(parent.status()).isEqualTo(RunStatus.FAILED);
        assertThat(parent.childIds()).hasSize(2);
        for (String childId : parent.childIds()) {
            assertThat(engine.describe(childId).status()).isEqualTo(RunStatus.FAILED);
            assertThat(engine.describe(childId).usage().requests()).isEqualTo(1);
        }
        assertThat(parent.usage().requests()).isEqualTo(3);
    }

    @Test
    void aChildsFailureSaysWhatItUsedAlsoWhenReplayedAfterARestart() {
        workflows = List.of(new MultiAgents.StumbleThenWait(researcher));
        openPlanner(UsageLimits.NONE);
        String id = id("stumble-wait");
        engine.start("StumbleThenWait", id, "raft");
        awaitRun(id, r -> r.awaitingSignals().contains("go"));
        int researcherCalls = counters.researcherCalls.get();

        restart(); // the failure the parent goes on from is the recorded one, replayed
        engine.signal(id, "go", "went");
        String out = engine.handle(id, String.class).result(WAIT);

        String childId = engine.describe(id).childIds().getFirst();
        RunInfo child = engine.describe(childId);
        assertThat(child.usage().requests()).isEqualTo(1);
        assertThat(out)
                .isEqualTo("went after " + childId + " failed: 1 requests, $"
                        + child.cost().stripTrailingZeros().toPlainString());
        assertThat(counters.researcherCalls).hasValue(researcherCalls); // nothing of the child ran again
        assertThat(engine.describe(id).usage()).isEqualTo(child.usage());
    }

    @Test
    void workflowCodeRunsAgentsAsChildRunsAndCatchesTheirTypedFailure() {
        workflows = List.of(new MultiAgents.TwoQuestions(researcher));
        openPlanner(UsageLimits.NONE);
        String id = id("two");

        Object out = engine.start("TwoQuestions", id, "raft").result(WAIT);

        RunInfo parent = engine.describe(id);
        assertThat(parent.childIds()).hasSize(2);
        assertThat(out)
                .isEqualTo("notes on raft | failed in " + parent.childIds().get(1));
        assertThat(engine.describe(parent.childIds().get(0)).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(engine.describe(parent.childIds().get(1)).status()).isEqualTo(RunStatus.FAILED);
        assertThat(engine.history(id)).extracting(StepRecord::kind).containsExactly(StepKind.CHILD, StepKind.CHILD);
        assertThat(parent.usage().requests()).isEqualTo(1); // the failed child made no request that answered
    }

    @Test
    void aChildsApprovalIsDecidedThroughTheParentAcrossARestartWithoutRepeatingSteps() {
        Agent<Void, String> planner = openPlanner(UsageLimits.NONE);
        String id = id("approve");

        engine.start(planner, id, "publish the notes");
        RunInfo waiting = awaitRun(id, r -> !r.pendingApprovals().isEmpty());
        PendingApproval pending = waiting.pendingApprovals().getFirst();
        assertThat(pending.toolName()).isEqualTo("publish");
        assertThat(pending.agent()).isEqualTo("researcher");
        assertThat(counters.plannerCalls).hasValue(1);
        assertThat(counters.researcherCalls).hasValue(1);

        restart();
        engine.approve(id, pending.toolCallId()); // through the parent's id

        RunInfo done = awaitRun(id, r -> r.status() == RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo(""); // an agent run's output is its AgentResult
        assertThat(done.output().path("output").asText()).isEqualTo("plan: done: published");
        assertThat(counters.published).hasValue(1);
        // nothing recorded before the restart ran again: one more request each after the approval
        assertThat(counters.plannerCalls).hasValue(2);
        assertThat(counters.researcherCalls).hasValue(2);
        assertThat(engine.describe(done.childIds().getFirst()).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void cancellingTheParentCancelsItsChild() {
        Agent<Void, String> planner = openPlanner(UsageLimits.NONE);
        String id = id("cancel");

        engine.start(planner, id, "publish the notes");
        RunInfo waiting = awaitRun(id, r -> !r.pendingApprovals().isEmpty());
        String childId = waiting.childIds().getFirst();

        engine.cancel(id);

        awaitRun(id, r -> r.status() == RunStatus.CANCELLED);
        awaitRun(childId, r -> r.status() == RunStatus.CANCELLED);
        assertThat(counters.published).hasValue(0);
        // the parent's entry for its child ends too: failed, as the cancel reached it there
        StepRecord delegated = engine.history(id).getLast();
        assertThat(delegated.kind()).isEqualTo(StepKind.CHILD);
        assertThat(delegated.status()).isEqualTo(StepStatus.FAILED);
        assertThat(delegated.error().type()).isEqualTo(CancelledException.class.getName());
    }

    @Test
    void agentsStartedAtOnceAreWaitedForFirstAndAllAndReplayTheSameAfterARestart() {
        workflows = List.of(new MultiAgents.ThreeAtOnce(researcher));
        openPlanner(UsageLimits.NONE);
        String id = id("fanout");

        engine.start("ThreeAtOnce", id, "raft");
        RunInfo waiting = awaitRun(
                id,
                r -> !r.pendingApprovals().isEmpty()
                        && r.childIds().size() == 3
                        && engine.history(id).size() == 4);
        assertThat(waiting.childIds()).containsExactly(id + ".c1", id + ".c2", id + ".c3");
        List<StepRecord> before = engine.history(id);
        assertThat(before)
                .extracting(StepRecord::kind)
                .containsExactly(StepKind.CHILD, StepKind.CHILD, StepKind.CHILD, StepKind.SIDE_EFFECT);
        assertThat(counters.researcherCalls).hasValue(3);

        restart();
        engine.approve(id, waiting.pendingApprovals().getFirst().toolCallId());

        RunInfo done = awaitRun(id, r -> r.status() == RunStatus.COMPLETED);
        String out = done.output().asText();
        String first = out.substring(0, out.indexOf(" | "));
        assertThat(first).isIn("notes on a raft", "notes on c raft"); // the one waiting for approval ended last
        assertThat(out).endsWith(" | notes on a raft, done: published, notes on c raft");
        // the first to end is recorded: the replay after the restart took the same one
        assertThat(engine.history(id).get(3).output()).isEqualTo(before.get(3).output());
        assertThat(counters.researcherCalls).hasValue(4); // one more request, after the approval
        assertThat(counters.published).hasValue(1);
        assertThat(done.usage().requests()).isEqualTo(4);
    }

    @Test
    void aHandoffGivesTheConversationToAnotherAgentAndIsRecorded() {
        Agent<Void, String> triage = MultiAgents.triage(counters);
        agents = List.of(triage);
        engine = openEngine(workflows, agents);
        String id = id("handoff");

        AgentResult<String> r = engine.start(triage, id, "my invoice is wrong").result(WAIT);

        assertThat(r.output()).isEqualTo("refunded my invoice is wrong");
        assertThat(engine.history(id))
                .extracting(StepRecord::name)
                .containsExactly(
                        "triage.model",
                        "triage.tool.transfer_to_billing",
                        "billing.model",
                        "billing.tool.refund",
                        "billing.model");
        // billing continued the same conversation, with its own instructions
        assertThat(counters.billingSaw).hasValue("You handle invoices. / my invoice is wrong");
        assertThat(counters.triageCalls).hasValue(1);
        assertThat(counters.refunds).hasValue(1);
        assertThat(r.usage().requests()).isEqualTo(3);
        assertThat(engine.describe(id).usage().requests()).isEqualTo(3);
    }
}
