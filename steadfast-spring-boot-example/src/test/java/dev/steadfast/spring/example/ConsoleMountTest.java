package dev.steadfast.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.RunStatus;
import dev.steadfast.testing.Runs;
import dev.steadfast.workflow.WorkflowEngine;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The console mounted in the application: off by default; on, under /steadfast, behind the application's own filters
 * (here a stand-in for a security chain that wants a user header), with the console's CSRF and same-origin checks.
 */
class ConsoleMountTest {
    static final String USER = "X-Test-User";

    @TempDir
    Path dir;

    /** The application's security, reduced to its essence: no user, no console. */
    // not @Configuration: given to the application as a source, out of reach of its component scan (same package)
    static class Security {
        @Bean
        Filter onlyUsers() {
            return (request, response, chain) -> {
                var req = (HttpServletRequest) request;
                if (req.getRequestURI().startsWith("/steadfast") && req.getHeader(USER) == null) {
                    ((HttpServletResponse) response).sendError(401);
                    return;
                }
                chain.doFilter(request, response);
            };
        }
    }

    private ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--steadfast.database=" + dir.resolve("console.db");
        System.arraycopy(args, 0, all, 2, args.length);
        return new SpringApplicationBuilder(ApprovalApplication.class, CountingModel.Beans.class, Security.class)
                .properties("spring.main.banner-mode=off")
                .run(all);
    }

    @Test
    void offByDefault() {
        try (ConfigurableApplicationContext app = start()) {
            var r = new Http(app)
                    .send(HttpRequest.newBuilder(uri(app, "/steadfast/")).header(USER, "ann"));
            assertThat(r.status()).isEqualTo(404);
            assertThat(app.containsBean("steadfastConsole")).isFalse();
        }
    }

    @Test
    void onItServesThePagesAndTheApiBehindTheApplicationsFiltersAndKeepsItsCsrfCheck() throws Exception {
        try (ConfigurableApplicationContext app = start("--steadfast.console.enabled=true")) {
            Http http = new Http(app);
            WorkflowEngine engine = app.getBean(WorkflowEngine.class);
            http.post("/approvals", "{\"id\":\"r-1\",\"text\":\"Refund order 99\"}");
            Runs.await(engine, "r-1", r -> r.status() == RunStatus.WAITING);

            assertThat(http.get("/steadfast/").status())
                    .as("no user: the application's filter answers")
                    .isEqualTo(401);
            assertThat(http.get("/steadfast/api/runs").status()).isEqualTo(401);

            var bare = http.send(HttpRequest.newBuilder(uri(app, "/steadfast")).header(USER, "ann"));
            assertThat(bare.status()).isEqualTo(302);
            assertThat(bare.raw().headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/steadfast/"));

            var page = http.send(HttpRequest.newBuilder(uri(app, "/steadfast/")).header(USER, "ann"));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<script src=\"console.js\" defer>");
            assertThat(page.raw().headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
            var script = http.send(
                    HttpRequest.newBuilder(uri(app, "/steadfast/console.js")).header(USER, "ann"));
            assertThat(script.status()).isEqualTo(200);
            assertThat(script.raw().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));

            var runs = http.send(HttpRequest.newBuilder(uri(app, "/steadfast/api/runs?status=WAITING"))
                    .header(USER, "ann"));
            assertThat(runs.status()).isEqualTo(200);
            assertThat(runs.json().get(0).path("id").asText()).isEqualTo("r-1");
            var session = http.send(HttpRequest.newBuilder(uri(app, "/steadfast/api/session"))
                            .header(USER, "ann"))
                    .json();
            assertThat(session.path("types").toString()).contains("ApprovalWorkflow", "analyst", "executor");
            String csrf = session.path("csrf").asText();

            String signal = "{\"name\":\"approval\",\"payload\":{\"approved\":true,\"reason\":\"from the console\"}}";
            var forged = http.post("/steadfast/api/runs/r-1/signal", signal, USER, "ann");
            assertThat(forged.status()).as("no CSRF token").isEqualTo(403);
            var crossSite = http.post(
                    "/steadfast/api/runs/r-1/signal",
                    signal,
                    USER,
                    "ann",
                    "X-Steadfast-CSRF",
                    csrf,
                    "Origin",
                    "https://evil.example");
            assertThat(crossSite.status()).as("another origin").isEqualTo(403);
            assertThat(engine.describe("r-1").status()).isEqualTo(RunStatus.WAITING);

            var sent = http.post("/steadfast/api/runs/r-1/signal", signal, USER, "ann", "X-Steadfast-CSRF", csrf);
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(http.await(
                                    "/approvals/r-1",
                                    s -> s.path("status").asText().equals("COMPLETED"))
                            .path("outcome")
                            .path("executed")
                            .asBoolean())
                    .isTrue();
        }
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + path);
    }
}
