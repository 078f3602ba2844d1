package dev.steadfast.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.step.StepOptions;
import java.util.List;

/**
 * Tools that come from somewhere else at run time (an MCP server, say) and are given to an agent
 * beside its {@link Tool} methods with {@code Agent.builder().toolsets(..)}.
 *
 * <p>At the start of each run the agent lists the toolset's tools once, as a step named
 * {@code <agent>.toolset.<name>}: in a durable run that listing is recorded, so a resumed or replayed
 * run offers the model exactly the tools it saw the first time, whatever the server offers now. Each
 * call of one of its tools is a step {@code <agent>.tool.<tool>} like any other tool call, retried
 * under {@link #stepOptions()}. {@link #callTool} follows the rules of any tool: a
 * {@link dev.steadfast.error.ToolFailed} goes back to the model as a failed result, a
 * {@link ModelRetry} asks the model to fix its call, any other exception is a failed attempt of the
 * step.
 *
 * <pre>{@code
 * Agent<Void, String> agent = Agent.builder().name("files").model(model)
 *         .toolsets(McpToolset.stdio("fs", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/data").build())
 *         .build();
 * }</pre>
 */
public interface Toolset {
    /** The toolset's stable name (letters, digits, '_', '-'): it names the listing step and shows in a run's history. */
    String name();

    /**
     * The tools the model may call, with the names the model calls them by. Called once per run (and
     * never again for a durable run that recorded it); may reach the network or start a process.
     */
    List<ToolDefinition> listTools() throws Exception;

    /**
     * Calls the tool {@code toolName} (as listed) with the model's {@code args} (a JSON object), inside
     * the step {@code <agent>.tool.<toolName>}. Returns what the model receives (a {@code String}, a
     * {@code JsonNode} or anything Jackson can write).
     */
    Object callTool(String toolName, JsonNode args, RunContext<?> ctx) throws Exception;

    /** Whether calls of {@code toolName} wait for a human's decision, as {@code @Tool(requiresApproval = true)} does. Default no. */
    default boolean requiresApproval(String toolName) {
        return false;
    }

    /** How its listing and each of its calls are retried and timed out as steps. Default {@link StepOptions#DEFAULT}. */
    default StepOptions stepOptions() {
        return StepOptions.DEFAULT;
    }
}
