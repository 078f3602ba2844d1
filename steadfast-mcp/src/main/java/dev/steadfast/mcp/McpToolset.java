package dev.steadfast.mcp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Toolset;
import dev.steadfast.mcp.internal.McpConnection;
import dev.steadfast.mcp.internal.ToolListing;
import dev.steadfast.model.ToolDefinition;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tools of one MCP server, for an agent: {@code Agent.builder().toolsets(McpToolset...)}. A stdio
 * server is a command Steadfast starts (on first use) and stops ({@link #close()}); a streamable-HTTP
 * server is a URL, with headers for auth. In a durable run the server's tool list is a recorded step
 * ({@code <agent>.toolset.<name>}) and each call a recorded step ({@code <agent>.tool.<tool>}): after a
 * crash the server is started again and only the call that was in flight runs again.
 *
 * <pre>{@code
 * try (McpToolset files = McpToolset.stdio("fs", "npx", "-y", "@modelcontextprotocol/server-filesystem", "/data")
 *         .prefix("fs_")
 *         .filter(tool -> !tool.equals("move_file"))
 *         .requiresApproval("write_file")
 *         .timeout(Duration.ofSeconds(30))
 *         .build()) {
 *     Agent<Void, String> agent = Agent.builder().name("clerk").model(model).toolsets(files).build();
 *     agent.run("Summarise /data/notes.txt");
 * }
 * }</pre>
 *
 * <p>What the model receives: a result with {@code structuredContent} gives that JSON; a single text
 * block its text; anything else (images, audio, embedded resources, resource links, several blocks) the
 * list of content blocks as MCP's JSON. A result with {@code isError} goes back to the model as a
 * failed tool result; a JSON-RPC "invalid params" error asks the model to fix its call. A server that
 * cannot be started, dies, hangs past the timeout or answers what is not JSON-RPC fails the attempt,
 * which the retry policy repeats (with a new connection) and, past it, fails the step with the
 * server's name, what it was asked and what it printed on stderr.
 */
public final class McpToolset implements Toolset, AutoCloseable {
    private final String name;
    private final String prefix;
    private final Predicate<String> filter;
    private final Predicate<String> approval;
    private final StepOptions options;
    private final McpConnection connection;

    private McpToolset(Builder b) {
        this.name = b.name;
        this.prefix = b.prefix;
        this.filter = b.filter;
        this.approval = b.approval;
        var never = new ArrayList<>(b.retry.nonRetryable());
        never.add(ToolListing.InvalidMcpTool.class.getName()); // a bad tool list stays bad: no point asking again
        this.options = StepOptions.builder().retry(new RetryPolicy(b.retry.maxAttempts(), b.retry.initialInterval(),
                b.retry.backoffCoefficient(), b.retry.maxInterval(), never)).build();
        this.connection = b.url != null
                ? McpConnection.http(b.name, b.url, Map.copyOf(b.headers), b.timeout, b.startTimeout)
                : McpConnection.stdio(b.name, List.copyOf(b.command), Map.copyOf(b.env), b.timeout, b.startTimeout);
    }

    /** A server Steadfast starts as {@code command args...} and talks to over stdin/stdout. */
    public static Builder stdio(String name, String command, String... args) {
        requireNonNull(command, "command");
        var b = new Builder(name);
        b.command.add(command);
        b.command.addAll(List.of(args));
        return b;
    }

    /** A streamable-HTTP server at {@code url} (its MCP endpoint, e.g. {@code http://localhost:3001/mcp}). */
    public static Builder http(String name, URI url) {
        var b = new Builder(name);
        b.url = requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("MCP server '" + name + "': url must be http or https but was " + url);
        }
        return b;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Lists the server's tools (connecting first), prefixed and filtered, checked for names and schemas a
     * model accepts. The server is asked once per connection; its list is kept until it notifies that the
     * list changed, the connection is dropped, or {@link #refreshTools()}. A durable run records what it
     * was offered, so a replay offers the same tools whatever the server offers now.
     */
    @Override
    public List<ToolDefinition> listTools() {
        return ToolListing.definitions(name, connection.listTools(), prefix, filter);
    }

    @Override
    public Object callTool(String toolName, JsonNode args, RunContext<?> ctx) {
        String serverName = toolName.startsWith(prefix) ? toolName.substring(prefix.length()) : toolName;
        return connection.callTool(serverName, args);
    }

    @Override
    public boolean requiresApproval(String toolName) {
        String serverName = toolName.startsWith(prefix) ? toolName.substring(prefix.length()) : toolName;
        return approval.test(serverName);
    }

    @Override
    public StepOptions stepOptions() {
        return options;
    }

    /** Makes the next listing ask the server again (for runs started after this call). */
    public void refreshTools() {
        connection.refresh();
    }

    /** Stops the server process (stdio) or ends the session (HTTP). A later call starts a new one. */
    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return "McpToolset[" + name + ", " + connection + "]";
    }

    /** Configures an {@link McpToolset}; {@link #build()} does not connect (the first run does). */
    public static final class Builder {
        private final String name;
        private final List<String> command = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private URI url;
        private String prefix = "";
        private Predicate<String> filter = t -> true;
        private Predicate<String> approval = t -> false;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration startTimeout = Duration.ofSeconds(30);
        private RetryPolicy retry = RetryPolicy.builder().maxAttempts(3).initialInterval(Duration.ofSeconds(1))
                .backoffCoefficient(2.0).maxInterval(Duration.ofSeconds(10)).build();

        private Builder(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,48}")) {
                throw new IllegalArgumentException("MCP server name must be 1-48 letters, digits, '_' or '-' but was '" + name + "'");
            }
            this.name = name;
        }

        /** Put before each tool's name, as the model sees it ({@code "fs_"}), so two servers' tools never clash. Default none. */
        public Builder prefix(String v) {
            requireNonNull(v, "prefix");
            if (!v.matches("[A-Za-z0-9_.-]{0,32}")) {
                throw new IllegalArgumentException("MCP server '" + name + "': prefix must be up to 32 letters, digits, '_', '.' or '-' but was '" + v + "'");
            }
            prefix = v;
            return this;
        }

        /** Offers the model only the tools whose (server) name passes. Default all. */
        public Builder filter(Predicate<String> v) { filter = requireNonNull(v, "filter"); return this; }

        /** Offers the model only these tools (server names). */
        public Builder allowTools(String... toolNames) {
            Set<String> allowed = Set.of(toolNames);
            return filter(allowed::contains);
        }

        /** Calls of these tools (server names) wait for a human's decision, as {@code @Tool(requiresApproval = true)}. */
        public Builder requiresApproval(String... toolNames) {
            Set<String> chosen = Set.of(toolNames);
            approval = chosen::contains;
            return this;
        }

        /** Calls of the tools whose (server) name passes wait for a human's decision. Default none. */
        public Builder requiresApproval(Predicate<String> v) { approval = requireNonNull(v, "requiresApproval"); return this; }

        /**
         * How long each request (listing, call) may take; past it the attempt fails (and the connection is
         * dropped), and the retry policy decides. Default 60 s.
         */
        public Builder timeout(Duration v) {
            timeout = positive("timeout", v);
            return this;
        }

        /** How long starting the server (process start or HTTP connect, and MCP's initialize) may take. Default 30 s. */
        public Builder startTimeout(Duration v) {
            startTimeout = positive("startTimeout", v);
            return this;
        }

        private Duration positive(String what, Duration v) {
            if (v == null || v.isZero() || v.isNegative()) {
                throw new IllegalArgumentException("MCP server '" + name + "': " + what + " must be positive but was " + v);
            }
            return v;
        }

        /** How a failed listing or call (server down, hung, garbled) is retried. Default 3 attempts, 1 s, ×2, at most 10 s. */
        public Builder retry(RetryPolicy v) { retry = requireNonNull(v, "retry"); return this; }

        /** An environment variable for a stdio server's process (which otherwise gets a minimal environment from the SDK). */
        public Builder env(String key, String value) {
            requireUrl(false, "env");
            env.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
            return this;
        }

        /** A header sent with every request to an HTTP server ({@code Authorization}, say). */
        public Builder header(String key, String value) {
            requireUrl(true, "header");
            headers.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
            return this;
        }

        private void requireUrl(boolean http, String what) {
            if ((url != null) != http) {
                throw new IllegalStateException("MCP server '" + name + "': " + what + "(..) is for " + (http ? "HTTP" : "stdio")
                        + " servers only");
            }
        }

        public McpToolset build() {
            return new McpToolset(this);
        }
    }
}
