package dev.steadfast.spring.internal;

import dev.steadfast.spring.SteadfastProperties;
import dev.steadfast.workflow.WorkflowEngine;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.util.ClassUtils;

/** Mounts the console, or says what is missing; the console's classes load only when it is there. */
public final class ConsoleMount {
    private static final String MOUNTED_CONSOLE = "dev.steadfast.cli.internal.console.MountedConsole";

    private ConsoleMount() {}

    /** The console's servlet registration under {@code steadfast.console.path}. */
    public static ServletRegistrationBean<?> registration(
            SteadfastProperties p, WorkflowEngine engine, ListableBeanFactory beans, ClassLoader classes) {
        if (!ClassUtils.isPresent(MOUNTED_CONSOLE, classes)) {
            throw new IllegalStateException("steadfast.console.enabled=true but the console is not on the class path:"
                    + " add the dependency dev.steadfast:steadfast-cli, or set steadfast.console.enabled=false");
        }
        String readOnly = p.console().readOnly() ? "read-only (steadfast.console.read-only=true)" : null;
        return ConsoleServlet.registration(
                p.console().path(),
                engine,
                () -> new dev.steadfast.cli.internal.console.ConsoleServer.Settings(
                        "127.0.0.1",
                        0,
                        null,
                        readOnly,
                        engine instanceof ManagedEngine m ? m.where() : "the application's engine",
                        Registrations.collect(beans).names()));
    }
}
