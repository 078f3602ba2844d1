package dev.steadfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class path {@code ./steadfast} runs the CLI with: {@code target/runtime.classpath}, which the
 * build writes (the parent pom's {@code runtime-classpath} execution) and the launcher copies. It once
 * held every test library of the tree (JUnit, AssertJ, Selenium, Temporal's testing kit: 98 entries
 * instead of 58) because the launcher's scope filter was a property the plugin does not read.
 */
class RuntimeClasspathTest {
    static final Path FILE = Path.of("target", "runtime.classpath");

    /** Repository paths ({@code group/as/dirs/artifact/}) of libraries that only tests may use. */
    static final List<String> TEST_ONLY = List.of("/org/junit/", "/org/opentest4j/", "/org/assertj/",
            "/org/seleniumhq/", "/io/temporal/temporal-testing/", "/org/mockito/", "/net/bytebuddy/");

    static List<String> entries() throws Exception {
        assertThat(FILE).as("written by the build before the tests (mvn generate-test-resources)").exists();
        return Arrays.stream(Files.readString(FILE).strip().split(File.pathSeparator))
                .map(e -> e.replace(File.separatorChar, '/'))
                .toList();
    }

    @Test
    void holdsNoTestLibrary() throws Exception {
        List<String> entries = entries();
        assertThat(entries).anyMatch(e -> e.contains("/info/picocli/"))
                .anyMatch(e -> e.contains("steadfast-core"))
                .anyMatch(e -> e.contains("/io/temporal/temporal-test-server/")); // `temporal dev-server` runs it
        for (String lib : TEST_ONLY) {
            assertThat(entries).as("test library %s on the CLI's run-time class path", lib).noneMatch(e -> e.contains(lib));
        }
    }

    @Test
    void theCliRunsOnItAndSaysNothingElse(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("classpath.db");
        TestRuns.seed(db);
        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + Files.readString(FILE).strip();

        MainProcessTest.Exit list = MainProcessTest.mainOn(classpath, "runs", "list", "--db", db.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("mail-1", "charge-1");
        assertThat(list.err()).as("no SLF4J or JUL chatter on a plain command").isEmpty();
    }
}
