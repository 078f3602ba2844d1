package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.run.StepStatus;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs watch} opens the database for looking, as another process than its owner: it prints the answer
 * while the owner's model streams it, before the step is recorded.
 */
@Timeout(120) // a hang guard only: every wait below ends on an event
class RunsWatchLiveTest {
    private static final String ANSWER = "Watched live from another engine than the one that runs it.";

    @TempDir
    Path dir;

    @Test
    void watchPrintsTheAnswerWhileTheOwnerStreamsIt() throws Exception {
        Path db = dir.resolve("watch.db");
        var midway = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))).streaming((n, next) -> {
            if (n == 6) {
                midway.countDown();
                release.await();
            }
        });
        Agent<Void, String> writer = Agent.builder().name("writer").model(model).build();
        var printedLive = new CountDownLatch(1);
        var out = new StringWriter();
        Writer watching = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                synchronized (out) {
                    out.write(cbuf, off, len);
                    if (out.toString().contains("┆ writer.model: " + ANSWER.charAt(0))) {
                        printedLive.countDown();
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        try (WorkflowEngine owner =
                EmbeddedEngine.builder().database(db).register(writer).build()) {
            var run = owner.start(writer, "w-1", "Explain");
            midway.await();
            CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> dev.steadfast.cli.Main.run(
                    new String[] {"runs", "watch", "w-1"},
                    new PrintWriter(watching, true),
                    new PrintWriter(new StringWriter(), true),
                    Map.of("STEADFAST_DB", db.toString()),
                    false));

            printedLive.await();
            assertThat(owner.history("w-1"))
                    .as("printed while the model step streams, before it is recorded")
                    .noneMatch(s -> s.status() == StepStatus.COMPLETED);

            release.countDown();
            run.result(Duration.ofSeconds(60));
            assertThat(watch.get()).isZero();
        }
        String printed = out.toString();
        assertThat(printed).contains("  ┆ writer.model: " + ANSWER + "\n");
        assertThat(printed.indexOf(ANSWER)).isEqualTo(printed.lastIndexOf(ANSWER));
    }
}
