package dev.steadfast.spring.example;

import dev.steadfast.agent.Agent;
import dev.steadfast.examples.approval.Analysis;
import dev.steadfast.examples.approval.ApprovalExample;
import dev.steadfast.examples.approval.ApprovalWorkflow;
import dev.steadfast.model.Model;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The seed article's approval workflow as a Spring Boot application: two agent beans and a workflow bean, which the
 * starter registers with the engine it opens on {@code steadfast.database}; {@link ApprovalController} starts and
 * steers runs over HTTP. Offline by default (scripted models); {@code --steadfast.model=openai:gpt-4.1} (with
 * {@code OPENAI_API_KEY} set) puts a real model behind both agents.
 *
 * <pre>{@code
 * ./mvnw -q -pl steadfast-spring-boot-example -am install -DskipTests      # writes target/runtime.classpath
 * cd steadfast-spring-boot-example && java -cp "target/classes:$(cat target/runtime.classpath)" \
 *     dev.steadfast.spring.example.ApprovalApplication --steadfast.console.enabled=true
 * curl -XPOST localhost:8080/approvals -H 'Content-Type: application/json' -d '{"id":"r-1","text":"Refund order 1234"}'
 * curl localhost:8080/approvals/pending
 * curl -XPOST localhost:8080/approvals/r-1/approve -H 'Content-Type: application/json' -d '{"reason":"within policy"}'
 * curl localhost:8080/approvals/r-1
 * }</pre>
 */
@SpringBootApplication
public class ApprovalApplication {
    public static void main(String[] args) {
        SpringApplication.run(ApprovalApplication.class, args);
    }

    /** The analyst: the {@code Model} bean ({@code steadfast.model}) if there is one, else a scripted stand-in. */
    @Bean
    Agent<Void, Analysis> analyst(ObjectProvider<Model> model) {
        return ApprovalWorkflow.analyst(model.getIfAvailable(ApprovalExample::offlineAnalyst));
    }

    /** The executor, on the same model. */
    @Bean
    Agent<Void, String> executor(ObjectProvider<Model> model) {
        return ApprovalWorkflow.executor(model.getIfAvailable(ApprovalExample::offlineExecutor));
    }

    /** The workflow; durable because the engine runs it: the analyst's call is recorded, the wait survives restarts. */
    @Bean
    ApprovalWorkflow approvalWorkflow(Agent<Void, Analysis> analyst, Agent<Void, String> executor) {
        return new ApprovalWorkflow(analyst, executor);
    }
}
