package dev.steadfast.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steadfast.agent.Agent;
import dev.steadfast.message.Message;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The owning process {@link LiveFollowerCrashIT} kills mid-answer: an engine whose agent's model streams its
 * answer from a local server of server-sent events ({@code data: {"text": …}} lines, then {@code data: [DONE]}).
 * Arguments: database, the server's URL, and {@code start} (start the run, say STARTED, run until killed) or
 * {@code resume} (let the engine resume it, say END once it ended).
 */
public final class SseOwnerChild {
    private SseOwnerChild() {}

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Agent<Void, String> agent = Agent.builder()
                .name("streamer")
                .model(new SseModel(URI.create(args[1])))
                .build();
        try (WorkflowEngine engine =
                EmbeddedEngine.builder().database(db).register(agent).build()) {
            if (args[2].equals("start")) {
                engine.start(agent, "run", "Explain what a crash does to a stream");
                System.out.println("STARTED");
                System.out.flush();
                new CountDownLatch(1).await(); // until SIGKILL
            }
            engine.handle("run", JsonNode.class).result(Duration.ofSeconds(60));
            System.out.println("END");
            System.out.flush();
        }
    }

    /** A model that reads its answer from a server-sent event stream, reporting each event's text as it comes. */
    record SseModel(URI uri) implements Model {
        @Override
        public String name() {
            return "sse";
        }

        @Override
        public ModelResponse request(
                List<Message> messages, ModelSettings settings, ModelRequestParameters parameters) {
            return requestStream(messages, settings, parameters, e -> {});
        }

        @Override
        public ModelResponse requestStream(
                List<Message> messages,
                ModelSettings settings,
                ModelRequestParameters parameters,
                Consumer<? super ModelStreamEvent> events) {
            try {
                var connection = (HttpURLConnection) uri.toURL().openConnection();
                var lines =
                        new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
                events.accept(new ModelStreamEvent.PartStart(0, TextPart.of("")));
                var text = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!line.startsWith("data: ")) {
                        continue;
                    }
                    String data = line.substring("data: ".length());
                    if (data.equals("[DONE]")) {
                        return ModelResponse.of(TextPart.of(text.toString()));
                    }
                    JsonNode event = Messages.mapper().readTree(data);
                    String more = event.path("text").asText();
                    text.append(more);
                    events.accept(new ModelStreamEvent.TextDelta(0, more));
                }
                throw new UncheckedIOException(new IOException("the event stream ended before [DONE]"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
