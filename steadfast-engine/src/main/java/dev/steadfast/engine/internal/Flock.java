package dev.steadfast.engine.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code flock(2)} on a file, through the foreign function API: the one lock that identifies the
 * file itself (its inode, whatever path, link or mount reaches it) and that nothing else in the
 * process can drop. A POSIX record lock (what {@code FileChannel.lock} takes) belongs to the
 * process, so SQLite's own unlocking (it releases the whole file's record locks whenever a
 * connection goes idle) or the closing of any other handle on the file silently releases it; a
 * {@code flock} lock belongs to its own open file and is independent of SQLite's record locks.
 *
 * <p>The engine compiles for Java 21, where the foreign function API is a preview, so it is reached
 * reflectively and used only on Java 22 or later, on Linux and macOS; {@link #unavailable()} says
 * why not elsewhere (the caller then falls back).
 */
final class Flock implements AutoCloseable {
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final boolean MAC = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
    private static final int O_CLOEXEC = MAC ? 0x1000000 : 0x80000;
    private static final Native NATIVE = Native.load();

    /** libc's open, flock and close as method handles, and a way to make a C string; or why not. */
    private record Native(MethodHandle open, MethodHandle flock, MethodHandle close, Method ofConfined,
                          Method allocateFrom, Throwable unavailable) {
        static Native load() {
            String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
            if (Runtime.version().feature() < 22 || !(os.contains("linux") || MAC)) {
                return failed(new UnsupportedOperationException("flock needs Java 22+ on Linux or macOS; this is Java "
                        + Runtime.version().feature() + " on " + os));
            }
            try {
                Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
                Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
                Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
                Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
                Object lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
                Method find = Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class);
                Object intLayout = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
                Object address = Class.forName("java.lang.foreign.ValueLayout").getField("ADDRESS").get(null);
                Method descriptor = descriptorClass.getMethod("of", layoutClass, layoutClass.arrayType());
                Method downcall = linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass,
                        optionClass.arrayType());
                Object noOptions = Array.newInstance(optionClass, 0);
                Object variadicAfter2 = Array.newInstance(optionClass, 1);
                Array.set(variadicAfter2, 0, optionClass.getMethod("firstVariadicArg", int.class).invoke(null, 2));

                Object openType = descriptor.invoke(null, intLayout, layouts(layoutClass, address, intLayout, intLayout));
                Object twoInts = descriptor.invoke(null, intLayout, layouts(layoutClass, intLayout, intLayout));
                Object oneInt = descriptor.invoke(null, intLayout, layouts(layoutClass, intLayout));
                var open = (MethodHandle) downcall.invoke(linker, symbol(find, lookup, "open"), openType, variadicAfter2);
                var flock = (MethodHandle) downcall.invoke(linker, symbol(find, lookup, "flock"), twoInts, noOptions);
                var close = (MethodHandle) downcall.invoke(linker, symbol(find, lookup, "close"), oneInt, noOptions);
                return new Native(open, flock, close, arenaClass.getMethod("ofConfined"),
                        arenaClass.getMethod("allocateFrom", String.class), null);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return failed(e); // no native access granted, or an API that changed
            }
        }

        private static Object layouts(Class<?> layoutClass, Object... layouts) {
            Object array = Array.newInstance(layoutClass, layouts.length);
            for (int i = 0; i < layouts.length; i++) {
                Array.set(array, i, layouts[i]);
            }
            return array;
        }

        private static Object symbol(Method find, Object lookup, String name) throws ReflectiveOperationException {
            return ((Optional<?>) find.invoke(lookup, name)).orElseThrow(() -> new UnsupportedOperationException(name));
        }

        private static Native failed(Throwable why) {
            return new Native(null, null, null, null, null, why);
        }
    }

    private final int fd;

    private Flock(int fd) {
        this.fd = fd;
    }

    /** Why flock cannot be used in this JVM, or {@code null} when it can. */
    static Throwable unavailable() {
        return NATIVE.unavailable();
    }

    /** Takes an exclusive lock on the existing {@code file} without waiting: the lock, or {@code null} when held. */
    static Flock tryLock(Path file) throws IOException {
        int fd;
        try (var arena = (AutoCloseable) NATIVE.ofConfined().invoke(null)) {
            Object path = NATIVE.allocateFrom().invoke(arena, file.toString());
            fd = (int) NATIVE.open().invoke(path, O_CLOEXEC, 0); // O_RDONLY (0): flock needs no write access
        } catch (Throwable e) {
            throw new IOException("Could not call open(" + file + "): " + e, e);
        }
        if (fd < 0) {
            throw new IOException("Could not open " + file + " to lock it");
        }
        int rc;
        try {
            rc = (int) NATIVE.flock().invoke(fd, LOCK_EX | LOCK_NB);
        } catch (Throwable e) {
            closeFd(fd);
            throw new IOException("Could not call flock on " + file + ": " + e, e);
        }
        if (rc != 0) {
            closeFd(fd);
            return null; // EWOULDBLOCK: the only failure flock(LOCK_NB) has on a descriptor just opened
        }
        return new Flock(fd);
    }

    private static void closeFd(int fd) {
        try {
            NATIVE.close().invoke(fd);
        } catch (Throwable ignored) {
            // the process keeps one descriptor; nothing else to do
        }
    }

    /** Releases the lock (closing its open file releases it). */
    @Override
    public void close() {
        closeFd(fd);
    }
}
