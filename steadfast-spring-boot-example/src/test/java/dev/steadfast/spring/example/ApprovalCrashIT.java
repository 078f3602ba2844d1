package dev.steadfast.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.run.StepRecord;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Recovery on start, for real: the application is killed with SIGKILL while the analyst's model request is in flight
 * (the run is RUNNING, nothing closed cleanly), and the next application on the same database resumes the run when
 * its context starts. Only the step in flight runs again; the run then waits for approval, which arrives over HTTP.
 */
class ApprovalCrashIT {
    @TempDir
    Path dir;

    @Test
    void aRunKilledMidStepResumesWhenTheApplicationStartsAgain() throws Exception {
        Path db = dir.resolve("approvals.db");
        Path stderr = dir.resolve("child.stderr");
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ApprovalCrashChild.class.getName(),
                        "--server.port=0",
                        "--steadfast.database=" + db)
                .redirectError(stderr.toFile())
                .start();
        List<String> seen = new ArrayList<>();
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String port =
                    readUntil(out, ApprovalCrashChild.PORT, seen, stderr).substring(ApprovalCrashChild.PORT.length());
            var started = new Http(Integer.parseInt(port))
                    .post("/approvals", "{\"id\":\"crash-1\",\"text\":\"Refund order 77\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            readUntil(out, ApprovalCrashChild.IN_FLIGHT, seen, stderr);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close of the engine
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
        }

        CountingModel.reset();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(
                        ApprovalApplication.class, CountingModel.Beans.class)
                .properties("spring.main.banner-mode=off")
                .run("--server.port=0", "--steadfast.database=" + db)) {
            Http http = new Http(app);
            JsonNode waiting = http.await(
                    "/approvals/crash-1", s -> s.path("status").asText().equals("WAITING"));
            assertThat(waiting.path("id").asText()).isEqualTo("crash-1");
            WorkflowEngine engine = app.getBean(WorkflowEngine.class);
            // no one started it here: the engine's start resumed it, and asked the model the unrecorded question again
            assertThat(CountingModel.ANALYST)
                    .as("the step in flight at the kill ran again, once")
                    .hasValue(1);

            assertThat(http.post("/approvals/crash-1/approve", "{\"reason\":\"ok\"}")
                            .status())
                    .isEqualTo(200);
            JsonNode done = http.await(
                    "/approvals/crash-1", s -> s.path("status").asText().equals("COMPLETED"));
            assertThat(done.path("outcome").path("executed").asBoolean()).isTrue();
            assertThat(CountingModel.EXECUTOR).hasValue(1);
            assertThat(engine.history("crash-1"))
                    .extracting(StepRecord::name)
                    .containsSubsequence("analyst.model", "submit_for_review", "executor.model")
                    .doesNotHaveDuplicates();
        }
    }

    private static String readUntil(BufferedReader out, String prefix, List<String> seen, Path stderr)
            throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the child ended before printing '" + prefix + "'. Stdout: " + seen + "\nStderr:\n"
                + Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
