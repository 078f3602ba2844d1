package dev.steadfast.cli.internal.console;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * What every request passes: the Host check (against DNS rebinding on loopback), the bearer token
 * (constant-time), and for state-changing calls POST with a JSON body, the CSRF token and a
 * same-origin Origin. Every response gets the security headers (CSP without inline script).
 */
final class Guard {
    /** A request handler that may throw. */
    @FunctionalInterface
    interface Handler {
        void run() throws IOException;
    }

    static final String CSRF_HEADER = "X-Steadfast-CSRF";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] token;
    private final boolean loopback;
    private final int port;
    private final String csrf;

    Guard(String token, boolean loopback, int port) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.loopback = loopback;
        this.port = port;
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        this.csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    String csrfToken() {
        return csrf;
    }

    void handle(HttpExchange ex, boolean api, Handler next) throws IOException {
        try (ex) {
            var h = ex.getResponseHeaders();
            h.set("Content-Security-Policy", CSP);
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("X-Frame-Options", "DENY");
            h.set("Cross-Origin-Opener-Policy", "same-origin");
            h.set("Cross-Origin-Resource-Policy", "same-origin");
            h.set("Cache-Control", "no-store");
            if (!hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 403, "text/plain; charset=utf-8", bytes("this console answers only to its own address"));
                return;
            }
            if (api) {
                if (token != null && !bearerMatches(ex.getRequestHeaders().getFirst("Authorization"))) {
                    h.set("WWW-Authenticate", "Bearer");
                    ConsoleApi.error(ex, 401, "a bearer token is required (the console's --token)");
                    return;
                }
                String method = ex.getRequestMethod();
                if (method.equals("POST")) {
                    String problem = postProblem(ex);
                    if (problem != null) {
                        ConsoleApi.error(ex, 403, problem);
                        return;
                    }
                } else if (!method.equals("GET")) {
                    h.set("Allow", "GET, POST");
                    ConsoleApi.error(ex, 405, "only GET and POST");
                    return;
                }
            }
            next.run();
        } catch (RuntimeException e) {
            ConsoleApi.error(ex, 500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private boolean hostAllowed(String host) {
        if (!loopback) {
            return true; // the bearer token guards a public address
        }
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port) || h.equals("[::1]:" + port);
    }

    private boolean bearerMatches(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private String postProblem(HttpExchange ex) {
        var rh = ex.getRequestHeaders();
        String csrfSent = rh.getFirst(CSRF_HEADER);
        if (csrfSent == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), csrfSent.getBytes(StandardCharsets.UTF_8))) {
            return "missing or wrong CSRF token; reload the page";
        }
        String type = rh.getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "state-changing requests send application/json";
        }
        String origin = rh.getFirst("Origin");
        String host = rh.getFirst("Host");
        if (origin != null && !origin.equals("http://" + host) && !origin.equals("https://" + host)) {
            return "cross-origin requests are refused";
        }
        return null;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (status == 413) {
            ex.getResponseHeaders().set("Connection", "close"); // the rest of that body is not read
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        // out now: closing the exchange first drains the request body, which a client that sent too much may never end
        ex.getResponseBody().flush();
    }
}
