package dev.steadfast.cli.internal.console;

import com.sun.net.httpserver.HttpExchange;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.IOException;

/**
 * The console served by another HTTP server (the Spring Boot starter mounts it in an application): the same pages
 * and JSON API as {@link ConsoleServer}, for exchanges whose URI path is relative to where it is mounted
 * ({@code /}, {@code /api/runs}...). Who may see and steer runs is the host application's business (its
 * authentication covers the mount point), so there is no bearer token and no Host check here; the CSRF token,
 * JSON-only POSTs, the same-origin check and the security headers stay.
 *
 * <pre>{@code
 * var console = new MountedConsole(engine, new ConsoleServer.Settings("127.0.0.1", 0, null, null, "orders.db", types));
 * console.handle(exchange); // an HttpExchange adapted from the host server's request
 * }</pre>
 */
public final class MountedConsole {
    private final Guard guard;
    private final ConsoleApi api;

    /** The console over {@code engine}; of {@code settings}, only what is shown and allowed counts (not bind, port, token). */
    public MountedConsole(WorkflowEngine engine, ConsoleServer.Settings settings) {
        this.guard = new Guard(null, false, 0);
        this.api = new ConsoleApi(engine, settings, guard.csrfToken());
    }

    /** Answers one request and closes the exchange. */
    public void handle(HttpExchange ex) throws IOException {
        if (ex.getRequestURI().getPath().startsWith("/api/")) {
            guard.handle(ex, true, () -> api.handle(ex));
        } else {
            guard.handle(ex, false, () -> ConsoleServer.serveStatic(ex));
        }
    }
}
