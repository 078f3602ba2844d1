package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.cli.internal.console.ConsoleServer;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console in headless Chromium shows a running agent's answer growing as the model streams it
 * (server-sent events from the console server), as text: markup in the model's answer is not run.
 */
class ConsoleStreamBrowserTest {
    private static final String ANSWER =
            "The journal holds each step before the run goes on <img src=x onerror=\"window.__xss=1\">"
                    + " so a crash costs only the step in flight, and the answer streams again from its start.";

    @TempDir
    Path dir;

    @Test
    void aRunningStepsAnswerGrowsOnThePageAsItStreams() throws Exception {
        var held = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var model = new FunctionModel((m, p) -> ModelResponse.of(TextPart.of(ANSWER))).streaming((n, next) -> {
            if (n == 6 && next instanceof ModelStreamEvent.TextDelta) {
                held.countDown();
                release.await();
            }
        });
        Agent<Void, String> writer = Agent.builder().name("writer").model(model).build();
        Path db = dir.resolve("stream.db");
        try (WorkflowEngine engine =
                        EmbeddedEngine.builder().database(db).register(writer).build();
                var console = ConsoleServer.start(
                        engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, db.toString()));
                var browser = Browser.open()) {
            var run = engine.start(writer, "live-1", "Explain the journal");
            held.await();
            browser.driver.get(console.uri() + "#/run/live-1");
            browser.await(
                    "the first words of the answer", () -> !liveText(browser).isEmpty());
            String early = liveText(browser);
            assertThat(ANSWER).startsWith(early).isNotEqualTo(early);
            browser.screenshot("console-live-answer");

            release.countDown();
            browser.await("the whole answer", () -> liveText(browser).equals(ANSWER));
            assertThat(run.result(Duration.ofSeconds(30)).output()).isEqualTo(ANSWER);
            assertThat(browser.driver.findElements(By.cssSelector("#live img, #app img")))
                    .isEmpty();
            assertThat(browser.driver.executeScript("return window.__xss === undefined"))
                    .isEqualTo(true);
        } finally {
            release.countDown();
        }
    }

    private static String liveText(Browser browser) {
        var found = browser.driver.findElements(By.cssSelector("#live-text"));
        return found.isEmpty() ? "" : String.valueOf(found.getFirst().getDomProperty("textContent"));
    }
}
