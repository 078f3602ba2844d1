package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.error.DecisionConflictException;
import dev.steadfast.run.ApprovalDecision;
import dev.steadfast.run.Decision;
import dev.steadfast.run.PendingApproval;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions are facts: recorded once with who and when, a conflicting one refused, a bad signal never fails a run. */
class DecisionsTest {
    @TempDir
    Path dir;

    record Approval(boolean approved, String reason) {}

    /** Asks for approval of a tool call, then waits for an {@link Approval} signal. */
    static final class Refund implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String in) {
            var spi = (dev.steadfast.workflow.spi.StepExecutor) ctx;
            ApprovalDecision d = spi.awaitApproval(new PendingApproval("call_1", "refunds", "refund",
                    dev.steadfast.message.Messages.toTree(Map.of("amount", 5))));
            Approval a = ctx.awaitSignal("approval", Approval.class);
            return (d.approved() ? "refunded" : "kept") + "/" + a.approved() + "/" + a.reason();
        }
    }

    private WorkflowEngine owner(Path db, String actor) {
        return EmbeddedEngine.builder().database(db).actor(actor).register(new Refund()).build();
    }

    private WorkflowEngine steer(Path db, String actor) {
        return EmbeddedEngine.builder().database(db).access(Access.STEER_ONLY).actor(actor).build();
    }

    @Test
    void aSecondDifferentAnswerIsRefusedNamingTheFirstAndTheSameAnswerIsRecordedOnce() {
        Path db = dir.resolve("d.db");
        try (WorkflowEngine owner = owner(db, "owner")) {
            owner.start(Refund.class, "r-1", "x");
            awaitRun(owner, "r-1", i -> !i.pendingApprovals().isEmpty());
        }
        try (WorkflowEngine ada = steer(db, "ada"); WorkflowEngine bob = steer(db, "bob")) {
            ada.approve("r-1", "call_1");
            // recorded, not applied (no owner runs): shown as decided, by whom
            PendingApproval p = ada.describe("r-1").pendingApprovals().getFirst();
            assertThat(p.decided()).isNotNull();
            assertThat(p.decided().answerVerb()).isEqualTo("approved");
            assertThat(p.decided().by()).isEqualTo("ada");

            assertThatThrownBy(() -> bob.deny("r-1", "call_1", "no"))
                    .isInstanceOf(DecisionConflictException.class)
                    .hasMessageContaining("approved call_1 by ada");
            bob.approve("r-1", "call_1"); // the same answer again: nothing new
            assertThat(bob.describe("r-1").decisions()).filteredOn(d -> d.kind() == Decision.Kind.ANSWER)
                    .singleElement().extracting(Decision::by).isEqualTo("ada");
        }
        try (WorkflowEngine owner = owner(db, "owner")) {
            awaitRun(owner, "r-1", i -> i.awaitingSignals().contains("approval"));
            // after it was applied, a late different answer still names the first
            assertThatThrownBy(() -> owner.deny("r-1", "call_1", "late"))
                    .isInstanceOf(DecisionConflictException.class).hasMessageContaining("by ada");
        }
    }

    @Test
    void aSignalWhosePayloadDoesNotFitTheAwaitedTypeIsRefusedAndNeverFailsTheRun() {
        Path db = dir.resolve("s.db");
        try (WorkflowEngine owner = owner(db, "owner")) {
            owner.start(Refund.class, "r-2", "x");
            awaitRun(owner, "r-2", i -> !i.pendingApprovals().isEmpty());
            owner.approve("r-2", "call_1");
            awaitRun(owner, "r-2", i -> i.awaitingSignals().contains("approval"));
            // checked before it is accepted: the run awaits an Approval
            assertThatThrownBy(() -> owner.signal("r-2", "approval", Map.of("approved", "maybe")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("awaits type Approval").hasMessageContaining("maybe");
            assertThat(owner.describe("r-2").decisions()).noneMatch(d -> d.kind() == Decision.Kind.SIGNAL);
            owner.signal("r-2", "approval", new Approval(true, "ok"));
            assertThat(owner.handle("r-2", String.class).result(WAIT)).isEqualTo("refunded/true/ok");
        }
    }

    @Test
    void aMisfitSignalThatArrivedBeforeTheWaitIsRefusedByTheRunWhichWaitsOn() {
        Path db = dir.resolve("b.db");
        try (WorkflowEngine owner = owner(db, "owner")) {
            owner.start(Refund.class, "r-3", "x");
            awaitRun(owner, "r-3", i -> !i.pendingApprovals().isEmpty());
            owner.signal("r-3", "approval", Map.of("approved", "maybe")); // not awaited yet: buffered unchecked
            owner.approve("r-3", "call_1");
            awaitRun(owner, "r-3", i -> i.awaitingSignals().contains("approval") && i.status() == RunStatus.WAITING);
            RunInfo seen = awaitRun(owner, "r-3", i -> i.decisions().stream()
                    .anyMatch(d -> d.kind() == Decision.Kind.SIGNAL_REFUSED));
            assertThat(seen.decisions()).filteredOn(d -> d.kind() == Decision.Kind.SIGNAL_REFUSED).singleElement()
                    .satisfies(d -> assertThat(d.summary()).contains("approval", "maybe", "by engine"));
            owner.signal("r-3", "approval", new Approval(false, "fine"));
            assertThat(owner.handle("r-3", String.class).result(WAIT)).isEqualTo("refunded/false/fine");
        }
    }

    @Test
    void cancelIsRecordedOnceWithWhoAndTheOwnerAppliesACancelFromAnotherProcess() {
        Path db = dir.resolve("c.db");
        try (WorkflowEngine owner = owner(db, "owner")) {
            owner.start(Refund.class, "r-4", "x");
            awaitRun(owner, "r-4", i -> !i.pendingApprovals().isEmpty());
            try (WorkflowEngine ada = steer(db, "ada")) {
                ada.cancel("r-4");
                ada.cancel("r-4");
                assertThat(ada.describe("r-4").decisions()).filteredOn(d -> d.kind() == Decision.Kind.CANCEL)
                        .singleElement().extracting(Decision::by).isEqualTo("ada");
            }
            RunInfo done = awaitRun(owner, "r-4", i -> i.status().isTerminal());
            assertThat(done.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(done.decisions()).extracting(Decision::kind).containsExactly(Decision.Kind.START, Decision.Kind.CANCEL);
            assertThat(done.decisions().getFirst().by()).isEqualTo("owner");
        }
    }
}
