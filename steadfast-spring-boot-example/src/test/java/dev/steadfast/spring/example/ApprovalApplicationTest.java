package dev.steadfast.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The acceptance test: the Boot application with the starter, two agent beans and a workflow bean starts,
 * runs the approval example end to end over HTTP, reports health, and resumes a run after a restart — the application
 * is closed while the run waits for its reviewer, a new one opens on the same database, the approval arrives over
 * HTTP, and the run finishes with no recorded step executed twice.
 */
class ApprovalApplicationTest {
    @TempDir
    Path dir;

    private ConfigurableApplicationContext start(Path db) {
        return new SpringApplicationBuilder(ApprovalApplication.class, CountingModel.Beans.class)
                .properties("spring.main.banner-mode=off")
                .run("--server.port=0", "--steadfast.database=" + db); // arguments: above application.properties
    }

    @Test
    void startsARunOverHttpReportsHealthAndFinishesItAfterARestart() throws Exception {
        Path db = dir.resolve("approvals.db");
        CountingModel.reset();

        try (ConfigurableApplicationContext app = start(db)) {
            Http http = new Http(app);
            var started = http.post("/approvals", "{\"id\":\"refund-1234\",\"text\":\"Refund order 1234 ($420)\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);

            JsonNode pending = http.await("/approvals/pending", p -> p.size() == 1);
            assertThat(pending.get(0).path("id").asText()).isEqualTo("refund-1234");
            assertThat(pending.get(0).path("request").asText()).isEqualTo("Refund order 1234 ($420)");

            JsonNode health = http.get("/actuator/health").json();
            assertThat(health.path("status").asText()).isEqualTo("UP");
            JsonNode steadfast = health.path("components").path("steadfast");
            assertThat(steadfast.path("status").asText()).isEqualTo("UP");
            assertThat(steadfast.path("details").path("ownerLock").asText()).isEqualTo("held");
            assertThat(steadfast.path("details").path("waitingRuns").asInt()).isEqualTo(1);
            assertThat(steadfast.path("details").path("where").asText())
                    .isEqualTo(db.toAbsolutePath().toString());

            JsonNode waiting = http.get("/actuator/metrics/steadfast.runs?tag=status:waiting")
                    .json();
            assertThat(waiting.path("measurements").get(0).path("value").asDouble())
                    .isEqualTo(1.0);

            var tooEarly = http.get("/approvals/refund-1234").json();
            assertThat(tooEarly.path("status").asText()).isEqualTo("WAITING");
            assertThat(tooEarly.path("outcome").isNull()).isTrue();
        } // the application stops while the run waits for its reviewer (a deploy, say)

        assertThat(CountingModel.ANALYST)
                .as("the analyst asked its model once before the restart")
                .hasValue(1);
        try (ConfigurableApplicationContext app = start(db)) {
            Http http = new Http(app);
            assertThat(http.get("/approvals/refund-1234").json().path("status").asText())
                    .isEqualTo("WAITING");

            var approved = http.post("/approvals/refund-1234/approve", "{\"reason\":\"within the refund policy\"}");
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);

            JsonNode done = http.await(
                    "/approvals/refund-1234", s -> s.path("status").asText().equals("COMPLETED"));
            assertThat(done.path("outcome").path("executed").asBoolean()).isTrue();
            assertThat(done.path("outcome").path("report").asText())
                    .isEqualTo("Done: all 3 steps of the plan were carried out.");
            assertThat(done.path("outcome").path("analysis").path("risk").asText())
                    .isEqualTo("MEDIUM");
            assertThat(http.get("/approvals/pending").json()).isEmpty();

            // nothing recorded before the restart ran again: one model request per agent, each step once, first attempt
            assertThat(CountingModel.ANALYST).hasValue(1);
            assertThat(CountingModel.EXECUTOR).hasValue(1);
            List<StepRecord> steps = app.getBean(WorkflowEngine.class).history("refund-1234");
            assertThat(steps)
                    .extracting(StepRecord::name)
                    .containsSubsequence("analyst.model", "submit_for_review", "executor.model")
                    .doesNotHaveDuplicates();
            assertThat(steps)
                    .allSatisfy(s -> assertThat(s.attempts()).as(s.name()).isEqualTo(1));

            var again = http.post("/approvals/refund-1234/approve", "{\"reason\":\"twice\"}");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().path("error").asText()).contains("waits for no approval");
            assertThat(http.get("/approvals/nope").status()).isEqualTo(404);

            // a rejection ends the run without the executor
            assertThat(http.post("/approvals", "{\"id\":\"refund-99\",\"text\":\"Refund order 99 ($9,000)\"}")
                            .status())
                    .isEqualTo(202);
            http.await("/approvals/pending", p -> p.size() == 1);
            assertThat(http.post("/approvals/refund-99/reject", "{\"reason\":\"over the limit\"}")
                            .status())
                    .isEqualTo(200);
            JsonNode rejected = http.await(
                    "/approvals/refund-99", s -> s.path("status").asText().equals("COMPLETED"));
            assertThat(rejected.path("outcome").path("executed").asBoolean()).isFalse();
            assertThat(rejected.path("outcome").path("rejectionReason").asText())
                    .isEqualTo("over the limit");
            assertThat(CountingModel.EXECUTOR)
                    .as("no executor for a rejected plan")
                    .hasValue(1);
        }
    }
}
