package dev.steadfast.examples.mcp;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.mcp.McpToolset;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.Models;
import dev.steadfast.run.StepRecord;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A durable agent with the tools of the MCP filesystem server: it lists a folder, reads the notes in
 * it and writes a summary beside them, each tool call a recorded step on the embedded engine. Offline
 * by default (a scripted model); {@code --model openai:gpt-4.1} uses a real one. The server is
 * {@code npx -y @modelcontextprotocol/server-filesystem <folder>} unless {@code --server <its index.js>}
 * names an installed copy (run with node).
 *
 * <pre>{@code
 * java dev.steadfast.examples.mcp.FilesAgentExample [--folder dir] [--server path/to/dist/index.js] [--model provider:model]
 * }</pre>
 */
public final class FilesAgentExample {
    static final String RUN = "summarise-notes";

    private FilesAgentExample() {}

    public static void main(String[] args) throws Exception {
        Path folder = null;
        String server = null;
        Model model = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--folder" -> folder = Path.of(args[i + 1]);
                case "--server" -> server = args[i + 1];
                case "--model" -> model = Models.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --folder <dir>, --server <server-filesystem's dist/index.js>, --model <provider:model>");
            }
        }
        if (folder == null) {
            folder = Files.createTempDirectory("steadfast-notes");
            Files.writeString(folder.resolve("notes.txt"), "fsync is the floor\nreplay is cheap\n");
        }
        run(folder.toRealPath(), server, model == null ? offlineModel(folder.toRealPath()) : model, Files.createTempDirectory("steadfast-db")
                .resolve("runs.db"), System.out);
    }

    /** The filesystem server, allowed to touch {@code folder} only. */
    static McpToolset filesystem(Path folder, String serverScript) {
        McpToolset.Builder b = serverScript == null
                ? McpToolset.stdio("fs", "npx", "-y", "@modelcontextprotocol/server-filesystem@2026.8.31", folder.toString())
                : McpToolset.stdio("fs", "node", serverScript, folder.toString());
        return b.prefix("fs_").allowTools("list_directory", "read_text_file", "write_file").timeout(Duration.ofSeconds(30)).build();
    }

    /** Runs the agent durably and prints its steps; returns its answer. */
    static String run(Path folder, String serverScript, Model model, Path db, PrintStream out) {
        try (McpToolset files = filesystem(folder, serverScript)) {
            Agent<Void, String> clerk = Agent.builder().name("clerk").model(model)
                    .instructions("You keep the notes in " + folder + " tidy. Use the fs_ tools.")
                    .toolsets(files).build();
            try (WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(clerk).build()) {
                String answer = engine.start(clerk, RUN, "Summarise the notes in " + folder + " into summary.txt")
                        .result(Duration.ofMinutes(2)).output();
                for (StepRecord step : engine.history(RUN)) {
                    out.printf("%2d %-32s %s%n", step.seq(), step.name(), step.status());
                }
                out.println(answer);
                return answer;
            }
        }
    }

    /** A scripted model: list the folder, read each .txt file, write a summary, answer. */
    static Model offlineModel(Path folder) {
        return new FunctionModel("scripted-clerk", (messages, params) -> {
            List<ToolReturnPart> returns = lastReturns(messages);
            if (returns.isEmpty()) {
                return ModelResponse.of(ToolCallPart.of("fs_list_directory", Map.of("path", folder.toString())));
            }
            ToolReturnPart last = returns.getFirst();
            return switch (last.toolName()) {
                case "fs_list_directory" -> {
                    var reads = new ArrayList<ToolCallPart>();
                    for (String line : text(last).split("\n")) {
                        if (line.startsWith("[FILE] ") && line.endsWith(".txt")) {
                            reads.add(ToolCallPart.of("fs_read_text_file", Map.of("path", folder.resolve(line.substring(7)).toString())));
                        }
                    }
                    yield ModelResponse.of(reads.toArray(ToolCallPart[]::new));
                }
                case "fs_read_text_file" -> {
                    var lines = new ArrayList<String>();
                    returns.forEach(r -> lines.addAll(List.of(text(r).split("\n"))));
                    yield ModelResponse.of(ToolCallPart.of("fs_write_file", Map.of("path", folder.resolve("summary.txt").toString(),
                            "content", "Summary: " + String.join("; ", lines) + "\n")));
                }
                default -> ModelResponse.of(TextPart.of("Wrote summary.txt: " + text(last)));
            };
        });
    }

    /** The server's text: its structured result is {@code {"content": "..."}}, which the model receives as JSON. */
    private static String text(ToolReturnPart r) {
        return r.content().isObject() && r.content().path("content").isTextual() ? r.content().path("content").asText()
                : r.contentAsText();
    }

    private static List<ToolReturnPart> lastReturns(List<Message> messages) {
        return messages.getLast() instanceof ModelRequest r
                ? r.parts().stream().filter(ToolReturnPart.class::isInstance).map(ToolReturnPart.class::cast).toList()
                : List.of();
    }
}
