package dev.steadfast.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Toolset;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.step.StepOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Predicate;

/**
 * A toolset that writes {@code list <name>}, {@code start <tool>} and {@code done <tool>} to a file
 * around each real listing and call of the toolset it wraps, so a test sees what was executed (and not
 * replayed) even across processes; {@link #offer} narrows what later listings return.
 */
final class CountingToolset implements Toolset {
    private final Toolset inner;
    private final Path log;
    private volatile Predicate<String> offered = n -> true;

    CountingToolset(Toolset inner, Path log) {
        this.inner = inner;
        this.log = log;
    }

    Toolset inner() {
        return inner;
    }

    /** Later listings offer only the tools that pass {@code names}. */
    void offer(Predicate<String> names) {
        offered = names;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<ToolDefinition> listTools() throws Exception {
        append("list " + inner.name());
        return inner.listTools().stream().filter(d -> offered.test(d.name())).toList();
    }

    @Override
    public Object callTool(String toolName, JsonNode args, RunContext<?> ctx) throws Exception {
        append("start " + toolName);
        Object result = inner.callTool(toolName, args, ctx);
        append("done " + toolName);
        return result;
    }

    @Override
    public boolean requiresApproval(String toolName) {
        return inner.requiresApproval(toolName);
    }

    @Override
    public StepOptions stepOptions() {
        return inner.stepOptions();
    }

    List<String> lines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long count(String line) {
        return lines().stream().filter(line::equals).count();
    }

    private synchronized void append(String line) {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
