package dev.steadfast.engine;

import static dev.steadfast.engine.TestEngines.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.run.RunStatus;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One executing owner per database file, whatever name it is opened by, checked with a second
 * process: a symlink, a hard link and a bind mount all meet the owner's lock, no lock file exists to
 * delete, and an owner whose lock was dropped under it commits nothing once another engine took the
 * file (the fence in the database).
 */
class SingleOwnerIT {
    @TempDir
    Path dir;

    /** Blocks in step "held" until {@link #RELEASE} opens, then records step "after". */
    static final class Held implements Workflow<String, String> {
        static final CountDownLatch ENTERED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        public String run(WorkflowContext ctx, String in) {
            String held = ctx.step("held", String.class, () -> {
                ENTERED.countDown();
                RELEASE.await();
                return in + " held";
            });
            return ctx.step("after", String.class, () -> held + " after");
        }
    }

    private static String openInChild(Path db) throws Exception {
        try (ChildJvm child = ChildJvm.start(OwnerChild.class, db.toString(), "OWNER")) {
            return child.await(l -> l.startsWith("REFUSED") || l.startsWith("READY"), WAIT);
        }
    }

    @Test
    void everyNameOfTheFileLeadsToTheOneOwner() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path db = home.resolve("x.db");
        String me = "pid " + ProcessHandle.current().pid();
        try (WorkflowEngine owner = EmbeddedEngine.builder().database(db).build()) {
            Path symlink = Files.createSymbolicLink(elsewhere.resolve("link.db"), db);
            assertThat(openInChild(symlink)).startsWith("REFUSED").contains("in use by another Steadfast engine", me);
            assertThatThrownBy(() -> EmbeddedEngine.builder().database(symlink).build())
                    .hasMessageContaining("in use by another Steadfast engine in this very process");

            Path hardLink = Files.createLink(elsewhere.resolve("hard.db"), db);
            assertThat(openInChild(hardLink)).startsWith("REFUSED").contains("has 2 names (hard links)");
            Files.delete(hardLink);

            try (var files = Files.list(home)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("no lock file to delete")
                        .containsExactlyInAnyOrder("x.db", "x.db-wal", "x.db-shm", "x.db-live");
            }

            if (ChildJvm.namespacesWork()) { // the same inode under another path, as a container would see it
                Path mount = dir.resolve("mount");
                try (ChildJvm child = ChildJvm.inNamespace(
                        "mkdir -p " + mount + " && mount --bind " + home + " " + mount,
                        OwnerChild.class,
                        mount.resolve("x.db").toString(),
                        "OWNER")) {
                    assertThat(child.await(l -> l.startsWith("REFUSED") || l.startsWith("READY"), WAIT))
                            .startsWith("REFUSED")
                            .contains("in use by another Steadfast engine", me);
                }
            }
        }
        assertThat(openInChild(elsewhere.resolve("link.db")))
                .as("released on close")
                .startsWith("READY");
    }

    @Test
    void theOwnersOwnReadsThroughSqliteKeepItsLock() throws Exception {
        Path db = dir.resolve("kept.db");
        try (WorkflowEngine owner = EmbeddedEngine.builder().database(db).build()) {
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    var rs = c.createStatement().executeQuery("SELECT count(*) FROM runs")) {
                assertThat(rs.next()).isTrue();
            }
            FileChannel.open(db, StandardOpenOption.READ).close(); // would drop a POSIX lock of this process
            EmbeddedEngine.builder()
                    .database(db)
                    .access(Access.READ_ONLY)
                    .build()
                    .close();
            assertThat(openInChild(db)).startsWith("REFUSED").contains("in use by another Steadfast engine");
        }
    }

    @Test
    void anOwnerWhoseLockWasDroppedCommitsNothingOnceAnotherEngineTookTheFile() throws Exception {
        Path db = dir.resolve("fenced.db");
        try (WorkflowEngine stale =
                EmbeddedEngine.builder().database(db).register(new Held()).build()) {
            stale.start(Held.class, "h-1", "in");
            assertThat(Held.ENTERED.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            dropOsLock(stale); // as when the fallback lock file is deleted, or a network file system's lease ends

            // an owner that does not know the held workflow: it takes the file and leaves the run as it is
            try (ChildJvm other = ChildJvm.start(OwnerChild.class, db.toString(), "OWNER")) {
                assertThat(other.await(l -> l.startsWith("REFUSED") || l.startsWith("READY"), WAIT))
                        .as("the lock was dropped, so another engine gets in")
                        .startsWith("READY");
                Held.RELEASE.countDown(); // the stale owner's step returns and tries to commit

                long deadline = System.nanoTime() + WAIT.toNanos();
                String refusal = null;
                while (refusal == null && System.nanoTime() < deadline) {
                    try {
                        stale.signal("h-1", "poke", "x");
                        Thread.sleep(50);
                    } catch (IllegalStateException e) {
                        refusal = e.getMessage();
                    }
                }
                assertThat(refusal)
                        .as("the stale engine stops and says why")
                        .isNotNull()
                        .contains("lost ownership", "pid " + other.pid());
            }
        }
        try (WorkflowEngine reader =
                EmbeddedEngine.builder().database(db).access(Access.READ_ONLY).build()) {
            assertThat(reader.describe("h-1").status())
                    .as("not failed: it goes on in the owner")
                    .isEqualTo(RunStatus.RUNNING);
            assertThat(reader.history("h-1"))
                    .as("nothing the stale owner did after losing the file was committed")
                    .noneMatch(s -> s.status() == StepStatus.COMPLETED);
        }
    }

    private static void dropOsLock(WorkflowEngine engine) throws Exception {
        Field store = engine.getClass().getDeclaredField("store");
        store.setAccessible(true);
        Object s = store.get(engine);
        Method release = s.getClass().getDeclaredMethod("releaseOsLock");
        release.setAccessible(true);
        release.invoke(s);
    }

    @Test
    void aReadOnlyLocationGivesAClearErrorToOwnersAndIsReadableReadOnly() throws Exception {
        assumeTrue(ChildJvm.namespacesWork(), "needs unprivileged user and mount namespaces");
        Path db = dir.resolve("ro.db");
        try (WorkflowEngine owner = EmbeddedEngine.builder()
                .database(db)
                .register(new OwnerChild.Counting())
                .build()) {
            owner.start(OwnerChild.Counting.class, "c-1", 2).result(WAIT);
        }
        Path mount = dir.resolve("ro");
        String setup = "mkdir -p " + mount + " && mount -t tmpfs -o size=4m tmpfs " + mount + " && cp " + db + " "
                + mount + " && mount -o remount,ro " + mount;
        for (String access : new String[] {"OWNER", "STEER_ONLY", "READ_ONLY"}) {
            try (ChildJvm child = ChildJvm.inNamespace(
                    setup, OwnerChild.class, mount.resolve("ro.db").toString(), access)) {
                String said = child.await(l -> l.startsWith("REFUSED") || l.startsWith("READY"), WAIT);
                if (access.equals("READ_ONLY")) {
                    assertThat(said).isEqualTo("READY runs=1");
                } else {
                    assertThat(said)
                            .as(access)
                            .startsWith("REFUSED")
                            .contains("is not writable", "READ_ONLY")
                            .doesNotContain("SQLITE_");
                }
            }
        }
    }
}
