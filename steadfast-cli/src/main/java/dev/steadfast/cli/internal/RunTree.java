package dev.steadfast.cli.internal;

import dev.steadfast.run.RunInfo;
import dev.steadfast.workflow.WorkflowEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * The tree of child runs under a run (agents delegated to), for {@code runs show}: each with its own
 * tokens and cost, the root with the totals its children rolled up into.
 */
final class RunTree {
    private RunTree() {}

    /** The lines of the tree under {@code root}, or none when it started no child run. */
    static List<String> lines(WorkflowEngine engine, RunInfo root) {
        var lines = new ArrayList<String>();
        if (root.childIds().isEmpty()) {
            return lines;
        }
        lines.add("child runs (" + RunText.tokens(root.usage().totalTokens()) + " tokens, " + RunText.cost(root.cost())
                + " with this run's own):");
        add(engine, root, "  ", lines);
        return lines;
    }

    private static void add(WorkflowEngine engine, RunInfo run, String indent, List<String> lines) {
        for (String id : run.childIds()) {
            RunInfo child = engine.describe(id);
            lines.add(String.format(
                    "%s%-32s %-16s %-10s %3d steps %8s tokens %11s%s",
                    indent,
                    Terminal.line(child.workflowId(), 32),
                    Terminal.line(child.workflowType(), 16),
                    child.status().name(),
                    child.stepCount(),
                    RunText.tokens(child.usage().totalTokens()),
                    RunText.cost(child.cost()),
                    child.pendingApprovals().isEmpty()
                            ? ""
                            : "  " + child.pendingApprovals().size() + " pending approval(s)"));
            add(engine, child, indent + "  ", lines);
        }
    }
}
