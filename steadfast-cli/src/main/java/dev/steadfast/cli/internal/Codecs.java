package dev.steadfast.cli.internal;

import io.temporal.payload.codec.PayloadCodec;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The payload codecs (compression, encryption) the CLI and the console read Temporal runs with, configured once for
 * every command: each {@link PayloadCodec} service on the class path ({@code META-INF/services/
 * io.temporal.payload.codec.PayloadCodec} in a jar on {@code STEADFAST_CLASSPATH}), then the classes named with
 * {@code --codec} or in {@code STEADFAST_TEMPORAL_CODECS} (comma-separated), in that order, outermost last: the order
 * the engine that wrote the runs was given them.
 */
final class Codecs {
    private Codecs() {}

    /** The names in {@code env} (comma-separated), or none. */
    static List<String> fromEnv(String env) {
        return env == null || env.isBlank()
                ? List.of()
                : Arrays.stream(env.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    static List<PayloadCodec> load(List<String> named, ClassLoader loader) {
        var codecs = new ArrayList<PayloadCodec>();
        var seen = new HashSet<String>();
        try {
            for (PayloadCodec c : ServiceLoader.load(PayloadCodec.class, loader)) {
                codecs.add(c);
                seen.add(c.getClass().getName());
            }
        } catch (ServiceConfigurationError e) {
            throw new CliException(
                    CliException.FAILURE,
                    "a PayloadCodec service on the class path cannot be loaded: " + e.getMessage()
                            + " — fix or remove its jar from STEADFAST_CLASSPATH");
        }
        for (String name : named) {
            if (seen.add(name)) {
                codecs.add(instantiate(name, loader));
            }
        }
        return codecs;
    }

    private static PayloadCodec instantiate(String name, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CliException(
                    CliException.USAGE,
                    "codec class " + name + " is not on the class path — check the"
                            + " name, or add its jar: STEADFAST_CLASSPATH=/path/to/codec.jar");
        }
        if (!PayloadCodec.class.isAssignableFrom(type)) {
            throw new CliException(
                    CliException.USAGE,
                    "codec class " + name + " is not an " + PayloadCodec.class.getName()
                            + " — name the codec the runs were written with");
        }
        try {
            return (PayloadCodec) type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new CliException(
                    CliException.USAGE,
                    "codec class " + name + " needs a public no-argument"
                            + " constructor — or register it as a PayloadCodec service that reads its own configuration");
        } catch (InvocationTargetException e) {
            throw new CliException(CliException.FAILURE, "codec " + name + " failed to start: " + e.getCause());
        }
    }
}
