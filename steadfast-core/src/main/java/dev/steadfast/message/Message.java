package dev.steadfast.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One message of a conversation with a model: what we sent ({@link ModelRequest}) or what the
 * model answered ({@link ModelResponse}).
 *
 * <p>Messages are the on-disk and on-wire format of a conversation: the {@code kind}
 * discriminator and field names are stable. Use {@link Messages#toJson} and
 * {@link Messages#fromJson} to store and load them.
 *
 * <pre>{@code
 * switch (message) {
 *     case ModelRequest req -> req.parts().forEach(...);
 *     case ModelResponse res -> res.text();
 * }
 * }</pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ModelRequest.class, name = "request"),
    @JsonSubTypes.Type(value = ModelResponse.class, name = "response")
})
public sealed interface Message permits ModelRequest, ModelResponse {
    /** The parts of this message, in order. */
    List<? extends Part> parts();
}
