package dev.steadfast.agent.internal;

import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.ModelStreamEvent;
import dev.steadfast.stream.AgentEvent;
import dev.steadfast.stream.internal.StepEvents;
import dev.steadfast.usage.Usage;
import dev.steadfast.workflow.spi.StepExecutor;
import java.util.function.Consumer;

/**
 * Where an agent loop reports its events: to the reader of a streamed run ({@code out}), to the
 * engine that publishes a durable run's model steps ({@link StepExecutor#modelEvents()}), to both, or
 * nowhere — then the model is asked plainly, as before streaming existed.
 */
final class LoopEvents {
    static final LoopEvents NONE = new LoopEvents(null);

    private final Consumer<AgentEvent> out;

    LoopEvents(Consumer<AgentEvent> out) {
        this.out = out;
    }

    void sent(ModelRequest request) {
        if (out != null) {
            StepEvents.sent(request).forEach(out);
        }
    }

    void received(ModelResponse response, Usage used) {
        if (out != null) {
            StepEvents.received(response, used).forEach(out);
        }
    }

    /** The stream of one model call, or {@code null} when nobody takes its events. */
    ModelCall modelCall(StepExecutor executor) {
        Consumer<ModelStreamEvent> engine = executor.modelEvents();
        return engine == null && out == null ? null : new ModelCall(out, engine);
    }

    /** One model call's events, over its attempts: a retried attempt first voids what the last one streamed. */
    static final class ModelCall implements Consumer<ModelStreamEvent> {
        private final Consumer<AgentEvent> out;
        private final Consumer<ModelStreamEvent> engine;
        private boolean streamed;

        ModelCall(Consumer<AgentEvent> out, Consumer<ModelStreamEvent> engine) {
            this.out = out;
            this.engine = engine;
        }

        /** Called as an attempt starts: the consumer for its events. */
        Consumer<ModelStreamEvent> attempt() {
            if (streamed && out != null) {
                out.accept(new AgentEvent.AttemptDiscarded(0));
            }
            streamed = false;
            return this;
        }

        @Override
        public void accept(ModelStreamEvent event) {
            if (engine != null) {
                engine.accept(event);
            }
            if (out != null) {
                streamed = true;
                out.accept(StepEvents.of(event));
            }
        }
    }
}
