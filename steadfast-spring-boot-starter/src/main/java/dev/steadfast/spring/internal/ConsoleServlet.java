package dev.steadfast.spring.internal;

import dev.steadfast.cli.internal.console.ConsoleServer;
import dev.steadfast.cli.internal.console.MountedConsole;
import dev.steadfast.workflow.WorkflowEngine;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Supplier;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/**
 * The console as a servlet of the application, mapped to {@code <path>/*}: an ordinary servlet, so the application's
 * filters (Spring Security's chain among them) see every request before it does.
 */
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Supplier<MountedConsole> console;
    private transient volatile MountedConsole opened;

    private ConsoleServlet(Supplier<MountedConsole> console) {
        this.console = console;
    }

    /**
     * The registration of the console under {@code path} (e.g. {@code /steadfast}), over {@code engine}.
     *
     * @param settings made on the first request, when the context's workflows are known
     */
    public static ServletRegistrationBean<ConsoleServlet> registration(
            String path, WorkflowEngine engine, Supplier<ConsoleServer.Settings> settings) {
        var servlet = new ConsoleServlet(() -> new MountedConsole(engine, settings.get()));
        var bean = new ServletRegistrationBean<>(servlet, path + "/*");
        bean.setName("steadfastConsole");
        return bean;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String raw = req.getRequestURI();
        String mount = req.getContextPath() + req.getServletPath();
        String rest = raw.length() >= mount.length() ? raw.substring(mount.length()) : "";
        if (rest.isEmpty()) {
            // the page loads its script, styles and API relative to itself: it must be served from <path>/
            resp.sendRedirect(raw + "/");
            return;
        }
        URI relative;
        try {
            relative = new URI(rest + (req.getQueryString() == null ? "" : "?" + req.getQueryString()));
        } catch (URISyntaxException e) {
            resp.sendError(400, "malformed request URI");
            return;
        }
        console().handle(new ServletExchange(req, resp, relative));
    }

    private MountedConsole console() {
        MountedConsole c = opened;
        if (c == null) {
            synchronized (this) {
                c = opened;
                if (c == null) {
                    c = console.get();
                    opened = c;
                }
            }
        }
        return c;
    }
}
