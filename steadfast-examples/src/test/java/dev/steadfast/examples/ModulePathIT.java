package dev.steadfast.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testserver.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steadfast's modules on the module path, as a modular application uses them: a named module
 * (src/test/modulepath) that requires the embedded engine, the test models and the Temporal engine is
 * compiled against the packaged jars and run in a child JVM. Its module path holds our modules and
 * every module they require; all else (Temporal's SDK and its dependencies) stays on the class path,
 * which the automatic module {@code dev.steadfast.temporal} reads.
 */
class ModulePathIT {
    private static final String APP = "dev.steadfast.modulecheck";
    private static final List<String> ROOTS = List.of("dev.steadfast.engine", "dev.steadfast.testing", "dev.steadfast.temporal");

    @Test
    void anAgentRunsPlainlyAndOnBothEnginesOnTheModulePath(@TempDir Path dir) throws Exception {
        Map<String, Path> modules = new HashMap<>();
        var classPath = new ArrayList<Path>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = moduleName(p);
            if (name != null) {
                modules.putIfAbsent(name, p);
            }
            classPath.add(p);
        }
        for (String root : ROOTS) {
            assertThat(modules).as("module %s on the test class path, as a packaged jar (run with mvn verify)", root)
                    .containsKey(root);
        }
        Set<Path> modulePath = closure(modules);
        classPath.removeAll(modulePath);

        Path out = dir.resolve("classes");
        Path src = Path.of("src/test/modulepath", APP);
        List<String> javac = new ArrayList<>(List.of("-d", out.toString(), "-parameters", "-Xlint:all,-path,-requires-automatic", "-Werror",
                "--module-path", join(modulePath)));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> javac.add(f.toString()));
        }
        var compileErrors = new ByteArrayOutputStream();
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, compileErrors, compileErrors, javac.toArray(String[]::new));
        assertThat(compiled).as("javac of the application module:\n%s", compileErrors).isZero();

        int port = freePort();
        try (var server = TestServer.createPortBoundServer(port, true)) {
            var mp = new ArrayList<>(modulePath);
            mp.add(out);
            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=org.xerial.sqlitejdbc", "--module-path", join(mp), "-cp", join(classPath),
                    "-m", APP + "/" + APP + ".Main", dir.resolve("check.db").toString(), "127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the child ended").isTrue();
            String output = Files.readString(log);
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output)
                    .contains("modules " + APP + " dev.steadfast.core dev.steadfast.engine dev.steadfast.temporal")
                    .contains("plain Answer[text=MODULE, lookups=1]")
                    .contains("embedded Answer[text=MODULE, lookups=1] steps 3")
                    .contains("temporal Answer[text=MODULE, lookups=1] steps 3")
                    .contains("tool calls 3");
        }
    }

    /** Our root modules and every module they require, transitively, as paths. */
    private static Set<Path> closure(Map<String, Path> modules) {
        var paths = new LinkedHashSet<Path>();
        var todo = new ArrayDeque<>(ROOTS);
        var seen = new java.util.HashSet<String>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            Path p = modules.get(name);
            if (!seen.add(name) || p == null) {
                continue; // a JDK module, or an optional one that is not there
            }
            paths.add(p);
            ModuleDescriptor d = ModuleFinder.of(p).find(name).orElseThrow().descriptor();
            d.requires().forEach(r -> todo.add(r.name()));
        }
        return paths;
    }

    /** The module a jar declares (module-info or Automatic-Module-Name), or null for a plain jar. */
    private static String moduleName(Path p) {
        if (!p.toString().endsWith(".jar")) {
            return null;
        }
        try {
            ModuleReference ref = ModuleFinder.of(p).findAll().stream().findFirst().orElse(null);
            if (ref == null) {
                return null;
            }
            ModuleDescriptor d = ref.descriptor();
            if (d.isAutomatic() && !hasAutomaticModuleName(p)) {
                return null; // a name guessed from the file name: not a module anyone requires
            }
            return d.name();
        } catch (FindException e) {
            return null;
        }
    }

    private static boolean hasAutomaticModuleName(Path jar) {
        try (var j = new java.util.jar.JarFile(jar.toFile())) {
            return j.getManifest() != null && j.getManifest().getMainAttributes().getValue("Automatic-Module-Name") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String join(java.util.Collection<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
