package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.cli.internal.console.ConsoleServer;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in headless Chromium, against an embedded engine that owns its database and runs the
 * test workflows: the runs list, a run's timeline and conversation, approving and denying a tool
 * call and seeing the run complete, and a tool result carrying HTML and script that stays text.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    @TempDir
    static Path dir;
    static WorkflowEngine engine;
    static ConsoleServer console;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Path db = dir.resolve("console.db");
        TestRuns.seed(db);
        try (WorkflowEngine older = EmbeddedEngine.builder().database(db).register(new OlderCharge()).build()) {
            older.start(OlderCharge.class, "drift-1", "4242");
            TestRuns.await(older, "drift-1", i -> i.awaitingSignals().contains("go"));
        }
        engine = TestRuns.owner(db);
        console = ConsoleServer.start(engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, db.toString()));
        browser = Browser.open();
    }

    /** What Charge was before: another first step, then a wait; today's Charge does not match its journal. */
    static final class OlderCharge implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String card) {
            ctx.step("precheck", String.class, () -> "<b>ok</b>");
            return ctx.awaitSignal("go", String.class);
        }

        @Override
        public String name() {
            return "Charge";
        }
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
    }

    private static WebElement find(String css) {
        return browser.driver.findElement(By.cssSelector(css));
    }

    /** The element's text as the DOM holds it (labels are upper-cased by CSS only). */
    private static String text(String css) {
        return find(css).getDomProperty("textContent");
    }

    private static void openRun(String id) {
        browser.driver.get(console.uri() + "#/run/" + id);
        browser.await("run " + id, () -> text("#run-id").equals(id));
    }

    @Test
    @Order(1)
    void theRunsListShowsRunsAndFilters() throws Exception {
        browser.driver.get(console.uri().toString());
        browser.await("both runs", () -> text("#run-table").contains("mail-1") && text("#run-table").contains("charge-1"));
        assertThat(text("tr[data-run='mail-1']")).contains("mailer", "WAITING", "1 to approve");
        find("#search").sendKeys("charge");
        browser.await("only charge-1", () -> !text("#runs").contains("mail-1") && text("#runs").contains("charge-1"));
        find("#search").clear();
        find("#search").sendKeys("zzz");
        browser.await("nothing", () -> text("#runs").contains("No runs match"));
        browser.screenshot("console-runs");
    }

    @Test
    @Order(2)
    void aRunShowsItsTimelineAttemptsAndErrors() {
        openRun("charge-1");
        assertThat(text("#run-status")).isEqualTo("FAILED");
        assertThat(text("#run-error")).contains("card 4242 declined");
        browser.click("tr.step[data-seq='1']");
        browser.await("the attempts", () -> text("tr.details[data-for='1']").contains("Attempt 1 failed at"));
        assertThat(text("tr.details[data-for='1']")).contains("next attempt after 10 ms", "IllegalStateException");
    }

    @Test
    @Order(3)
    void modelAndToolTextIsShownAsTextNeverRun() throws Exception {
        openRun("mail-1");
        browser.await("the conversation", () -> text("#conversation").contains("Tool result · lookup"));
        assertThat(text("#conversation")).contains("<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>")
                .contains("System", "You write to customers.", "User", "Write to Ada", "Assistant → lookup");
        browser.click("tr.step[data-seq='2']");
        browser.await("the tool step's output", () -> text("tr.details[data-for='2']").contains("<script>window.__xss=2</script>"));
        assertThat(browser.driver.findElements(By.cssSelector("#app img, #app script"))).isEmpty();
        assertThat(browser.driver.executeScript("return window.__xss === undefined")).isEqualTo(true);
        browser.screenshot("console-run-waiting");
    }

    @Test
    @Order(4)
    void approvingAToolCallLetsTheRunComplete() throws Exception {
        openRun("mail-1");
        browser.await("the pending approval", () -> text("#approvals").contains("mailer wants to call send_email"));
        assertThat(text("#approvals")).contains("ada@example.org");
        browser.click("#approvals button.approve");
        browser.await("COMPLETED", () -> text("#run-status").equals("COMPLETED"));
        browser.await("the e-mail's result", () -> text("#conversation").contains("sent to ada@example.org"));
        assertThat(browser.driver.findElements(By.cssSelector("#approvals"))).isEmpty();
        assertThat(text("#timeline")).contains("mailer.tool.send_email", "approval");
        assertThat(text("#totals")).contains("Tokens", "Wall time");
        assertThat(browser.driver.executeScript("return window.__xss === undefined")).isEqualTo(true);
        assertThat(browser.screenshot("console-run")).exists();
    }

    @Test
    @Order(5)
    void denyingAToolCallTellsTheModelWhy() {
        TestRuns.startMailer(engine, "mail-2");
        openRun("mail-2");
        browser.await("the pending approval", () -> !browser.driver.findElements(By.cssSelector("#approvals .reason")).isEmpty());
        find("#approvals .reason").sendKeys("not <b>today</b>");
        browser.click("#approvals button.deny");
        browser.await("COMPLETED", () -> text("#run-status").equals("COMPLETED"));
        browser.await("the reason in the conversation", () -> text("#conversation").contains("not <b>today</b>"));
        assertThat(engine.describe("mail-2").status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(engine.describe("mail-2").output().toString()).doesNotContain("sent to");
    }

    @Test
    @Order(6)
    void aRunBlockedOnChangedCodeShowsABlockedBadgeAndItsError() {
        engine.signal("drift-1", "go", ""); // the owner replays it on today's Charge: not deterministic
        TestRuns.await(engine, "drift-1", i -> i.error() != null);
        browser.driver.get(console.uri().toString());
        browser.await("the blocked badge in the list", () -> text("tr[data-run='drift-1']").contains("blocked"));
        assertThat(text("tr[data-run='charge-1']")).doesNotContain("blocked"); // failed, not blocked
        openRun("drift-1");
        browser.await("the blocked badge", () -> text("#run-status").equals("RUNNING blocked"));
        assertThat(text("#run-error")).contains("NonDeterminismException", "STEP 'precheck'", "STEP 'charge'");
    }
}
