package dev.steadfast.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steadfast.run.RunQuery;
import dev.steadfast.temporal.TemporalEngine;
import dev.steadfast.workflow.WorkflowEngine;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** {@code temporal dev-server}: an unauthenticated server, so it listens on loopback unless told otherwise. */
class LoopbackTestServerTest {
    @Test
    void itListensOnTheAddressAskedForAndServesTemporalThere() throws Exception {
        try (var server = LoopbackTestServer.start("127.0.0.1", 0)) {
            String target = "127.0.0.1:" + server.port();
            try (WorkflowEngine client = TemporalEngine.builder().target(target).worker(false).build()) {
                assertThat(client.list(RunQuery.all())).isEmpty(); // a working Temporal service
            }
            java.net.InetAddress other = nonLoopbackAddress();
            if (other != null) { // the same port on this machine's network address: nothing listens there
                try (var s = new Socket()) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new InetSocketAddress(other, server.port()), 2_000))
                            .isInstanceOf(java.io.IOException.class);
                }
            }
        }
    }

    private static java.net.InetAddress nonLoopbackAddress() throws Exception {
        for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                for (var a : java.util.Collections.list(nif.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a;
                    }
                }
            }
        }
        return null;
    }
}
