package dev.steadfast.temporal.internal;

import dev.steadfast.SteadfastException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.util.Set;

/**
 * Payloads a payload codec wrote (compressed, encrypted) carry the codec's encoding, which no payload converter
 * reads: without the same codec, a run's input, output and steps cannot be decoded. This names the encoding and says
 * how to give the engine, the CLI or the console the codec, instead of Temporal's "No PayloadConverter is registered"
 * or steps that silently go missing.
 */
final class PayloadEncodings {
    /** The encodings Temporal's default converters read: anything else was written by a codec. */
    private static final Set<String> CONVERTED =
            Set.of("binary/null", "binary/plain", "json/plain", "json/protobuf", "binary/protobuf");

    private PayloadEncodings() {}

    /** The codec encoding of the first payload in {@code payloads} that no converter reads, or {@code null}. */
    static String codecEncoding(Payloads payloads) {
        for (Payload p : payloads.getPayloadsList()) {
            String encoding = codecEncoding(p);
            if (encoding != null) {
                return encoding;
            }
        }
        return null;
    }

    /** {@code payload}'s encoding when a codec wrote it, or {@code null}. */
    static String codecEncoding(Payload payload) {
        var value = payload.getMetadataMap().get("encoding");
        String encoding = value == null ? null : value.toStringUtf8();
        return encoding == null || CONVERTED.contains(encoding) ? null : encoding;
    }

    /** The error for a payload this engine failed to decode, when a codec it lacks wrote it; else {@code failure}. */
    static RuntimeException explain(RuntimeException failure, Payloads payloads) {
        String encoding = codecEncoding(payloads);
        if (encoding == null) {
            return failure;
        }
        return new SteadfastException(
                "A payload of this run is encoded as '" + encoding + "', which none of this engine's"
                        + " codecs decodes: the run was written with a payload codec this engine lacks. Give it the same codecs"
                        + " (TemporalEngine.builder().payloadCodecs(..); the CLI and the console: --codec <class>, env"
                        + " STEADFAST_TEMPORAL_CODECS, or a io.temporal.payload.codec.PayloadCodec service on the class path).",
                failure);
    }
}
