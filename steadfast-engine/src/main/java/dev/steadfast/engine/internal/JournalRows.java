package dev.steadfast.engine.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** How the writer applies a group: in order, with consecutive journal rows of one shape as one multi-row INSERT. */
final class JournalRows {
    private JournalRows() {}

    /** The commonest write, one journal row: consecutive ones of one shape are inserted together. */
    record StepWrite(Tables.StepValues row) implements GroupCommitWriter.Write {
        @Override
        public void apply(SqlConnection db) throws SQLException {
            Tables.putSteps(db, List.of(row));
        }
    }

    /** Applies the writes of {@code batch} in order. */
    static void apply(SqlConnection db, List<PendingWrite> batch) throws SQLException {
        int i = 0;
        while (i < batch.size()) {
            if (!(batch.get(i).write instanceof StepWrite first)) {
                batch.get(i++).write.apply(db);
                continue;
            }
            var rows = new ArrayList<Tables.StepValues>();
            rows.add(first.row());
            i++;
            while (i < batch.size() && batch.get(i).write instanceof StepWrite next
                    && next.row().shape() == first.row().shape()) {
                rows.add(next.row());
                i++;
            }
            Tables.putSteps(db, rows);
        }
    }
}
