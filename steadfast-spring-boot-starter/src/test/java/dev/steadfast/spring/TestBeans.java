package dev.steadfast.spring;

import dev.steadfast.agent.Agent;
import dev.steadfast.agent.RunContext;
import dev.steadfast.agent.Tool;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.testing.FunctionModel;
import dev.steadfast.testing.RecordedRequest;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application's beans: an agent, an agent with deps, and a workflow that waits for a signal. */
@Configuration(proxyBeanMethods = false)
class TestBeans {
    /** How often the workflow's one step body ran, across contexts. */
    static final AtomicInteger PREPARED = new AtomicInteger();

    /** A workflow: one recorded step, then a durable wait for the {@code go} signal. */
    static final class Waiter implements Workflow<String, String> {
        @Override
        public String run(WorkflowContext ctx, String input) {
            String prepared = ctx.step("prepare", String.class, () -> {
                PREPARED.incrementAndGet();
                return "prepared " + input;
            });
            String go = ctx.awaitSignal("go", String.class);
            return prepared + ", then " + go;
        }
    }

    /** The deps of the {@code tenant} agent. */
    record Tenant(String name) {}

    /** The tool of the {@code tenant} agent: says which tenant its deps name. */
    static final class TenantTools {
        @Tool("Who the current tenant is")
        String whoami(RunContext<Tenant> ctx) {
            return ctx.deps().name();
        }
    }

    @Bean
    Agent<Void, String> echo() {
        return Agent.builder()
                .name("echo")
                .model(new FunctionModel(
                        "echo-model",
                        (messages, params) -> ModelResponse.of(
                                TextPart.of("echo: " + request(messages).lastUserPrompt()))))
                .build();
    }

    @Bean
    Agent<Tenant, String> tenant() {
        return Agent.builder()
                .name("tenant")
                .deps(Tenant.class)
                .tools(new TenantTools())
                .model(new FunctionModel("tenant-model", (messages, params) -> {
                    List<ToolReturnPart> returned = request(messages).toolReturns();
                    return returned.isEmpty()
                            ? ModelResponse.of(ToolCallPart.of("whoami", Map.of()))
                            : ModelResponse.of(TextPart.of(
                                    "tenant is " + returned.get(0).content().asText()));
                }))
                .build();
    }

    @Bean
    RegisteredAgent<Tenant> tenantDeps(Agent<Tenant, String> tenant) {
        return RegisteredAgent.of(tenant, workflowId -> new Tenant("acme-" + workflowId));
    }

    @Bean
    Waiter waiter() {
        return new Waiter();
    }

    /** The conversation a model received, with the testing module's shortcuts. */
    private static RecordedRequest request(List<Message> messages) {
        return new RecordedRequest(1, messages, null, null);
    }
}
