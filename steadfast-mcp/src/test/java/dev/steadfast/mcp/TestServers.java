package dev.steadfast.mcp;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference MCP servers from npm, as the build installs them ({@code npm ci} into
 * {@code target/mcp-servers}, pinned by {@code src/test/npm/package-lock.json}), started with node.
 */
final class TestServers {
    private TestServers() {}

    static Path dir() {
        Path dir = Path.of(System.getProperty("steadfast.mcp.servers", "target/mcp-servers"));
        Path modules = dir.resolve("node_modules/@modelcontextprotocol");
        if (!Files.isDirectory(modules)) {
            throw new IllegalStateException("The reference MCP servers are not installed in " + dir.toAbsolutePath()
                    + ": run the module's build (./mvnw -pl steadfast-mcp test), which installs them with npm ci");
        }
        return modules;
    }

    /** {@code @modelcontextprotocol/server-everything}'s entry point. */
    static String everything() {
        return dir().resolve("server-everything/dist/index.js").toString();
    }

    /** {@code @modelcontextprotocol/server-filesystem}'s entry point. */
    static String filesystem() {
        return dir().resolve("server-filesystem/dist/index.js").toString();
    }

    /** server-everything over stdio, named {@code ev}, its tools prefixed {@code ev_}. */
    static McpToolset.Builder everythingStdio() {
        return McpToolset.stdio("ev", "node", everything(), "stdio").prefix("ev_");
    }

    /** server-filesystem over stdio, named {@code fs}, allowed to touch {@code root} only. */
    static McpToolset.Builder filesystemStdio(Path root) {
        return McpToolset.stdio("fs", "node", filesystem(), root.toString());
    }
}
