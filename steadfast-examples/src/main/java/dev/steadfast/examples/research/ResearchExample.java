package dev.steadfast.examples.research;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.research.ResearchTeam.Report;
import dev.steadfast.run.RunInfo;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the research example offline on a fresh database and prints the run tree: each run with its
 * own and (for the parent) rolled-up tokens and cost.
 */
public final class ResearchExample {
    private ResearchExample() {}

    public static void main(String[] args) throws Exception {
        Path db = args.length > 0
                ? Path.of(args[0])
                : Files.createTempDirectory("research").resolve("research.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .register(new ResearchWorkflow(new ResearchTeam(step -> {})))
                .build()) {
            Report report = engine.start(ResearchWorkflow.class, "research-1", "durable execution")
                    .result(Duration.ofMinutes(1));
            System.out.println(report.title());
            report.sections().forEach(s -> System.out.println("  " + s));
            print(engine, engine.describe("research-1"), "");
        }
    }

    private static void print(WorkflowEngine engine, RunInfo run, String indent) {
        System.out.printf(
                "%s%s [%s] %s: %d requests, %d tokens, $%s%n",
                indent,
                run.workflowId(),
                run.workflowType(),
                run.status(),
                run.usage().requests(),
                run.usage().inputTokens() + run.usage().outputTokens(),
                run.cost().toPlainString());
        for (String child : run.childIds()) {
            print(engine, engine.describe(child), indent + "  ");
        }
    }
}
