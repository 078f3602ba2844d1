package dev.steadfast.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library modules' public face, read from their compiled classes: small public packages, no
 * internal type in a public signature, and core's packages depending one way.
 */
class ApiSurfaceTest {
    private static final List<String> LIBRARIES = List.of("steadfast-core", "steadfast-testing", "steadfast-engine",
            "steadfast-openai", "steadfast-anthropic", "steadfast-temporal");
    private static final Pattern TYPE_REF = Pattern.compile("dev/steadfast/[A-Za-z0-9_/$]+");

    @Test
    void noPublicPackageHoldsMoreThanFifteenPublicTypes() throws IOException {
        var counts = new TreeMap<String, Integer>();
        for (ClassFile c : classes()) {
            if (c.isPublicTopLevel() && !c.isInternal() && !c.simpleName().equals("package-info")) {
                counts.merge(c.pkg(), 1, Integer::sum);
            }
        }
        assertThat(counts).as("public packages found").containsKeys("dev.steadfast.agent", "dev.steadfast.workflow");
        assertThat(counts).allSatisfy((pkg, n) -> assertThat(n).as("public top-level types in %s", pkg).isLessThanOrEqualTo(15));
    }

    @Test
    void noPublicSignatureNamesAnInternalType() throws Exception {
        var offenders = new ArrayList<String>();
        for (ClassFile c : classes()) {
            if (c.isInternal() || c.simpleName().equals("package-info") || c.simpleName().equals("module-info")) {
                continue;
            }
            Class<?> type = Class.forName(c.name(), false, getClass().getClassLoader());
            if (!isVisible(type)) {
                continue;
            }
            check(type.getName() + " extends", type.getGenericSuperclass(), offenders);
            for (var i : type.getGenericInterfaces()) {
                check(type.getName() + " implements", i, offenders);
            }
            for (var m : type.getDeclaredMethods()) {
                if (visible(m) && !m.isSynthetic()) {
                    check(m.toGenericString(), m.getGenericReturnType(), offenders);
                    for (var p : m.getGenericParameterTypes()) {
                        check(m.toGenericString(), p, offenders);
                    }
                }
            }
            for (var k : type.getDeclaredConstructors()) {
                if (visible(k)) {
                    for (var p : k.getGenericParameterTypes()) {
                        check(k.toGenericString(), p, offenders);
                    }
                }
            }
            for (var f : type.getDeclaredFields()) {
                if (visible(f)) {
                    check(f.toGenericString(), f.getGenericType(), offenders);
                }
            }
        }
        assertThat(offenders).as("public or protected signatures that name an internal type").isEmpty();
    }

    @Test
    void coresPackagesDependOneWay() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (ClassFile c : classes()) {
            if (!c.module().equals("steadfast-core")) {
                continue;
            }
            String from = owner(c.pkg());
            for (String ref : c.references()) {
                String to = owner(ref.substring(0, ref.lastIndexOf('.')));
                if (!to.equals(from)) {
                    deps.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        }
        assertThat(deps).containsKey("dev.steadfast.agent");
        for (String start : deps.keySet()) {
            assertThat(reaches(deps, start, start, new HashSet<>()))
                    .as("%s depends on itself through %s", start, deps).isFalse();
        }
    }

    /** A package and its {@code internal} subpackages count as one. */
    private static String owner(String pkg) {
        int i = pkg.indexOf(".internal");
        return i < 0 ? pkg : pkg.substring(0, i);
    }

    private static boolean reaches(Map<String, Set<String>> deps, String from, String target, Set<String> seen) {
        for (String next : deps.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(deps, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers()) && !Modifier.isProtected(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static void check(String where, java.lang.reflect.Type t, List<String> offenders) {
        if (t != null && t.getTypeName().contains(".internal.")) {
            offenders.add(where + " -> " + t.getTypeName());
        }
    }

    /** A compiled class of a library module: its name, whether it is public, and the types it refers to. */
    private record ClassFile(String module, String name, boolean isPublicTopLevel, Set<String> references) {
        String pkg() {
            return name.substring(0, name.lastIndexOf('.'));
        }

        String simpleName() {
            return name.substring(name.lastIndexOf('.') + 1);
        }

        boolean isInternal() {
            return pkg().contains(".internal");
        }
    }

    private static List<ClassFile> classes() throws IOException {
        var out = new ArrayList<ClassFile>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            String module = LIBRARIES.stream().filter(m -> p.toString().contains("/" + m + "/")
                    || p.getFileName().toString().startsWith(m + "-0")).findFirst().orElse(null);
            if (module == null || !Files.exists(p)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                read(module, p, out);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + p.toUri()), Map.of())) {
                    read(module, jar.getPath("/"), out);
                }
            }
        }
        assertThat(out).as("library classes on the class path").isNotEmpty();
        return out;
    }

    private static void read(String module, Path root, List<ClassFile> out) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String rel = root.relativize(f).toString();
                if (rel.startsWith("META-INF") || rel.equals("module-info.class")) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    out.add(parse(module, in));
                }
            }
        }
    }

    /** Reads a class file's access flags, name and every dev.steadfast type its constant pool mentions. */
    private static ClassFile parse(String module, InputStream stream) throws IOException {
        var in = new DataInputStream(stream);
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        var utf8 = new String[count];
        var classIndex = new int[count];
        var refs = new TreeSet<String>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        int access = in.readUnsignedShort();
        String name = utf8[classIndex[in.readUnsignedShort()]];
        for (String s : utf8) {
            if (s != null) {
                Matcher m = TYPE_REF.matcher(s);
                while (m.find()) {
                    String ref = m.group().replace('/', '.');
                    int dollar = ref.indexOf('$');
                    refs.add(dollar < 0 ? ref : ref.substring(0, dollar));
                }
            }
        }
        boolean topLevel = !name.contains("$");
        refs.removeIf(r -> r.lastIndexOf('.') < 0);
        return new ClassFile(module, name.replace('/', '.'), topLevel && (access & 0x0001) != 0, refs);
    }
}
