package dev.steadfast.examples;

import dev.steadfast.agent.Agent;
import dev.steadfast.engine.EmbeddedEngine;
import dev.steadfast.examples.research.ResearchAgent;
import dev.steadfast.examples.research.ResearchTools;
import dev.steadfast.examples.research.Summary;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.Model;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.run.RunInfo;
import dev.steadfast.run.StepRecord;
import dev.steadfast.run.StepStatus;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's first process: starts the durable research run and reports each step as the journal
 * records it, one tab-separated line per step on stdout, until it is killed. Each model request
 * takes 700 ms and each search 500 ms, as real ones would take seconds. The model request after the
 * search (step 3) says {@code IN FLIGHT} and never returns: the demo kills this process while it waits, so
 * the kill lands inside that request however slow the machine is.
 */
public final class DemoWorker {
    private DemoWorker() {}

    public static void main(String[] args) throws InterruptedException {
        Path db = Path.of(args[0]);
        Agent<Void, Summary> agent = ResearchAgent.create(
                answersOnly(1, Demo.model(args.length > 1 ? args[1] : null, Duration.ofMillis(700), 0, new AtomicInteger())),
                new ResearchTools(Duration.ofMillis(500), new AtomicInteger()));
        WorkflowEngine engine = EmbeddedEngine.builder().database(db).register(agent).build();
        System.out.println("PID\t" + ProcessHandle.current().pid());
        engine.start(agent, Demo.RUN_ID, Demo.TOPIC);
        int reported = 0;
        while (true) {
            for (StepRecord s : engine.history(Demo.RUN_ID)) {
                if (s.seq() > reported && s.status() == StepStatus.COMPLETED) {
                    System.out.println("STEP\t" + s.seq() + "\t" + s.name() + "\t" + s.duration().toMillis() + "\t"
                            + s.usage().totalTokens());
                    reported = s.seq();
                }
            }
            RunInfo info = engine.describe(Demo.RUN_ID);
            if (info.status().isTerminal()) {
                System.out.println("ENDED\t" + info.status() + "\t" + (info.error() == null ? "" : info.error().summary().replaceAll("\\s+", " ")));
                System.out.flush();
                engine.close();
                return;
            }
            System.out.flush();
            Thread.sleep(20);
        }
    }

    /** {@code model}, except that after {@code answered} answers it sends the next request and then holds its answer. */
    private static Model answersOnly(int answered, Model model) {
        var calls = new AtomicInteger();
        return new Model() {
            @Override
            public String name() {
                return model.name();
            }

            @Override
            public String provider() {
                return model.provider();
            }

            @Override
            public ModelResponse request(List<Message> messages, ModelSettings settings, ModelRequestParameters params) {
                if (calls.incrementAndGet() <= answered) {
                    return model.request(messages, settings, params);
                }
                System.out.println("IN FLIGHT");
                System.out.flush();
                model.request(messages, settings, params);
                try {
                    Thread.sleep(Duration.ofMinutes(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the demo should have killed this process by now");
            }
        };
    }
}
