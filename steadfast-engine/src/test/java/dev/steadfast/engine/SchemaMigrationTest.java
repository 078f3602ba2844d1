package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 2 keeps the journal in a rowid table: a file of version 1 is migrated (to today's
 * version) with its runs intact. Version 3 (compressed payloads) is tested in {@link JournalCompressionTest}.
 */
class SchemaMigrationTest {
    @TempDir
    Path dir;

    /** One step, then the answer. */
    public static final class OneStep implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            return ctx.step("echo", String.class, () -> "live " + input);
        }
    }

    /** The tables of schema version 1, as its Steadfast created them. */
    static void createVersionOneTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE runs (id TEXT PRIMARY KEY, type TEXT NOT NULL, status TEXT NOT NULL, input TEXT,"
                + " output TEXT, error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, ended_at INTEGER,"
                + " seed INTEGER NOT NULL, forked_from TEXT, cancel_requested INTEGER NOT NULL DEFAULT 0)");
        st.execute("CREATE INDEX runs_by_status ON runs(status)");
        st.execute("CREATE INDEX runs_by_created ON runs(created_at)");
        st.execute("CREATE TABLE steps (run_id TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL,"
                + " kind TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, input TEXT, output TEXT,"
                + " error TEXT, failed_attempts TEXT, started_at INTEGER, ended_at INTEGER, wait_key TEXT,"
                + " wake_at INTEGER, usage TEXT, cost TEXT, PRIMARY KEY (run_id, seq)) WITHOUT ROWID");
        st.execute("CREATE TABLE signals (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL,"
                + " name TEXT NOT NULL, payload TEXT, received_at INTEGER NOT NULL, consumed_seq INTEGER)");
        st.execute("CREATE INDEX signals_pending ON signals(run_id, name, consumed_seq, id)");
        st.execute("CREATE TABLE timers (run_id TEXT PRIMARY KEY, wake_at INTEGER NOT NULL)");
        st.execute("CREATE INDEX timers_by_wake ON timers(wake_at)");
    }

    @Test
    void aVersionOneFileIsMigratedAndItsRecordedStepStillReplays() throws Exception {
        Path db = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var st = c.createStatement()) {
            createVersionOneTables(st);
            st.execute(
                    "INSERT INTO runs VALUES ('r1', 'OneStep', 'RUNNING', '\"in\"', NULL, NULL, 1, 1, NULL, 7, NULL, 0)");
            st.execute("INSERT INTO steps (run_id, seq, name, kind, status, attempts, output, started_at, ended_at)"
                    + " VALUES ('r1', 1, 'echo', 'STEP', 'COMPLETED', 1, '\"recorded in v1\"', 1, 1)");
            st.execute("PRAGMA application_id = 1398031430");
            st.execute("PRAGMA user_version = 1");
        }
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).register(new OneStep()).build()) {
            assertThat(engine.handle("r1", String.class).result(Duration.ofSeconds(60)))
                    .isEqualTo("recorded in v1");
            assertThat(engine.history("r1")).hasSize(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var st = c.createStatement()) {
            var rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'steps'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("WITHOUT ROWID");
            assertThat(st.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(8);
            // version 5 added the decisions table; the run it found mid-way is marked recovered, nothing else
            var kinds = st.executeQuery("SELECT group_concat(kind) FROM decisions WHERE run_id = 'r1'");
            assertThat(kinds.getString(1)).isEqualTo("RECOVERED");
            // version 8 added schedules, empty on a file from before
            assertThat(st.executeQuery("SELECT count(*) FROM schedules").getInt(1))
                    .isZero();
            // version 7 linked child runs to their parents: a run from before has none
            assertThat(st.executeQuery("SELECT count(*) FROM runs WHERE parent_id IS NULL")
                            .getInt(1))
                    .isEqualTo(1);
        }
    }

    /** Text rows of 1 KB (incompressible, so stored as text) fit the leaf pages: no overflow page each. */
    @Test
    void oneKilobyteStepsTakeLessThanOneAndAHalfKilobytesOfFileEach() throws Exception {
        Path db = dir.resolve("size.db");
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .synchronous(EmbeddedEngine.Synchronous.NORMAL)
                .register(new Many())
                .build()) {
            engine.start(Many.class, "warm", 1).result(Duration.ofSeconds(30));
        }
        long before = Files.size(db);
        try (WorkflowEngine engine = EmbeddedEngine.builder()
                .database(db)
                .synchronous(EmbeddedEngine.Synchronous.NORMAL)
                .register(new Many())
                .build()) {
            engine.start(Many.class, "big", 1_000).result(Duration.ofSeconds(60));
        }
        assertThat(Files.exists(Path.of(db + "-wal"))).isFalse();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                var st = c.createStatement()) {
            var rs = st.executeQuery("SELECT count(*) FROM steps WHERE run_id = 'big' AND typeof(output) = 'text'");
            assertThat(rs.getInt(1)).isEqualTo(1_000);
        }
        assertThat((Files.size(db) - before) / 1_000.0).isLessThan(1.5 * (1_000 + 2));
    }

    /** {@code n} steps of 1,000 bytes of incompressible text each. */
    public static final class Many implements Workflow<Integer, Integer> {
        @Override
        public Integer run(WorkflowContext ctx, Integer n) {
            for (int i = 0; i < n; i++) {
                int seed = i;
                ctx.step("big", String.class, () -> JournalCompressionTest.incompressible(1_000, seed));
            }
            return n;
        }
    }
}
