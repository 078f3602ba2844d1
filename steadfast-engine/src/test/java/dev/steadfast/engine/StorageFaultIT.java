package dev.steadfast.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the engine runs in a child process on a 4 MiB tmpfs (mounted in a user and
 * mount namespace of its own, so no privilege is needed), whose space a ballast file mostly takes.
 * Runs fill the rest; writing stops with SQLITE_FULL; the runs stay RUNNING and the log says what
 * the engine waits for; once the ballast is deleted the same process writes again, without a
 * restart, and every run completes with its full result and no failed attempt.
 *
 * <p>Why a tmpfs and not {@code max_page_count} or {@code RLIMIT_FSIZE}: only a real file system
 * fails where SQLite really writes (the WAL append, the checkpoint, the fsync), with the errno a
 * full disk gives; a page limit fails inside SQLite before any I/O, and a file size limit kills
 * the process with SIGXFSZ unless it is ignored.
 */
class StorageFaultIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aFullDiskStopsWritingWithoutFailingAnyRunAndWritingResumesOnceSpaceIsBack() throws Exception {
        assumeTrue(ChildJvm.namespacesWork(), "needs unprivileged user and mount namespaces for a small tmpfs");
        Path mount = dir.resolve("small");
        int runs = 4; // 4 x 12 steps of 16 KB: about 1 MB of journal, most of it in the WAL until a checkpoint
        try (ChildJvm child = ChildJvm.inNamespace("mkdir -p " + mount + " && mount -t tmpfs -o size=4m tmpfs " + mount,
                DiskFullChild.class, mount.resolve("full.db").toString(), String.valueOf(3584 * 1024))) {
            child.await("READY"::equals, WAIT);
            child.send("start " + runs);
            String warning = child.await(l -> l.contains("Cannot write to"), WAIT);
            assertThat(warning).contains("SQLITE_FULL", "stays as it is (RUNNING)", "free space on the disk");

            child.send("status");
            // a run may have completed before the disk filled; none may have failed for it
            assertThat(child.await(l -> l.startsWith("STATUS"), WAIT)).contains("RUNNING").doesNotContain("FAILED");

            child.send("free");
            child.await(l -> l.contains("Writing to") && l.contains("again after"), WAIT);
            child.send("results");
            child.await("DONE"::equals, WAIT);

            List<String> results = new ArrayList<>();
            for (String line : child.output().split("\n")) {
                if (line.startsWith("RESULT ")) {
                    results.add(line);
                }
            }
            int expected = DiskFullChild.STEPS * 16 * 1024; // base64 of 12 KiB is 16 KiB of text
            assertThat(results).hasSize(runs).allSatisfy(r -> assertThat(r).endsWith(" " + expected
                    + " COMPLETED attempts=1"));
            assertThat(child.output()).as("no run was given up on, and no log line promised a restart")
                    .doesNotContain("resumes when the engine restarts", "FAILED");
        }
    }
}
