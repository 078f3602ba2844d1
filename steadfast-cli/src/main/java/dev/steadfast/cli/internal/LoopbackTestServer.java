package dev.steadfast.cli.internal;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server on one address. {@code TestServer.createPortBoundServer} listens on every
 * interface, which would put an unauthenticated Temporal service on the network; this binds the address
 * asked for (127.0.0.1 unless told otherwise), with the same services and health checks.
 */
public final class LoopbackTestServer implements AutoCloseable {
    private final TestServicesStarter services;
    private final Server server;

    private LoopbackTestServer(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /** Starts serving on {@code bind}:{@code port} (0: a free port). */
    public static LoopbackTestServer start(String bind, int port) throws IOException {
        var services = new TestServicesStarter(true, 0);
        try {
            var builder = NettyServerBuilder.forAddress(
                    new InetSocketAddress(bind, port), InsecureServerCredentials.create());
            GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
            return new LoopbackTestServer(services, builder.build().start());
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** The port it listens on (the one asked for, or the free one chosen for 0). */
    public int port() {
        return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.close();
    }
}
