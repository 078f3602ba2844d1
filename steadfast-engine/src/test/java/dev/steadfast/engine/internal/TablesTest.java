package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepStatus;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's SQL: rows written together read back exactly as written. */
class TablesTest {
    @TempDir
    Path dir;
    private SqlConnection db;

    @BeforeEach
    void open() throws SQLException {
        Path file = dir.resolve("t.db");
        db = new SqlConnection(DriverManager.getConnection("jdbc:sqlite:" + file));
        Schema.apply(db, file);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void rowsOfOneShapeInsertedTogetherReadBackInOrderWithTheirNulls() throws SQLException {
        var rows = new ArrayList<Tables.StepValues>();
        var written = new ArrayList<StepRow>();
        for (int seq = 1; seq <= 37; seq++) { // 32 + 4 + 1 rows: three statements
            var row = completed(seq, "\"out-" + seq + "\"");
            written.add(row);
            rows.add(Tables.StepValues.of("run", row));
        }
        Tables.putSteps(db, rows);

        assertThat(Tables.steps(db, "run")).containsExactlyElementsOf(written);
    }

    @Test
    void aLaterRowOfTheSameStepReplacesTheEarlierOneAndClearsWhatItLeavesNull() throws SQLException {
        var running = StepRow.running(1, "call", StepKind.STEP, 1, "{\"q\":1}", 10L);
        var retrying = running.retrying(1, "{\"type\":\"E\",\"message\":\"m\"}", "[]", 20L);
        Tables.putStep(db, "run", retrying);
        var done = running.completed(2, "\"ok\"", "[]", 30L, null, null);
        Tables.putStep(db, "run", done);

        assertThat(Tables.steps(db, "run")).containsExactly(done);
    }

    @Test
    void rowsOfDifferentShapesAreRefusedAsOneInsert() {
        var rows = List.of(Tables.StepValues.of("run", completed(1, "\"a\"")),
                Tables.StepValues.of("run", completed(2, null)));
        assertThatThrownBy(() -> Tables.putSteps(db, rows)).isInstanceOf(IllegalArgumentException.class);
    }

    private static StepRow completed(int seq, String output) {
        return StepRow.running(seq, "step", StepKind.STEP, 1, null, 100L + seq).completed(1, output, null, 200L + seq,
                null, null);
    }
}
