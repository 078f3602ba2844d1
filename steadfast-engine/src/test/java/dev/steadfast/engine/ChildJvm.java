package dev.steadfast.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second process for the tests that need one: a child JVM on this class path, talked to by lines
 * on its stdin and stdout. {@link #inNamespace} starts it as root of a user and mount namespace of
 * its own, after a shell {@code setup} (mounts: a small tmpfs, a bind mount, a read-only remount),
 * which needs no privilege on the host. Public (in the engine's test jar) for other modules' crash tests.
 */
public final class ChildJvm implements AutoCloseable {
    private static Boolean namespaces;

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed
            }
            lines.add("\u0000EOF");
        });
    }

    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        return new ChildJvm(new ProcessBuilder(javaCommand(main, args))
                .redirectErrorStream(true)
                .start());
    }

    /** Starts the child after {@code setup} (a shell script) as root of new user and mount namespaces. */
    static ChildJvm inNamespace(String setup, Class<?> main, String... args) throws IOException {
        var script = new StringBuilder(setup).append(" && exec");
        for (String a : javaCommand(main, args)) {
            script.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return new ChildJvm(
                new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script.toString())
                        .redirectErrorStream(true)
                        .start());
    }

    /** Whether this machine lets an unprivileged process make user and mount namespaces (and mount a tmpfs in them). */
    static synchronized boolean namespacesWork() {
        if (namespaces == null) {
            try {
                Process p = new ProcessBuilder(
                                "unshare",
                                "--user",
                                "--map-root-user",
                                "--mount",
                                "sh",
                                "-c",
                                "d=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs $d && umount $d && rmdir $d")
                        .redirectErrorStream(true)
                        .start();
                namespaces = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                namespaces = false;
            }
        }
        return namespaces;
    }

    private static List<String> javaCommand(Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var cmd = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a line that {@code wanted} accepts and returns it; fails with all output if the child ends first. */
    public String await(Predicate<String> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals("\u0000EOF")) {
                if (line != null) {
                    lines.add(line);
                }
                throw new AssertionError((line == null ? "no wanted line within " + within : "the child ended")
                        + "; its output:\n" + output);
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    public String output() {
        return output.toString();
    }

    /** SIGKILL: no shutdown hook, no close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
