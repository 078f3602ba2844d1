package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool call id is the model's choice, and a run id may come from whoever started the run: the commands
 * {@code runs show} offers for copy and paste quote them, so pasting one runs that command and no other,
 * and their control characters are shown, not obeyed.
 */
class HostileIdsTest {
    static final String CALL_ID = "call_1'; touch pwned; echo '\u001b[2J";

    @TempDir
    Path dir;

    static Agent<Void, String> mailer() {
        return Agent.builder()
                .name("mailer")
                .model(new FunctionModel("hostile", (messages, params) -> {
                    boolean answered = messages.stream()
                            .filter(m -> m instanceof ModelRequest)
                            .flatMap(m -> ((ModelRequest) m).parts().stream())
                            .anyMatch(p -> p instanceof ToolReturnPart);
                    return answered
                            ? ModelResponse.of(TextPart.of("done"))
                            : ModelResponse.of(new ToolCallPart(
                                    "send_email",
                                    CALL_ID,
                                    dev.steadfast.message.Messages.mapper()
                                            .valueToTree(Map.of("to", "a@b.c", "body", "hi"))));
                }))
                .tools(new TestRuns.MailTools())
                .build();
    }

    @Test
    void theDecisionCommandsShownQuoteTheIdsTheyName() {
        Path db = dir.resolve("hostile.db");
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).register(mailer()).build()) {
            engine.start(mailer(), "mail 2", "Write");
            TestRuns.await(engine, "mail 2", i -> !i.pendingApprovals().isEmpty());
        }
        var shown = new CliRunner(db).run("runs", "show", "mail 2");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out())
                .contains(
                        "approve: steadfast approve 'mail 2' 'call_1'\\''; touch pwned; echo '\\''\\u001b[2J' [--args")
                .doesNotContain("\u001b");
    }
}
