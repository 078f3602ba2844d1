package dev.steadfast.examples.research;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.examples.research.ResearchTeam.Findings;
import dev.steadfast.examples.research.ResearchTeam.Plan;
import dev.steadfast.examples.research.ResearchTeam.Report;
import dev.steadfast.workflow.ChildRun;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.util.List;

/**
 * Research as a team: the planner's questions go to three researchers at once, each a child run of
 * this one ({@code <id>.c2}, {@code .c3}, {@code .c4}: the planner is {@code .c1}, the writer {@code .c5}),
 * and the writer merges what they found. A crash anywhere resumes every run where it stopped.
 *
 * <pre>{@code
 * var team = new ResearchTeam(step -> { });
 * try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(new ResearchWorkflow(team)).build()) {
 *     Report r = engine.start(ResearchWorkflow.class, "research-1", "durable execution").result(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
public final class ResearchWorkflow implements Workflow<String, Report> {
    private final ResearchTeam team;

    public ResearchWorkflow(ResearchTeam team) {
        this.team = team;
    }

    @Override
    public Report run(WorkflowContext ctx, String topic) {
        Plan plan = ctx.run(team.planner, topic).output();
        List<ChildRun<Findings>> research = plan.questions().stream()
                .map(q -> ctx.start(team.researcher, q))
                .toList();
        List<Findings> findings =
                ctx.all(research).stream().map(AgentResult::output).toList();
        var brief = new StringBuilder("Report on " + topic);
        for (Findings f : findings) {
            brief.append('\n').append(f.question()).append(": ").append(String.join("; ", f.facts()));
        }
        return ctx.run(team.writer, brief.toString()).output();
    }
}
