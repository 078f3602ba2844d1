package dev.steadfast.bench.durable;

import com.sun.net.httpserver.HttpServer;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.AgentStream;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.openai.OpenAiChatModel;
import dev.steadfast.stream.AgentEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Issue 20, item 5 (the client half): a local server streams {@value #DELTAS} Chat Completions chunks
 * (OpenAI's chunk shape, one text delta each, flushed one by one), read in the same run by a raw JDK
 * SSE read ({@code HttpClient} + {@code BufferedReader.readLine}, no JSON) and by
 * {@link OpenAiChatModel#requestStream} (SSE parsing, one JSON parse per chunk, a
 * {@link ModelStreamEvent} per delta, the final response), and by {@link Agent#runStream} over that
 * client (the agent loop on a thread of its own, each delta an {@link AgentEvent} handed to the reader
 * through the stream's bounded queue). Rounds alternate between the three, so load on the machine hits
 * them alike; each side reports its median round.
 *
 * <p>Time to first token: from sending the request to the first delta in hand (the raw side: the
 * first {@code data:} line). CPU and bytes per delta: the reading thread's CPU time and allocated
 * bytes ({@link com.sun.management.ThreadMXBean}) over the whole stream, divided by the deltas — the
 * JDK client's selector thread, which both sides share, is not in it.
 */
public final class StreamingClient {
    static final int DELTAS = 2_000;
    private static final String CHUNK =
            "data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion"
                    + ".chunk\",\"created\":1741569952,\"model\":\"gpt-4.1-2025-04-14\",\"service_tier\":\"default\","
                    + "\"system_fingerprint\":\"fp_fc9f1d7035\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word\"},"
                    + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
    private static final String END =
            "data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion"
                    + ".chunk\",\"created\":1741569952,\"model\":\"gpt-4.1-2025-04-14\",\"choices\":[{\"index\":0,\"delta\":{},"
                    + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\ndata: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n57"
                    + "0S5qMJKcT\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4.1-2025-04-14\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":2000,\"total_tokens\":2019}}\n\n"
                    + "data: [DONE]\n\n";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private StreamingClient() {}

    /** One read of the stream: time to first token, the reader's CPU time and allocated bytes. */
    record Round(long firstTokenNanos, long cpuNanos, long allocatedBytes) {}

    public static List<Figure> run(Scale scale) throws Exception {
        boolean smoke = scale.equals(Scale.SMOKE);
        int rounds = scale.equals(Scale.FULL) ? 60 : smoke ? 3 : 20;
        byte[] chunk = CHUNK.getBytes(StandardCharsets.UTF_8);
        byte[] end = END.getBytes(StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < DELTAS; i++) {
                    out.write(chunk);
                    out.flush();
                }
                out.write(end);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        OpenAiChatModel model = OpenAiChatModel.builder()
                .baseUrl(base)
                .model("gpt-4.1")
                .httpClient(http)
                .build();
        try {
            Agent<Void, String> agent =
                    Agent.builder().name("streambench").model(model).build();
            for (int i = 0; i < (smoke ? 2 : 30); i++) { // warm-up: JIT, connections
                raw(http, base);
                streamed(model);
                agentStreamed(agent);
            }
            List<Round> raws = new ArrayList<>();
            List<Round> models = new ArrayList<>();
            List<Round> agents = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                raws.add(raw(http, base));
                models.add(streamed(model));
                agents.add(agentStreamed(agent));
            }
            return figures(raws, models, agents);
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static Round raw(HttpClient http, String base) throws IOException, InterruptedException {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4.1\",\"stream\":true}"))
                .build();
        HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        int deltas = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                    if (first == 0) {
                        first = System.nanoTime() - t0;
                    }
                    deltas++;
                }
            }
        }
        if (deltas < DELTAS) {
            throw new IllegalStateException("the raw read saw " + deltas + " chunks of " + DELTAS);
        }
        return new Round(
                first, THREADS.getCurrentThreadCpuTime() - cpu0, THREADS.getCurrentThreadAllocatedBytes() - bytes0);
    }

    private static Round streamed(OpenAiChatModel model) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        long[] first = {0};
        int[] deltas = {0};
        var response = model.requestStream(List.of(ModelRequest.user("Write")), null, null, event -> {
            if (event instanceof ModelStreamEvent.TextDelta) {
                if (first[0] == 0) {
                    first[0] = System.nanoTime() - t0;
                }
                deltas[0]++;
            }
        });
        if (deltas[0] != DELTAS || response.usage().outputTokens() != DELTAS) {
            throw new IllegalStateException("requestStream saw " + deltas[0] + " deltas of " + DELTAS);
        }
        return new Round(
                first[0], THREADS.getCurrentThreadCpuTime() - cpu0, THREADS.getCurrentThreadAllocatedBytes() - bytes0);
    }

    /** Time to first token through the agent: {@code runStream} called → first text delta read off the stream. */
    private static Round agentStreamed(Agent<Void, String> agent) {
        long t0 = System.nanoTime();
        long first = 0;
        int deltas = 0;
        try (AgentStream<String> stream = agent.runStream("Write")) {
            for (AgentEvent event : stream) {
                if (event instanceof AgentEvent.TextDelta) {
                    if (first == 0) {
                        first = System.nanoTime() - t0;
                    }
                    deltas++;
                }
            }
        }
        if (deltas != DELTAS) {
            throw new IllegalStateException("runStream saw " + deltas + " deltas of " + DELTAS);
        }
        return new Round(first, 0, 0);
    }

    private static double median(List<Round> rounds, java.util.function.ToLongFunction<Round> f) {
        long[] values = rounds.stream().mapToLong(f).toArray();
        Arrays.sort(values);
        return values[values.length / 2];
    }

    private static List<Figure> figures(List<Round> raws, List<Round> models, List<Round> agents) {
        double rawFirst = median(raws, Round::firstTokenNanos) / 1e6;
        double first = median(models, Round::firstTokenNanos) / 1e6;
        double agentFirst = median(agents, Round::firstTokenNanos) / 1e6;
        double rawCpu = median(raws, Round::cpuNanos) / 1e3 / DELTAS;
        double cpu = median(models, Round::cpuNanos) / 1e3 / DELTAS;
        double rawBytes = median(raws, Round::allocatedBytes) / DELTAS;
        double bytes = median(models, Round::allocatedBytes) / DELTAS;
        String per = " (median of " + models.size() + " streams of " + DELTAS + " deltas)";
        return List.of(
                new Figure(
                        20,
                        "OpenAiChatModel.requestStream: time to first token" + per,
                        first,
                        "ms",
                        "raw JDK SSE read of the same server, same run",
                        rawFirst,
                        "≤ raw + 1 ms",
                        first <= rawFirst + 1),
                new Figure(
                        20,
                        "… CPU of the reading thread per delta",
                        cpu,
                        "µs",
                        "raw JDK SSE read (lines only, no JSON)",
                        rawCpu,
                        "≤ 2 µs",
                        cpu <= 2),
                new Figure(
                        20,
                        "… bytes allocated by the reading thread per delta",
                        bytes,
                        "B",
                        "raw JDK SSE read (lines only, no JSON)",
                        rawBytes,
                        "≤ 200 B",
                        bytes <= 200),
                new Figure(
                        20,
                        "Agent.runStream over that client: time to first token" + per,
                        agentFirst,
                        "ms",
                        "raw JDK SSE read of the same server, same run",
                        rawFirst,
                        "≤ raw + 1 ms",
                        agentFirst <= rawFirst + 1));
    }

    /** Runs this item alone and prints its figures: {@code java -cp … StreamingClient [--full]}. */
    public static void main(String[] args) throws Exception {
        for (Figure f : run(args.length > 0 && args[0].equals("--full") ? Scale.FULL : Scale.QUICK)) {
            System.out.println(f.line());
        }
    }
}
