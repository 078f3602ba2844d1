package dev.steadfast.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example against the real filesystem server (installed by the build from steadfast-mcp's package-lock). */
class FilesAgentExampleTest {
    @TempDir
    Path dir;

    @Test
    void theClerkReadsTheNotesAndWritesASummaryEachCallARecordedStep() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("notes")).toRealPath();
        Files.writeString(folder.resolve("a.txt"), "fsync is the floor\n");
        Files.writeString(folder.resolve("b.txt"), "replay is cheap\n");
        Path script = Path.of(System.getProperty("steadfast.mcp.servers", "target/mcp-servers"),
                "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
        assertThat(script).as("installed by the build (npm ci)").exists();
        var out = new ByteArrayOutputStream();

        String answer = FilesAgentExample.run(folder, script.toString(), FilesAgentExample.offlineModel(folder),
                dir.resolve("runs.db"), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(answer).startsWith("Wrote summary.txt");
        assertThat(Files.readString(folder.resolve("summary.txt"))).contains("fsync is the floor", "replay is cheap");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("clerk.toolset.fs", "clerk.tool.fs_list_directory",
                "clerk.tool.fs_read_text_file", "clerk.tool.fs_write_file");
    }
}
