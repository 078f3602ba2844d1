package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.cli.internal.console.ConsoleServer;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.run.Decision;
import dev.steadfast.run.RunStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console steering a database another process owns (as {@code steadfast console} does when an
 * application holds the file): an approval recorded and shown as waiting for the engine, with no
 * buttons left; the owner applying it; a run started from the "start run" form; a signal sent from
 * the signal form, a misfit refused first; a cancel.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSteerBrowserTest {
    @TempDir
    static Path dir;
    static Path db;
    static WorkflowEngine steer;
    static WorkflowEngine owner;
    static ConsoleServer console;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        db = dir.resolve("steer.db");
        TestRuns.seed(db);
        steer = EmbeddedEngine.builder().database(db).access(Access.STEER_ONLY).actor("ada (console)")
                .register(new TestRuns.Refund()).build();
        console = ConsoleServer.start(steer, new ConsoleServer.Settings("127.0.0.1", 0, null, null, db.toString(),
                List.of("Refund")));
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
        for (WorkflowEngine e : new WorkflowEngine[] {steer, owner}) {
            if (e != null) {
                e.close();
            }
        }
    }

    private static String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getDomProperty("textContent");
    }

    private static boolean present(String css) {
        return !browser.driver.findElements(By.cssSelector(css)).isEmpty();
    }

    private static void openRun(String id) {
        browser.driver.get(console.uri() + "#/run/" + id);
        browser.await("run " + id, () -> present("#run-id") && text("#run-id").equals(id));
    }

    @Test
    @Order(1)
    void anApprovalIsShownAsWaitingForTheEngineWithNoButtonsUntilTheOwnerAppliesIt() throws Exception {
        openRun("mail-1");
        browser.await("the pending approval", () -> present("#approvals button.approve"));
        browser.click("#approvals button.approve");
        browser.await("waiting to apply", () -> text("#approvals").contains("approved — waiting for the engine to apply it (by ada (console)"));
        assertThat(present("#approvals button")).isFalse(); // no second decision offered
        assertThat(text("#decisions")).contains("approved call_", "by ada (console)");
        browser.screenshot("console-approved-waiting");

        owner = TestRuns.owner(db); // the process that runs the workflow opens the file and applies the decision
        browser.await("COMPLETED", () -> text("#run-status").equals("COMPLETED"));
        assertThat(owner.describe("mail-1").output().toString()).contains("sent to ada@example.org");
    }

    @Test
    @Order(2)
    void aRunStartedFromTheFormIsRunByTheOwnerAndASignalFromTheFormCompletesIt() {
        browser.driver.get(console.uri().toString());
        browser.await("the start form", () -> present("#start"));
        browser.click("#start summary");
        browser.driver.findElement(By.cssSelector("#start-id")).sendKeys("refund-b");
        browser.driver.findElement(By.cssSelector("#start-input")).sendKeys("\"order 9\"");
        browser.click("#start-go");
        browser.await("the new run, waiting", () -> present("#run-id") && text("#run-id").equals("refund-b")
                && text("#totals").contains("approval"));

        browser.await("the signal form", () -> present("#signal-payload"));
        assertThat(browser.driver.findElement(By.cssSelector("#signal-name")).getDomProperty("value")).isEqualTo("approval");
        browser.driver.findElement(By.cssSelector("#signal-payload")).sendKeys("{\"approved\":\"maybe\"}");
        browser.click("#signal-send");
        browser.await("the refusal", () -> text("#toast").contains("awaits type Approval"));
        assertThat(owner.describe("refund-b").status()).isEqualTo(RunStatus.WAITING); // a misfit never reaches the run

        browser.driver.findElement(By.cssSelector("#signal-payload")).clear();
        browser.driver.findElement(By.cssSelector("#signal-payload")).sendKeys("{\"approved\":true,\"reason\":\"fine\"}");
        browser.click("#signal-send");
        browser.await("COMPLETED", () -> text("#run-status").equals("COMPLETED"));
        assertThat(owner.describe("refund-b").output().asText()).isEqualTo("order 9 refunded (fine)");
        assertThat(owner.describe("refund-b").decisions()).extracting(Decision::kind)
                .containsExactly(Decision.Kind.START, Decision.Kind.SIGNAL);
    }

    @Test
    @Order(3)
    void aCancelFromTheConsoleIsAppliedByTheOwner() {
        owner.start(TestRuns.Refund.class, "refund-c", "order 10");
        openRun("refund-c");
        browser.await("the cancel button", () -> present("#cancel"));
        browser.driver.executeScript("window.confirm = () => true");
        browser.click("#cancel");
        browser.await("CANCELLED", () -> text("#run-status").equals("CANCELLED"));
        assertThat(owner.describe("refund-c").decisions()).filteredOn(d -> d.kind() == Decision.Kind.CANCEL)
                .singleElement().extracting(Decision::by).isEqualTo("ada (console)");
    }
}
