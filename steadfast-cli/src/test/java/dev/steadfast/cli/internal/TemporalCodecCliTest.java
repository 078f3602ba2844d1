package dev.steadfast.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.cli.Main;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.payload.codec.ZlibPayloadCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs written through a payload codec are read by the CLI with the same codec, named once (option or environment),
 * and without it the CLI says which encoding it met and how to give the codec. mTLS files are checked up front.
 */
class TemporalCodecCliTest {
    private static final String ZLIB = ZlibPayloadCodec.class.getName();

    /** One step whose result is easy to find in the output. */
    public static final class Shout implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String text) {
            return ctx.step("shout", String.class, () -> text.toUpperCase(java.util.Locale.ROOT) + "!");
        }
    }

    static LoopbackTestServer server;
    static String target;

    @BeforeAll
    static void writeARunWithTheCodec() throws Exception {
        server = LoopbackTestServer.start("127.0.0.1", 0);
        target = "127.0.0.1:" + server.port();
        try (WorkflowEngine engine = TemporalEngine.builder()
                .target(target)
                .taskQueue("zipped")
                .payloadCodecs(new ZlibPayloadCodec())
                .register(new Shout())
                .build()) {
            assertThat(engine.start(Shout.class, "zipped-1", "quiet words").result(Duration.ofSeconds(30)))
                    .isEqualTo("QUIET WORDS!");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Result(int code, String out, String err) {}

    private static Result cli(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env, false);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void theCliShowsARunWrittenWithACodecWhenGivenThatCodec() {
        Result r = cli(Map.of(), "runs", "show", "zipped-1", "--json", "--temporal", target, "--codec", ZLIB);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("shout", "quiet words", "QUIET WORDS!");

        Result fromEnv = cli(
                Map.of("STEADFAST_TEMPORAL", target, "STEADFAST_TEMPORAL_CODECS", ZLIB),
                "runs",
                "show",
                "zipped-1",
                "--step",
                "1");
        assertThat(fromEnv.code()).as(fromEnv.toString()).isZero();
        assertThat(fromEnv.out()).contains("QUIET WORDS!");
    }

    @Test
    void runsAreListedByAnIdTheyContain() {
        Map<String, String> env = Map.of("STEADFAST_TEMPORAL", target, "STEADFAST_TEMPORAL_CODECS", ZLIB);
        Result hit = cli(env, "runs", "list", "--id", "pped-");
        assertThat(hit.code()).as(hit.toString()).isZero();
        assertThat(hit.out()).contains("zipped-1");
        Result miss = cli(env, "runs", "list", "--id", "nothing-like-it");
        assertThat(miss.code()).as(miss.toString()).isZero();
        assertThat(miss.out()).doesNotContain("zipped-1");
        // with the search attributes (registered on first use), a run with none is never WAITING
        Result waiting = cli(env, "runs", "list", "--search-attributes", "--status", "waiting");
        assertThat(waiting.code()).as(waiting.toString()).isZero();
        assertThat(waiting.out()).doesNotContain("zipped-1");
        assertThat(cli(env, "runs", "list", "--search-attributes", "--status", "completed")
                        .out())
                .contains("zipped-1");
    }

    @Test
    void withoutTheCodecItNamesTheEncodingAndHowToGiveIt() {
        Result r = cli(Map.of(), "runs", "show", "zipped-1", "--temporal", target);
        assertThat(r.code()).as(r.toString()).isEqualTo(CliException.FAILURE);
        assertThat(r.err()).contains("'binary/zlib'", "--codec", "STEADFAST_TEMPORAL_CODECS");
        assertThat(r.out()).doesNotContain("QUIET WORDS!");
    }

    @Test
    void codecAndTlsOptionsThatCannotWorkAreRefusedWithWhatToDo() {
        Result unknown = cli(Map.of(), "runs", "list", "--temporal", target, "--codec", "com.example.NoSuchCodec");
        assertThat(unknown.code()).isEqualTo(CliException.USAGE);
        assertThat(unknown.err()).contains("com.example.NoSuchCodec", "not on the class path", "STEADFAST_CLASSPATH");

        Result notACodec = cli(Map.of(), "runs", "list", "--temporal", target, "--codec", String.class.getName());
        assertThat(notACodec.code()).isEqualTo(CliException.USAGE);
        assertThat(notACodec.err()).contains("is not an io.temporal.payload.codec.PayloadCodec");

        Result certOnly = cli(Map.of(), "runs", "list", "--temporal", target, "--tls-cert", "pom.xml");
        assertThat(certOnly.code()).isEqualTo(CliException.USAGE);
        assertThat(certOnly.err()).contains("--tls-cert and --tls-key");

        Result missing = cli(
                Map.of(), "runs", "list", "--temporal", target, "--tls-cert", "no/cert.pem", "--tls-key", "no/key.pem");
        assertThat(missing.code()).isEqualTo(CliException.USAGE);
        assertThat(missing.err()).contains("no/cert.pem");
    }

    @Test
    void codecsAreFoundAsServicesOnTheClassPathAndNamedOnesAreAddedOnce(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.temporal.payload.codec.PayloadCodec"), ZLIB + "\n");
        try (var jar =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(Codecs.load(List.of(), jar)).singleElement().isInstanceOf(ZlibPayloadCodec.class);
            assertThat(Codecs.load(List.of(ZLIB), jar)).hasSize(1); // the service, not a second copy
        }
        assertThat(Codecs.load(List.of(), getClass().getClassLoader())).isEmpty();
        assertThat(Codecs.fromEnv(" a.B , c.D,,")).containsExactly("a.B", "c.D");
    }
}
