package dev.steadfast.model;

import static java.util.Objects.requireNonNull;

/**
 * The model declined to answer: OpenAI's {@code refusal} (Chat Completions) or refusal content
 * part (Responses), Anthropic's {@code stop_reason: "refusal"}. Never retryable — the same request
 * is refused again — so a run fails at once instead of spending requests on "not valid JSON" retry
 * prompts. {@link #refusal()} is the provider's own explanation, untrusted text to show, not to act on.
 *
 * <pre>{@code
 * try {
 *     agent.run(prompt);
 * } catch (ModelRefusalException e) {
 *     log.warn("{} refused: {}", e.provider(), e.refusal());
 * }
 * }</pre>
 */
public class ModelRefusalException extends ModelException {
    private final String provider;
    private final String refusal;

    /**
     * @param provider the provider's display name, e.g. {@code OpenAI}
     * @param refusal the provider's explanation (empty when it gave none)
     */
    public ModelRefusalException(String provider, String refusal) {
        super(requireNonNull(provider, "provider") + " refused to answer"
                + (refusal == null || refusal.isBlank() ? "" : ": " + refusal.strip())
                + " — retrying the same request will not help; rephrase the prompt or change the instructions", false);
        this.provider = provider;
        this.refusal = refusal == null ? "" : refusal;
    }

    /** The provider's display name, e.g. {@code OpenAI} or {@code Anthropic}. */
    public String provider() {
        return provider;
    }

    /** The provider's explanation of the refusal, as it sent it; empty when it sent none. */
    public String refusal() {
        return refusal;
    }
}
