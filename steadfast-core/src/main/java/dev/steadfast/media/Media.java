package dev.steadfast.media;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * An image or a PDF document for the model to read: in a user prompt
 * ({@code ModelRequest.user(text, media...)}) or returned by a tool (a tool that returns a
 * {@code Media}, or a {@code List<Media>}, hands the model the file itself rather than text).
 * Either a URL the provider fetches, or the bytes themselves (base64, at most
 * {@value #MAX_INLINE_BYTES} bytes).
 *
 * <p>Bytes are kept inline — in the message history and so in a durable run's journal — because
 * a replay, a fork or a Temporal worker on another machine must send exactly what the first
 * attempt sent, and a reference to a local file or a temporary upload could be gone by then. That
 * makes the engine's payload limit (2 MiB by default) the practical ceiling for a file in a
 * durable run: pass a URL for anything larger. A URL is recorded as the URL.
 *
 * <pre>{@code
 * ModelRequest prompt = ModelRequest.user("What is on this receipt?", Media.image(Files.readAllBytes(png), "image/png"));
 * agent.run(RunOptions.<Void>builder().messageHistory(List.of(prompt)).build());
 *
 * @Tool("The chart for a ticker, as an image")
 * Media chart(String ticker) { return Media.imageUrl("https://charts.example/" + ticker + ".png"); }
 * }</pre>
 *
 * @param mediaType the MIME type: {@code image/png}, {@code image/jpeg}, {@code image/gif},
 *     {@code image/webp} or {@code application/pdf}
 * @param url where the provider fetches it ({@code http(s)}), or {@code null} when {@code data} is given
 * @param data the file's bytes in base64, or {@code null} when {@code url} is given
 */
@JsonIgnoreProperties(value = "kind", allowGetters = true)
@JsonPropertyOrder({"kind", "mediaType", "url", "data"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Media(String mediaType, String url, String data) {
    /** The most bytes one inline file may hold (10 MiB); larger files go by URL. */
    public static final int MAX_INLINE_BYTES = 10 * 1024 * 1024;
    /** The JSON {@code kind} that marks a media object in a tool result. */
    public static final String KIND = "media";
    /** The document type every provider reads. */
    public static final String PDF = "application/pdf";
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    public Media {
        requireNonNull(mediaType, "mediaType");
        mediaType = mediaType.toLowerCase(Locale.ROOT).strip();
        if (!IMAGE_TYPES.contains(mediaType) && !mediaType.equals(PDF)) {
            throw new IllegalArgumentException("mediaType must be one of " + IMAGE_TYPES + " or " + PDF
                    + " but was '" + mediaType + "'; convert the file first, or send its text as text");
        }
        if ((url == null) == (data == null)) {
            throw new IllegalArgumentException("Media needs exactly one of url and data; use Media.imageUrl, Media.image, "
                    + "Media.documentUrl or Media.pdf");
        }
        if (url != null) {
            String scheme = URI.create(url).getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("A media URL must be http(s) but was '" + url
                        + "'; read a local file with Files.readAllBytes and use Media.image or Media.pdf");
            }
        }
        if (data != null && data.length() / 4L * 3 > MAX_INLINE_BYTES + 3L) {
            throw new IllegalArgumentException("An inline file may hold at most " + MAX_INLINE_BYTES + " bytes but this one holds about "
                    + data.length() / 4L * 3 + "; upload it and pass its URL (Media.imageUrl / Media.documentUrl) instead");
        }
    }

    /** An image the provider fetches from {@code url}; its type is guessed from the name (default {@code image/jpeg}). */
    public static Media imageUrl(String url) {
        return new Media(guessImageType(requireNonNull(url, "url")), url, null);
    }

    /** An image's bytes, e.g. {@code image(bytes, "image/png")}. */
    public static Media image(byte[] bytes, String mediaType) {
        return new Media(mediaType, null, Base64.getEncoder().encodeToString(requireNonNull(bytes, "bytes")));
    }

    /** A PDF the provider fetches from {@code url}. */
    public static Media documentUrl(String url) {
        return new Media(PDF, requireNonNull(url, "url"), null);
    }

    /** A PDF's bytes. */
    public static Media pdf(byte[] bytes) {
        return new Media(PDF, null, Base64.getEncoder().encodeToString(requireNonNull(bytes, "bytes")));
    }

    /**
     * Always {@value #KIND}: the JSON field that marks a media object wherever it appears (a tool's
     * result is plain JSON, so this is how a file is told apart from data that merely looks alike).
     */
    @JsonProperty("kind")
    public String kind() {
        return KIND;
    }

    /** Whether this is an image (else a PDF document). */
    @JsonIgnore
    public boolean isImage() {
        return mediaType.startsWith("image/");
    }

    /** The bytes of an inline file; empty for a URL. */
    @JsonIgnore
    public byte[] bytes() {
        return data == null ? new byte[0] : Base64.getDecoder().decode(data);
    }

    /** A {@code data:} URL of the bytes, or the URL itself: the form OpenAI's image parts take. */
    @JsonIgnore
    public String dataUrlOrUrl() {
        return url != null ? url : "data:" + mediaType + ";base64," + data;
    }

    /** A short description for logs and text-only views: type and URL or size, never the bytes. */
    @Override
    public String toString() {
        return "Media[" + mediaType + ", " + (url != null ? url : data.length() / 4 * 3 + " bytes") + "]";
    }

    private static String guessImageType(String url) {
        String path = URI.create(url).getPath();
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".png")) {
            return "image/png";
        }
        if (p.endsWith(".gif")) {
            return "image/gif";
        }
        if (p.endsWith(".webp")) {
            return "image/webp";
        }
        return "image/jpeg";
    }
}
