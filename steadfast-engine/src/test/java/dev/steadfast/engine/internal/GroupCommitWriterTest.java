package dev.steadfast.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer under concurrent load: what a write's caller relies on when {@code write} returns. */
class GroupCommitWriterTest {
    @TempDir
    Path dir;
    private GroupCommitWriter writer;
    private SqlConnection reader;
    private final ReentrantLock readerLock = new ReentrantLock();

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("w.db");
        var db = new SqlConnection(DriverManager.getConnection(url));
        db.execute("PRAGMA journal_mode=WAL");
        db.execute("CREATE TABLE t (writer INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (writer, n))");
        writer = new GroupCommitWriter(db, "w.db");
        reader = new SqlConnection(DriverManager.getConnection(url));
    }

    @AfterEach
    void close() {
        writer.close();
        reader.close();
    }

    @Test
    void everyWriteIsCommittedWhenWriteReturnsEvenWhenManyThreadsWriteAtOnce() throws Exception {
        int threads = 300;
        int writesEach = 20;
        var unseen = new ConcurrentLinkedQueue<String>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var done = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int w = t;
                done.add(pool.submit(() -> {
                    for (int n = 0; n < writesEach; n++) {
                        int row = n;
                        writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (?, ?)", w, row));
                        // committed means visible to another connection at once
                        if (count("SELECT count(*) FROM t WHERE writer = " + w + " AND n = " + row) != 1) {
                            unseen.add(w + "/" + row);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(unseen).isEmpty();
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(threads * writesEach);
    }

    @Test
    void aFailingWriteFailsAloneAndTheWritesGroupedWithItAreCommitted() throws Exception {
        writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (0, 0)"));
        int writes = 400;
        var failed = new ConcurrentLinkedQueue<Integer>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var done = new ArrayList<Future<?>>();
            for (int i = 1; i <= writes; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    try {
                        // every tenth write repeats the first row's key: a constraint failure
                        int key = n % 10 == 0 ? 0 : n;
                        writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (0, ?)", key));
                    } catch (RuntimeException e) {
                        failed.add(n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(failed).hasSize(writes / 10).allMatch(n -> n % 10 == 0);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(1 + writes - writes / 10);
    }

    @Test
    void anInterruptedThreadsWriteIsStillDurableAndItKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (7, 1)"));
        assertThat(Thread.interrupted()).isTrue();
        writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (7, 2)"));
        assertThat(count("SELECT count(*) FROM t WHERE writer = 7")).isEqualTo(2);
    }

    @Test
    void interruptsAtAnyMomentNeitherFailAWriteNorStopTheWriter() throws Exception {
        int threads = 8;
        int writesEach = 150;
        var writers = new ArrayList<Thread>();
        var failures = new ConcurrentLinkedQueue<Throwable>();
        for (int t = 0; t < threads; t++) {
            int w = 100 + t;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < writesEach; n++) {
                    int row = n;
                    try {
                        writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (?, ?)", w, row));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        var random = new java.util.Random(7);
        while (writers.stream().anyMatch(Thread::isAlive)) {
            writers.get(random.nextInt(threads)).interrupt();
            Thread.sleep(0, 200_000);
        }
        for (Thread t : writers) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(count("SELECT count(*) FROM t WHERE writer >= 100")).isEqualTo(threads * writesEach);
        writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (99, 0)"));
        assertThat(count("SELECT count(*) FROM t WHERE writer = 99")).isEqualTo(1);
    }

    @Test
    void aWriteAfterCloseIsRefused() {
        writer.close();
        assertThatThrownBy(() -> writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (1, 1)")))
                .isInstanceOf(EngineClosedError.class);
    }

    /** Counts on the one reader connection (a connection has one user at a time). */
    private int count(String sql) {
        readerLock.lock();
        try {
            List<Integer> rows = reader.query(sql, rs -> rs.getInt(1));
            return rows.get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            readerLock.unlock();
        }
    }
}
