package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.workflow.AgentWorkflow;
import dev.steadfast.cli.internal.console.ConsoleServer;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The same console on the Temporal engine (Temporal's in-process test server): list, timeline, approval. */
class ConsoleTemporalBrowserTest {
    static TestWorkflowEnvironment env;
    static WorkflowEngine engine;
    static ConsoleServer console;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(TemporalEngine.dataConverter()).build())
                .build());
        engine = TemporalEngine.builder().client(env.getWorkflowClient()).taskQueue("console-test")
                .register(new AgentWorkflow<>(TestRuns.mailer())).build();
        TestRuns.startMailer(engine, "t-mail-1");
        console = ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, "temporal test server"));
        browser = Browser.open();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (console != null) {
            console.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (env != null) {
            env.close();
        }
    }

    private static String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getDomProperty("textContent");
    }

    @Test
    void listDetailAndApprovalWorkOnTemporal() throws Exception {
        browser.driver.get(console.uri().toString());
        browser.await("the run in the list", () -> text("#run-table").contains("t-mail-1"));
        // Temporal's visibility list knows the type and status; pending approvals come from describe (below)
        assertThat(text("tr[data-run='t-mail-1']")).contains("mailer");

        browser.driver.get(console.uri() + "#/run/t-mail-1");
        browser.await("the timeline", () -> text("#timeline").contains("mailer.tool.lookup"));
        browser.await("the pending approval", () -> text("#approvals").contains("send_email"));
        browser.click("#approvals button.approve");
        browser.await("COMPLETED", () -> text("#run-status").equals("COMPLETED"));
        assertThat(engine.describe("t-mail-1").status()).isEqualTo(RunStatus.COMPLETED);
        browser.await("the whole conversation", () -> text("#conversation").contains("Write to Ada")
                && text("#conversation").contains("sent to ada@example.org"));
        assertThat(text("#conversation")).contains("<script>window.__xss=2</script>");
        assertThat(browser.driver.executeScript("return window.__xss === undefined")).isEqualTo(true);
        browser.screenshot("console-temporal-run");
    }
}
