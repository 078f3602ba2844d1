package dev.steadfast.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.steadfast.workflow.WorkflowEngine;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What operators configure: payload codecs, worker and factory options (interceptors), mutual TLS. */
class TemporalOperationsOptionsTest {
    /** Flips every byte: stands for an encryption codec; its payloads are unreadable without it. */
    static final class Flip implements PayloadCodec {
        static final ByteString ENCODING = ByteString.copyFromUtf8("binary/flip");

        @Override
        public List<Payload> encode(List<Payload> payloads) {
            return payloads.stream()
                    .map(p -> Payload.newBuilder()
                            .putMetadata("encoding", ENCODING)
                            .setData(flip(p.toByteString()))
                            .build())
                    .toList();
        }

        @Override
        public List<Payload> decode(List<Payload> payloads) {
            return payloads.stream()
                    .map(p -> {
                        try {
                            return ENCODING.equals(p.getMetadataOrDefault("encoding", null))
                                    ? Payload.parseFrom(flip(p.getData()))
                                    : p;
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }

        private static ByteString flip(ByteString b) {
            byte[] bytes = b.toByteArray();
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ~bytes[i];
            }
            return ByteString.copyFrom(bytes);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void payloadsLeaveTheProcessEncodedAndTheEngineStillReadsItsRuns() throws IOException {
        int port = freePort();
        var activities = new AtomicInteger();
        var counting = new WorkerInterceptorBase() {
            @Override
            public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
                return new ActivityInboundCallsInterceptorBase(next) {
                    @Override
                    public ActivityOutput execute(ActivityInput input) {
                        activities.incrementAndGet();
                        return super.execute(input);
                    }
                };
            }
        };
        try (var server = TestServer.createPortBoundServer(port);
                WorkflowEngine engine = TemporalEngine.builder()
                        .target("127.0.0.1:" + port)
                        .taskQueue("coded")
                        .payloadCodecs(new Flip())
                        .workerOptions(WorkerOptions.newBuilder()
                                .setMaxConcurrentActivityExecutionSize(2)
                                .build())
                        .workerFactoryOptions(WorkerFactoryOptions.newBuilder()
                                .setWorkerInterceptors(counting)
                                .build())
                        .register(new TemporalEngineBuilderTest.Echo())
                        .build()) {
            assertThat(engine.start(TemporalEngineBuilderTest.Echo.class, "coded-1", "secret")
                            .result(Duration.ofSeconds(30)))
                    .isEqualTo("echo secret");
            assertThat(engine.describe("coded-1").input().asText()).isEqualTo("secret");
            assertThat(engine.history("coded-1"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.output().asText()).isEqualTo("echo secret"));
            // the step ran through the factory's interceptor
            assertThat(activities).hasValue(1);

            // what the server holds is encoded: a client without the codec sees no plain text
            var stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget("127.0.0.1:" + port)
                    .build());
            try {
                List<HistoryEvent> events = WorkflowClient.newInstance(stubs)
                        .fetchHistory("coded-1")
                        .getEvents();
                Payload input = events.getFirst()
                        .getWorkflowExecutionStartedEventAttributes()
                        .getInput()
                        .getPayloads(0);
                assertThat(input.getMetadataOrThrow("encoding")).isEqualTo(Flip.ENCODING);
                assertThat(input.getData().toString(StandardCharsets.ISO_8859_1))
                        .doesNotContain("secret");
            } finally {
                stubs.shutdownNow();
            }
            // an engine without the codec names the encoding and where to give the codec, instead of missing steps
            try (WorkflowEngine without = TemporalEngine.builder()
                    .target("127.0.0.1:" + port)
                    .taskQueue("coded")
                    .worker(false)
                    .build()) {
                assertThatThrownBy(() -> without.describe("coded-1"))
                        .hasMessageContaining("'binary/flip'")
                        .hasMessageContaining("payloadCodecs")
                        .hasMessageContaining("--codec");
                assertThatThrownBy(() -> without.history("coded-1")).hasMessageContaining("'binary/flip'");
            }
        }
    }

    @Test
    void connectionSettingsThatCannotApplyAreRefusedWithWhatToDo() {
        var client =
                WorkflowClient.newInstance(WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                        .setTarget("127.0.0.1:1")
                        .build()));
        assertThatThrownBy(() -> TemporalEngine.builder()
                        .client(client)
                        .payloadCodecs(new Flip())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configure them on that client");
        Path missing = Path.of("no-such-dir", "client.pem");
        assertThatThrownBy(() -> TemporalEngine.builder()
                        .target("127.0.0.1:1")
                        .mtls(missing, missing)
                        .build())
                .hasMessageContaining("Cannot read the TLS client certificate")
                .hasMessageContaining("PKCS#8");
        Path notPem = Path.of("pom.xml");
        assertThatThrownBy(() -> TemporalEngine.builder()
                        .target("127.0.0.1:1")
                        .caCertificates(notPem)
                        .build())
                .hasMessageContaining("pom.xml")
                .hasMessageContaining("PEM");
        client.getWorkflowServiceStubs().shutdownNow();
    }
}
