package dev.steadfast.testing.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Param;
import dev.steadfast.agent.Tool;
import dev.steadfast.testing.ScriptedModel;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentBuildErrorsTest {
    private final ScriptedModel model = new ScriptedModel();

    static class A {
        @Tool("search")
        String search(String q) {
            return q;
        }
    }

    static class B {
        @Tool("search too")
        String search(String q) {
            return q;
        }
    }

    static class NoTools {
        String search(String q) {
            return q;
        }
    }

    static class Reserved {
        @Tool("clash")
        String final_result(String q) {
            return q;
        }
    }

    static class BadTimeout {
        @Tool(value = "slow", timeout = "soon")
        String slow() {
            return "";
        }
    }

    /** Jackson cannot build this from an object: two one-argument constructors and no creator. */
    static final class Opaque {
        Opaque(String name) {}

        Opaque(int id) {}
    }

    @Test
    void aToolNameUsedTwice() {
        assertThatThrownBy(() -> Agent.builder().model(model).tools(new A(), new B()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tool name 'search' is used twice: A.search and B.search — rename one with @Tool(name = \"...\")");
    }

    @Test
    void anObjectWithoutTools() {
        assertThatThrownBy(() -> Agent.builder().model(model).tools(new NoTools()).build())
                .hasMessageContaining("NoTools has no @Tool methods");
    }

    @Test
    void aToolNamedLikeTheOutputTool() {
        record Out(String x) {}
        assertThatThrownBy(() -> Agent.builder().model(model).tools(new Reserved()).output(Out.class).build())
                .hasMessageContaining("Tool name 'final_result' on Reserved.final_result is reserved for the output");
    }

    @Test
    void anOutputTypeJacksonCannotBuild() {
        assertThatThrownBy(() -> Agent.builder().model(model).output(Opaque.class).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Output type " + Opaque.class.getName() + " cannot be built by Jackson")
                .hasMessageEndingWith("use a record or add a @JsonCreator constructor");
    }

    @Test
    void aBadDuration() {
        assertThatThrownBy(() -> Agent.builder().model(model).tools(new BadTimeout()).build())
                .hasMessage("@Tool(timeout) on BadTimeout.slow: 'soon' is not a duration; write it like 500ms, 5s, 2m, 1h, 1d or PT5S");
    }

    @Test
    void aBadAgentName() {
        assertThatThrownBy(() -> Agent.builder().name("my agent"))
                .hasMessage("agent name must be 1-48 letters, digits, '_' or '-' but was 'my agent'");
    }

    @Test
    void aToolCompiledWithoutParameterNames(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("Legacy.java");
        Files.writeString(src, """
                public class Legacy {
                    @dev.steadfast.agent.Tool("look things up")
                    public String lookup(String query, int limit) { return query; }
                }
                """);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-cp", System.getProperty("java.class.path"), "-d", dir.toString(), src.toString());
        org.assertj.core.api.Assertions.assertThat(rc).isZero();
        try (var loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Object legacy = loader.loadClass("Legacy").getConstructor().newInstance();
            assertThatThrownBy(() -> Agent.builder().model(model).tools(legacy).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Tool 'lookup' on Legacy.lookup: parameter 1 has no name — compile with -parameters or add @Param(name = \"...\")");
        }
    }
}
