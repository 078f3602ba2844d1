package dev.steadfast.agent;

import dev.steadfast.message.Message;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.usage.UsageLimits;
import java.util.List;

/**
 * Per-run options: deps, the conversation so far, limits, settings and the approval handler.
 *
 * <pre>{@code
 * agent.run("And in French?", RunOptions.<Void>builder().messageHistory(previous.messages()).build());
 * }</pre>
 *
 * @param deps the run's dependencies, handed to tools through {@link RunContext}
 * @param messageHistory the conversation to continue (empty for a new one)
 * @param usageLimits caps for this run ({@code null}: the agent's)
 * @param modelSettings settings overriding the agent's field by field ({@code null}: none)
 * @param approvalHandler decides approval-requiring tool calls in a plain run ({@code null}: deny them)
 * @param <D> the deps type
 */
public record RunOptions<D>(D deps, List<Message> messageHistory, UsageLimits usageLimits, ModelSettings modelSettings,
                            ApprovalHandler<D> approvalHandler) {
    public RunOptions {
        messageHistory = messageHistory == null ? List.of() : List.copyOf(messageHistory);
    }

    public static <D> Builder<D> builder() {
        return new Builder<>();
    }

    /** Options with only deps. */
    public static <D> RunOptions<D> of(D deps) {
        return new RunOptions<>(deps, List.of(), null, null, null);
    }

    /** Builds {@link RunOptions}; everything defaults to none. */
    public static final class Builder<D> {
        private D deps;
        private List<Message> messageHistory = List.of();
        private UsageLimits usageLimits;
        private ModelSettings modelSettings;
        private ApprovalHandler<D> approvalHandler;

        private Builder() {}

        public Builder<D> deps(D v) { deps = v; return this; }
        public Builder<D> messageHistory(List<Message> v) { messageHistory = v; return this; }
        public Builder<D> usageLimits(UsageLimits v) { usageLimits = v; return this; }
        public Builder<D> modelSettings(ModelSettings v) { modelSettings = v; return this; }
        public Builder<D> approvalHandler(ApprovalHandler<D> v) { approvalHandler = v; return this; }

        public RunOptions<D> build() {
            return new RunOptions<>(deps, messageHistory, usageLimits, modelSettings, approvalHandler);
        }
    }
}
