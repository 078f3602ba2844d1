package dev.steadfast.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steadfast.message.Message;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ToolReturnPart;
import dev.steadfast.message.UserPromptPart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files in messages: their JSON (the journal's form), how a tool's file is found, and bad input. */
class MediaTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void aPromptsFilesAreRecordedInlineOrAsTheirUrlAndReadBackEqual() {
        List<Message> messages = List.of(ModelRequest.user("What is this?", Media.image(PNG, "image/png"),
                Media.documentUrl("https://docs.example/a.pdf")));

        String json = Messages.toJson(messages);

        assertThat(json).isEqualTo("[{\"kind\":\"request\",\"parts\":[{\"kind\":\"user-prompt\",\"content\":\"What is this?\","
                + "\"media\":[{\"kind\":\"media\",\"mediaType\":\"image/png\",\"data\":\"iVBORw==\"},"
                + "{\"kind\":\"media\",\"mediaType\":\"application/pdf\",\"url\":\"https://docs.example/a.pdf\"}]}]}]");
        assertThat(Messages.fromJson(json)).isEqualTo(messages);
        ModelRequest read = (ModelRequest) Messages.fromJson(json).getFirst();
        assertThat(((UserPromptPart) read.parts().getFirst()).media().getFirst().bytes()).isEqualTo(PNG);
    }

    @Test
    void aToolsFileIsFoundInItsResultAloneOrInAList() {
        ToolReturnPart alone = ToolReturnPart.of("chart", "call_1", Media.image(PNG, "image/png"));
        ToolReturnPart mixed = ToolReturnPart.of("chart", "call_2", List.of("Paris, July", Media.imageUrl("https://img.example/p.webp")));
        ToolReturnPart lookalike = ToolReturnPart.of("lookup", "call_3", Map.of("mediaType", "image/png", "url", "https://x.example"));

        assertThat(alone.media()).containsExactly(Media.image(PNG, "image/png"));
        assertThat(alone.contentWithoutMedia()).isEmpty();
        assertThat(mixed.media()).containsExactly(new Media("image/webp", "https://img.example/p.webp", null));
        assertThat(mixed.contentWithoutMedia()).isEqualTo("Paris, July");
        assertThat(lookalike.media()).as("data without the media kind is data").isEmpty();
        assertThat(lookalike.contentWithoutMedia()).isEqualTo(lookalike.contentAsText());
    }

    @Test
    void badFilesAreRefusedWithWhatToDoInstead() {
        assertThatThrownBy(() -> Media.image(PNG, "image/bmp")).hasMessageContaining("image/bmp").hasMessageContaining("convert");
        assertThatThrownBy(() -> Media.imageUrl("file:///tmp/a.png")).hasMessageContaining("Files.readAllBytes");
        assertThatThrownBy(() -> new Media("image/png", "https://a.example/a.png", "AAAA")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> Media.pdf(new byte[Media.MAX_INLINE_BYTES + 1024])).hasMessageContaining("URL");
    }

    @Test
    void toStringNeverDumpsTheBytes() {
        assertThat(Media.pdf(new byte[3000]).toString()).isEqualTo("Media[application/pdf, 3000 bytes]");
    }
}
