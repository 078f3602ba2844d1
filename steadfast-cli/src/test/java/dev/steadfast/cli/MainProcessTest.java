package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code main} in a child JVM with piped output: exit codes, streams, no terminal escapes. */
class MainProcessTest {
    @TempDir
    static Path dir;
    static Path db;

    record Exit(int code, String out, String err) {}

    @BeforeAll
    static void seed() {
        db = dir.resolve("process.db");
        TestRuns.seed(db);
    }

    static Exit main(String... args) throws IOException, InterruptedException {
        return mainOn(System.getProperty("java.class.path"), args);
    }

    /** The real {@code main} on {@code classpath}. */
    static Exit mainOn(String classpath, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Exit(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void exitCodesAndStreamsOfTheRealMain() throws Exception {
        Exit list = main("runs", "list", "--db", db.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("mail-1", "charge-1").doesNotContain("\u001b");

        Exit missing = main("runs", "show", "nope", "--db", db.toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err().strip()).startsWith("steadfast: no run 'nope' in ").endsWith("steadfast runs list --db " + db);

        assertThat(main("runs", "show").code()).isEqualTo(2);
    }

    @Test
    void anUnreachableTemporalIsNamedWithWhatToCheckAndNoJdkWarnings() throws Exception {
        Exit r = main("runs", "list", "--temporal", "127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("could not reach Temporal at 127.0.0.1:1", "Connection refused", "steadfast temporal dev-server")
                .doesNotContain("WARNING").doesNotContain("sun.misc.Unsafe");
    }
}
