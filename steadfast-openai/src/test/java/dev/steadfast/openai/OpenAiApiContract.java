package dev.steadfast.openai;

import dev.steadfast.testing.ModelProviderContract;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What the Chat Completions and Responses APIs share under the provider contract: the connection
 * (one builder), the bearer key, OpenAI's error shape and the token counts both report.
 */
abstract class OpenAiApiContract extends ModelProviderContract {
    /** {@code builder} connected as {@code to} says, with OpenAI's {@code /v1} prefix. */
    static <B extends OpenAiClientBuilder<B>> B connect(B builder, Endpoint to) {
        return builder.baseUrl(to.baseUrl() + "/v1").apiKey(to.apiKey()).model(to.model())
                .timeout(to.timeout()).clock(to.clock());
    }

    @Override
    protected String providerName() {
        return "OpenAI";
    }

    @Override
    protected Map<String, String> authHeaders(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    @Override
    protected Set<TokenCount> reportedTokenCounts() {
        return EnumSet.allOf(TokenCount.class);
    }

    @Override
    protected String errorBody(int status, String message) {
        return Fixtures.errorBody(status, message);
    }

    @Override
    protected String contextWindowExceededBody() {
        return Fixtures.contextWindowExceededBody();
    }
}
