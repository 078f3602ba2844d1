package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static dev.steadfast.engine.TestEngines.awaitRun;
import static dev.steadfast.engine.TestEngines.count;
import static dev.steadfast.engine.TestEngines.counted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.engine.internal.TestTexts;
import dev.steadfast.error.StepFailedException;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepRecord;
import dev.steadfast.step.RetryPolicy;
import dev.steadfast.step.StepOptions;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large journal payloads are stored compressed (a BLOB) and read back as the same JSON by replay,
 * history and fork; small or incompressible ones stay text, and a version 2 file (all text) is
 * migrated and replayed as it is.
 */
class JournalCompressionTest {
    @TempDir
    Path dir;

    /** Prose-like text that compresses well: words from a small vocabulary. */
    static String prose(int chars, long seed) {
        return TestTexts.prose(chars, seed);
    }

    /**
     * Text of exactly {@code utf8Bytes} bytes of UTF-8 that cannot be shrunk by an eighth: random
     * ASCII and two-byte characters, whose bytes spread over nearly all byte values, so neither
     * repeats nor a skewed byte frequency are left to exploit.
     */
    static String incompressible(int utf8Bytes, long seed) {
        var random = new Random(seed);
        var out = new StringBuilder();
        int bytes = 0;
        while (bytes < utf8Bytes) {
            char c = random.nextBoolean() || bytes == utf8Bytes - 1
                    ? (char) (0x20 + random.nextInt(0x5f))
                    : (char) (0xa0 + random.nextInt(0x760));
            if (c != '"' && c != '\\' && c != 0x7f) {
                out.append(c);
                bytes += c < 0x80 ? 1 : 2;
            }
        }
        return out.toString();
    }

    /** Three steps of the given outputs, then a signal, then the outputs joined. */
    public static final class Outputs implements Workflow<List<String>, String> {
        @Override
        public String run(WorkflowContext ctx, List<String> outputs) {
            var got = new ArrayList<String>();
            for (int i = 0; i < outputs.size(); i++) {
                String out = outputs.get(i);
                String key = ctx.workflowId() + "/" + i;
                got.add(ctx.step("out-" + i, String.class, () -> {
                    count(key);
                    return out;
                }));
            }
            ctx.awaitSignal("go", String.class);
            return String.join("|", got);
        }
    }

    private WorkflowEngine open(Path db, Workflow<?, ?>... workflows) {
        return EmbeddedEngine.builder()
                .database(db)
                .unloadAfter(Duration.ofMillis(50))
                .register(workflows)
                .build();
    }

    /** {@code typeof} and {@code length} (bytes for a blob) of a column of run {@code runId}'s entries, by seq. */
    private static List<String> stored(Path db, String runId, String column) throws Exception {
        var out = new ArrayList<String>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var ps = c.prepareStatement("SELECT typeof(" + column + "), length(" + column + ") FROM steps"
                        + " WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ":" + rs.getInt(2));
                }
            }
        }
        return out;
    }

    @Test
    void aLargeCompressibleOutputIsStoredCompressedAndReadBackByHistoryAndReplay() throws Exception {
        Path db = dir.resolve("large.db");
        String large = prose(5_000, 1);
        String small = "a small result";
        String noisy = incompressible(3_000, 2);
        List<String> outputs = List.of(large, small, noisy);
        try (WorkflowEngine engine = open(db, new Outputs())) {
            engine.start(Outputs.class, "r1", outputs);
            awaitRun(engine, "r1", i -> i.status() == RunStatus.WAITING);
            List<StepRecord> history = engine.history("r1");
            assertThat(history.subList(0, 3))
                    .extracting(s -> s.output().asText())
                    .containsExactly(large, small, noisy);
        }

        List<String> types = stored(db, "r1", "output");
        assertThat(types.get(0)).startsWith("blob:");
        int compressed = Integer.parseInt(types.get(0).substring("blob:".length()));
        assertThat(compressed).isLessThan((large.length() + 2) / 2);
        assertThat(types.get(1)).isEqualTo("text:" + (small.length() + 2));
        assertThat(types.get(2)).isEqualTo("text:" + (noisy.length() + 2));

        try (WorkflowEngine engine = open(db, new Outputs())) { // a new engine: the run is replayed from the file
            engine.signal("r1", "go", "now");
            assertThat(engine.handle("r1", String.class).result(WAIT)).isEqualTo(large + "|" + small + "|" + noisy);
            assertThat(engine.history("r1").get(0).output().asText()).isEqualTo(large);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(counted("r1/" + i))
                    .as("step %d ran once; replay returned its record", i)
                    .isEqualTo(1);
        }
    }

    /** A step that fails for good with a long message. */
    public static final class FailsLong implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String message) {
            try {
                ctx.step(
                        "fails",
                        String.class,
                        StepOptions.builder().retry(RetryPolicy.NONE).build(),
                        () -> {
                            count(ctx.workflowId() + "/fails");
                            throw new IllegalStateException(message);
                        });
                return "unreachable";
            } catch (StepFailedException e) {
                ctx.awaitSignal("go", String.class);
                return e.getMessage();
            }
        }
    }

    @Test
    void aLargeErrorIsStoredCompressedAndReplayedAsTheSameFailure() throws Exception {
        Path db = dir.resolve("error.db");
        String message = prose(3_000, 3);
        String before;
        try (WorkflowEngine engine = open(db, new FailsLong())) {
            engine.start(FailsLong.class, "f1", message);
            awaitRun(engine, "f1", i -> i.status() == RunStatus.WAITING);
            StepRecord failed = engine.history("f1").get(0);
            assertThat(failed.error().message()).isEqualTo(message);
            before = failed.error().type();
        }
        assertThat(stored(db, "f1", "error").get(0)).startsWith("blob:");
        try (WorkflowEngine engine = open(db, new FailsLong())) {
            engine.signal("f1", "go", "now");
            assertThat(engine.handle("f1", String.class).result(WAIT)).contains(message);
            assertThat(engine.history("f1").get(0).error().type()).isEqualTo(before);
        }
        assertThat(counted("f1/fails")).isEqualTo(1);
    }

    @Test
    void aForkCopiesCompressedEntriesAndReplaysThem() throws Exception {
        Path db = dir.resolve("fork.db");
        List<String> outputs = List.of(prose(4_000, 4), prose(4_000, 5), prose(4_000, 6));
        try (WorkflowEngine engine = open(db, new Outputs())) {
            engine.start(Outputs.class, "src", outputs);
            awaitRun(engine, "src", i -> i.status() == RunStatus.WAITING);
            engine.fork("src", 3, "copy"); // entries 1 and 2 are copied; step 3 runs anew
            awaitRun(engine, "copy", i -> i.status() == RunStatus.WAITING);
            assertThat(stored(db, "copy", "output").subList(0, 3))
                    .allSatisfy(t -> assertThat(t).startsWith("blob:"));
            assertThat(stored(db, "copy", "output").subList(0, 2))
                    .isEqualTo(stored(db, "src", "output").subList(0, 2));
            engine.signal("copy", "go", "now");
            assertThat(engine.handle("copy", String.class).result(WAIT)).isEqualTo(String.join("|", outputs));
            assertThat(engine.history("copy").subList(0, 3))
                    .extracting(s -> s.output().asText())
                    .containsExactlyElementsOf(outputs);
        }
        assertThat(counted("copy/0")).isZero();
        assertThat(counted("copy/1")).isZero();
        assertThat(counted("copy/2")).isEqualTo(1);
    }

    /** One step, then the answer. */
    public static final class OneStep implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return ctx.step("echo", String.class, () -> "live " + input);
        }
    }

    @Test
    void aVersionTwoFileWithTextRowsIsMigratedAndReplayed() throws Exception {
        Path db = dir.resolve("v2.db");
        String recorded = prose(2_000, 7);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var st = c.createStatement()) {
            SchemaMigrationTest.createVersionOneTables(st);
            st.execute("DROP TABLE steps");
            st.execute("CREATE TABLE steps (run_id TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL,"
                    + " kind TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, input TEXT, output TEXT,"
                    + " error TEXT, failed_attempts TEXT, started_at INTEGER, ended_at INTEGER, wait_key TEXT,"
                    + " wake_at INTEGER, usage TEXT, cost TEXT, PRIMARY KEY (run_id, seq))");
            st.execute(
                    "INSERT INTO runs VALUES ('r2', 'OneStep', 'RUNNING', '\"in\"', NULL, NULL, 1, 1, NULL, 7, NULL, 0)");
            st.execute("INSERT INTO steps (run_id, seq, name, kind, status, attempts, output, started_at, ended_at)"
                    + " VALUES ('r2', 1, 'echo', 'STEP', 'COMPLETED', 1, '\"" + recorded + "\"', 1, 1)");
            st.execute("PRAGMA application_id = 1398031430");
            st.execute("PRAGMA user_version = 2");
        }
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).register(new OneStep()).build()) {
            assertThat(engine.handle("r2", String.class).result(WAIT)).isEqualTo(recorded);
            assertThat(engine.history("r2").get(0).output().asText()).isEqualTo(recorded);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var st = c.createStatement()) {
            assertThat(st.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(8);
        }
        assertThat(stored(db, "r2", "output")).containsExactly("text:" + (recorded.length() + 2));
    }
}
