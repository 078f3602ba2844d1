package dev.steadfast.engine.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;
import org.slf4j.spi.NOPLoggingEventBuilder;

/**
 * A logger that says nothing while its run replays recorded history, so a line is logged once
 * per run however often the run is re-entered. A proxy: SLF4J's {@link Logger} has sixty methods,
 * and every one of them either logs (skipped in replay) or asks {@code isXxxEnabled} (false in replay).
 */
final class ReplayLogger {
    private ReplayLogger() {}

    static Logger wrap(Logger delegate, BooleanSupplier replaying) {
        return (Logger) Proxy.newProxyInstance(
                Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    boolean logs = method.getReturnType() == void.class;
                    boolean asks = method.getReturnType() == boolean.class && name.startsWith("is");
                    boolean fluent = method.getReturnType() == LoggingEventBuilder.class;
                    if ((logs || asks || fluent) && replaying.getAsBoolean()) {
                        if (asks) {
                            return false;
                        }
                        return fluent ? NOPLoggingEventBuilder.singleton() : null;
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
