package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steadfast.run.StepKind;
import dev.steadfast.run.StepStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a group of journal rows costs the disk. The writer inserts a group's rows as multi-row
 * INSERTs; SQLite keeps a statement journal for each, and once that passed 64 KiB it went to a
 * temporary file: a group of 1,000 runs' steps wrote 2.4–3 times the bytes of the rows inserted one
 * statement each. Measured with Linux's count of bytes this process hands to {@code write}.
 */
class WriteAmplificationTest {
    private static final Path IO = Path.of("/proc/self/io");
    private static final int ROUNDS = 10;
    private static final int RUNS = 1000;

    @TempDir
    Path dir;

    @Test
    void groupedJournalRowsWriteNoMoreBytesThanTheSameRowsInsertedOneByOne() throws IOException {
        assumeTrue(Files.isReadable(IO), "needs /proc/self/io (Linux)");
        long grouped;
        long oneByOne;
        try (var a = SqliteStore.openOwned(dir.resolve("grouped.db"), true);
             var b = SqliteStore.openOwned(dir.resolve("one-by-one.db"), true)) {
            grouped = 0;
            oneByOne = 0;
            for (int round = 0; round < ROUNDS; round++) {
                List<Tables.StepValues> rows = rows(round);
                long before = bytesWritten();
                a.writer().write(db -> Tables.putSteps(db, rows));
                long between = bytesWritten();
                b.writer().write(db -> {
                    for (Tables.StepValues row : rows) {
                        Tables.putSteps(db, List.of(row));
                    }
                });
                long after = bytesWritten();
                grouped += between - before;
                oneByOne += after - between;
            }
        }
        assertThat(oneByOne).as("bytes written one by one").isGreaterThan(500_000);
        assertThat(grouped).as("bytes written by multi-row inserts, against %d one by one", oneByOne)
                .isLessThan(oneByOne * 13 / 10);
    }

    /** One step of each of {@link #RUNS} runs, as a group commit of that many runs holds them. */
    private static List<Tables.StepValues> rows(int step) {
        var rows = new ArrayList<Tables.StepValues>(RUNS);
        long now = System.currentTimeMillis();
        for (int r = 0; r < RUNS; r++) {
            var row = StepRow.completedAt(step + 1, "step", StepKind.STEP, "\"xxxxxxxxxxxxxxxx\"", now);
            rows.add(Tables.StepValues.of("run-" + r, row));
        }
        return rows;
    }

    private static long bytesWritten() throws IOException {
        for (String line : Files.readAllLines(IO)) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring("wchar:".length()).strip());
            }
        }
        throw new IllegalStateException("no wchar line in " + IO);
    }
}
