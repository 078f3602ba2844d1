package dev.steadfast.examples;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.examples.research.OfflineResearchModel;
import dev.steadfast.examples.research.ResearchAgent;
import dev.steadfast.examples.research.Summary;
import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.message.RequestPart;
import dev.steadfast.message.ResponsePart;
import dev.steadfast.message.RetryPromptPart;
import dev.steadfast.message.SystemPromptPart;
import dev.steadfast.message.TextPart;
import dev.steadfast.message.ThinkingPart;
import dev.steadfast.message.ToolCallPart;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import java.io.PrintStream;

/**
 * A typed research agent run plainly (not durably), offline against a scripted model. Prints
 * the conversation, the typed output and the usage.
 */
public final class PlainAgentDemo {
    private PlainAgentDemo() {}

    public static void main(String[] args) {
        String topic = args.length > 0 ? String.join(" ", args) : "durable agents";
        run(topic, System.out);
    }

    static AgentResult<Summary> run(String topic, PrintStream out) {
        var agent = ResearchAgent.create(OfflineResearchModel.create());
        out.println("Steadfast demo — a typed agent with a tool, run offline against a scripted model");
        out.println();
        AgentResult<Summary> result = agent.run(topic);
        out.println("Conversation:");
        result.messages().forEach(m -> print(m, out));
        out.println();
        Summary s = result.output();
        out.println("Typed output (" + s.getClass().getSimpleName() + "):");
        out.println("  title:   " + s.title());
        s.points().forEach(p -> out.println("  point:   " + p));
        s.sources().forEach(u -> out.println("  source:  " + u));
        out.println();
        var u = result.usage();
        out.printf("Usage: %d requests, %d input + %d output tokens, %d tool call%s; cost $%s%n",
                u.requests(), u.inputTokens(), u.outputTokens(), u.toolCalls(), u.toolCalls() == 1 ? "" : "s",
                result.cost().toPlainString());
        return result;
    }

    private static void print(Message m, PrintStream out) {
        switch (m) {
            case ModelRequest r -> r.parts().forEach(p -> out.println("  → " + describe(p)));
            case ModelResponse r -> r.parts().forEach(p -> out.println("  ← " + describe(p)));
        }
    }

    private static String describe(RequestPart p) {
        return switch (p) {
            case SystemPromptPart s -> "system: " + abbreviate(s.content());
            case UserPromptPart u -> "user: " + abbreviate(u.content());
            case ToolReturnPart t -> "tool " + t.toolName() + " returned: " + abbreviate(t.contentAsText());
            case RetryPromptPart r -> "retry: " + abbreviate(r.content());
        };
    }

    private static String describe(ResponsePart p) {
        return switch (p) {
            case TextPart t -> "text: " + abbreviate(t.content());
            case ToolCallPart c -> "call " + c.toolName() + " " + abbreviate(c.argsAsJson());
            case ThinkingPart t -> "thinking: " + abbreviate(t.content());
        };
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 110 ? one : one.substring(0, 107) + "...";
    }
}
