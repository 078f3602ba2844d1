package dev.steadfast.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.run.RunQuery;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo replaces its database, but never one that another engine (a console) owns. */
class DemoOwnershipTest {
    @TempDir
    Path dir;

    @Test
    void theDemoRefusesToReplaceADatabaseAnEngineOwnsAndLeavesItWhole() throws Exception {
        Path db = dir.resolve("demo.db");
        try (WorkflowEngine console = EmbeddedEngine.builder().database(db).build()) {
            long before = Files.size(db);
            var out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> Demo.run(db, new PrintStream(out, true, StandardCharsets.UTF_8)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another process (pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("--db .steadfast/demo-2.db");
            assertThat(db).exists().hasSize(before);
            assertThat(console.list(RunQuery.all())).isEmpty(); // the owner still reads its own file
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty(); // no demo started
        }
        Demo.refuseIfOwned(db); // once the owner is gone, the demo may replace it
    }
}
