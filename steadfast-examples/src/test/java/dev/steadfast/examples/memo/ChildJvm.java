package dev.steadfast.examples.memo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class run in a child JVM (the same {@code java} binary and class path as this
 * test), so a test can kill it for real. Its stdout is read line by line; its stderr goes to a file
 * shown when something goes wrong. Close it in a {@code finally} (or try-with-resources): a child
 * still alive is killed.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(dir, CrashingMain.class, db.toString())) {
 *     child.awaitLine("CLUSTERING", Duration.ofSeconds(30));
 *     child.kill();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread.ofVirtual().name("child-stdout-" + process.pid()).start(this::pump);
    }

    /** Starts {@code mainClass} with {@code args}; {@code dir} receives the child's stderr. */
    public static ChildJvm start(Path dir, Class<?> mainClass, String... args) throws IOException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(dir, mainClass.getSimpleName(), ".stderr");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(p, stderr);
    }

    private void pump() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the child was killed: its stdout is gone
        } finally {
            lines.add(EOF);
        }
    }

    /** Waits up to {@code timeout} for a stdout line equal to {@code expected}; fails if the child exits first. */
    public void awaitLine(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("The child printed no '" + expected + "' within " + timeout + diagnostics());
            }
            if (line.equals(EOF)) {
                throw new AssertionError("The child ended before printing '" + expected + "'" + diagnostics());
            }
            seen.add(line);
            if (line.equals(expected)) {
                return;
            }
        }
    }

    /** SIGKILL: no shutdown hooks, no finally blocks, no clean close of the database. Waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("The child (pid " + process.pid() + ") did not die within 10 s of SIGKILL");
        }
    }

    private String diagnostics() {
        String err;
        try {
            err = Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err = "(unreadable: " + e + ")";
        }
        return ". Alive: " + process.isAlive() + (process.isAlive() ? "" : ", exit code " + process.exitValue())
                + ". Stdout so far: " + seen + ". Stderr:\n" + err;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
