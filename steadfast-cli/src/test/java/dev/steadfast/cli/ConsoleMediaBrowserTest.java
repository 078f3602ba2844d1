package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.RunOptions;
import dev.steadfast.agent.Tool;
import dev.steadfast.cli.internal.console.ConsoleServer;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.media.Media;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.run.RunStatus;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Files in a durable conversation, in headless Chromium: an inline image (from the prompt and from
 * a tool) is a thumbnail, a file by URL a link that opens elsewhere without a referrer, an inline
 * PDF its size — never the base64 dumped as text.
 */
class ConsoleMediaBrowserTest {
    /** A 1×1 PNG, so the thumbnail really decodes. */
    static final byte[] PIXEL = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    @TempDir
    static Path dir;
    static WorkflowEngine engine;
    static ConsoleServer console;
    static Browser browser;

    static final class Charts {
        @Tool("The chart of a city")
        Media chart(String city) {
            return Media.image(PIXEL, "image/png");
        }
    }

    static Agent<Void, String> viewer() {
        return Agent.builder().name("viewer").model(new FunctionModel("scripted-viewer", (messages, params) ->
                messages.size() == 1 ? ModelResponse.of(ToolCallPart.of("chart", Map.of("city", "Paris")))
                        : ModelResponse.of(TextPart.of("Seen.")))).tools(new Charts()).build();
    }

    /** Runs the viewer durably on a prompt with files (engine.start takes text only; a workflow passes the history). */
    public static final class Look implements Workflow<String, String> {
        public String run(WorkflowContext ctx, String url) {
            return viewer().run(RunOptions.<Void>builder().messageHistory(List.of(ModelRequest.user("Compare",
                    Media.image(PIXEL, "image/png"), Media.documentUrl(url), Media.pdf(new byte[300])))).build()).output();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path db = dir.resolve("media.db");
        engine = EmbeddedEngine.builder().database(db).register(new Look()).register(viewer()).build();
        engine.start(Look.class, "look-1", "https://docs.example/report.pdf");
        TestRuns.await(engine, "look-1", i -> i.status() == RunStatus.COMPLETED);
        console = ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, db.toString()));
        browser = Browser.open();
    }

    @AfterAll
    static void stop() throws Exception {
        Browser.closeAll(browser, console, engine);
    }

    @Test
    void imagesAreThumbnailsUrlsAreLinksAndPdfBytesASize() throws Exception {
        browser.driver.get(console.uri() + "#/run/look-1");
        browser.await("the conversation", () -> browser.driver.findElements(By.cssSelector("#conversation img.thumb")).size() == 2);

        List<WebElement> thumbs = browser.driver.findElements(By.cssSelector("#conversation img.thumb"));
        browser.await("decoded thumbnails", () -> thumbs.stream().allMatch(t ->
                Long.valueOf(1).equals(browser.driver.executeScript("return arguments[0].naturalWidth", t))));
        WebElement link = browser.driver.findElement(By.cssSelector("#conversation a.media"));
        assertThat(link.getDomAttribute("href")).isEqualTo("https://docs.example/report.pdf");
        assertThat(link.getDomAttribute("rel")).isEqualTo("noopener noreferrer");
        String conversation = browser.driver.findElement(By.cssSelector("#conversation")).getDomProperty("textContent");
        assertThat(conversation).contains("PDF · 300 bytes", "Tool result · chart").doesNotContain("iVBORw0KGgo");
        browser.screenshot("console-media");
    }
}
