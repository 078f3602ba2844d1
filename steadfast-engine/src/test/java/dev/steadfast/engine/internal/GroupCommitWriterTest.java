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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer under concurrent load, when a write throws an {@link Error}, and when the database has
 * no room left: what a write's caller relies on when {@code write} returns.
 */
class GroupCommitWriterTest {
    @TempDir
    Path dir;
    private SqlConnection connection;
    private GroupCommitWriter writer;
    private SqlConnection reader;
    private final ReentrantLock readerLock = new ReentrantLock();

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("w.db");
        connection = new SqlConnection(DriverManager.getConnection(url));
        connection.execute("PRAGMA journal_mode=WAL");
        connection.execute("CREATE TABLE t (writer INTEGER NOT NULL, n INTEGER NOT NULL, payload BLOB,"
                + " PRIMARY KEY (writer, n))");
        writer = new GroupCommitWriter(connection, "w.db");
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
        concurrently(writes, n -> {
            try {
                // every tenth write repeats the first row's key: a constraint failure
                int key = n % 10 == 0 ? 0 : n;
                writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (0, ?)", key));
            } catch (RuntimeException e) {
                failed.add(n);
            }
        });
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

    @Test
    void anErrorWhileApplyingAWriteFailsItsWaiterAloneAndTheWriterGoesOn() throws Exception {
        int writes = 300;
        var failed = new ConcurrentLinkedQueue<String>();
        concurrently(writes, n -> { // and none parked forever: concurrently() waits a bounded time
            try {
                writer.write(db -> {
                    db.update("INSERT INTO t (writer, n) VALUES (1, ?)", n);
                    if (n % 7 == 0) {
                        throw new StackOverflowError("write " + n); // after changing the database
                    }
                });
            } catch (StackOverflowError e) {
                failed.add(e.getMessage());
            }
        });
        assertThat(failed).hasSize(writes / 7).allMatch(m -> Integer.parseInt(m.substring(6)) % 7 == 0);
        assertThat(count("SELECT count(*) FROM t WHERE writer = 1")).as("the others committed; the failed ones' rows rolled back")
                .isEqualTo(writes - writes / 7);
        assertThat(count("SELECT count(*) FROM t WHERE writer = 1 AND n % 7 = 0")).isZero();
        writer.write(db -> db.update("INSERT INTO t (writer, n) VALUES (1, 1000)"));
        assertThat(count("SELECT count(*) FROM t WHERE writer = 1 AND n = 1000")).isEqualTo(1);
    }

    @Test
    void aFullDatabaseKeepsItsWritesWaitingAndCommitsThemOnceThereIsRoomAgain() throws Exception {
        int pages = count("PRAGMA page_count");
        connection.execute("PRAGMA max_page_count = " + (pages + 8));
        int writes = 40;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var done = new ArrayList<Future<?>>();
            for (int i = 1; i <= writes; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    writer.write(db -> db.update("INSERT INTO t (writer, n, payload) VALUES (2, ?, randomblob(3000))", n));
                    return null;
                }));
            }
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (writer.waitingFor() == null && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(writer.waitingFor()).as("the writer says what it waits for").contains("free space");
                Thread.sleep(300); // a few retries meanwhile
                assertThat(done).as("writes wait for room").anyMatch(f -> !f.isDone());
                for (Future<?> f : done) {
                    if (f.isDone()) {
                        f.get(); // those that fit went through; none failed for want of room
                    }
                }
            } finally {
                connection.execute("PRAGMA max_page_count = 1000000"); // room again, in the same process
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(count("SELECT count(*) FROM t WHERE writer = 2")).isEqualTo(writes);
        assertThat(writer.waitingFor()).isNull();
    }

    /** Calls {@code write} with 1..{@code writes}, each on a virtual thread of its own, all at once; waits for all. */
    private static void concurrently(int writes, java.util.function.IntConsumer write) throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var done = new ArrayList<Future<?>>();
            for (int i = 1; i <= writes; i++) {
                int n = i;
                done.add(pool.submit(() -> write.accept(n)));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
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
