package dev.steadfast.spring.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A servlet request and response seen as the JDK's {@link HttpExchange}, which the console's handlers are written
 * against, with the URI path made relative to the console's mount point.
 */
final class ServletExchange extends HttpExchange {
    private final HttpServletRequest req;
    private final HttpServletResponse resp;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream in;
    private OutputStream out;
    private int status = -1;

    ServletExchange(HttpServletRequest req, HttpServletResponse resp, URI relative) throws IOException {
        this.req = req;
        this.resp = resp;
        this.uri = relative;
        for (String name : Collections.list(req.getHeaderNames())) {
            requestHeaders.put(name, List.copyOf(Collections.list(req.getHeaders(name))));
        }
        this.in = req.getInputStream();
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return req.getMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        throw new UnsupportedOperationException("a mounted console has no HttpContext");
    }

    @Override
    public void close() {
        try {
            if (status < 0) {
                sendResponseHeaders(500, -1);
            }
            getResponseBody().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        if (out == null) {
            try {
                out = resp.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Override
    public void sendResponseHeaders(int code, long length) {
        if (status >= 0) {
            throw new IllegalStateException("response headers already sent");
        }
        status = code;
        resp.setStatus(code);
        responseHeaders.forEach((name, values) -> {
            for (int i = 0; i < values.size(); i++) {
                if (i == 0) {
                    resp.setHeader(name, values.get(i));
                } else {
                    resp.addHeader(name, values.get(i));
                }
            }
        });
        if (length > 0) {
            resp.setContentLengthLong(length);
        } else if (length < 0) {
            resp.setContentLengthLong(0);
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return InetSocketAddress.createUnresolved(req.getRemoteAddr(), req.getRemotePort());
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return InetSocketAddress.createUnresolved(req.getLocalAddr(), req.getLocalPort());
    }

    @Override
    public String getProtocol() {
        return req.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return req.getUserPrincipal() == null
                ? null
                : new HttpPrincipal(req.getUserPrincipal().getName(), "servlet");
    }
}
