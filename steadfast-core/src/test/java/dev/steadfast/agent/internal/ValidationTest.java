package dev.steadfast.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bean Validation as a library should do it: no Expression Language jar, no JVM-wide settings. */
class ValidationTest {
    record Summary(@NotBlank String title, @Size(min = 1, max = 3) List<String> points) {}

    @Test
    void messagesAreInterpolatedWithoutAnExpressionLanguage() {
        assertThatThrownBy(() -> Class.forName("jakarta.el.ExpressionFactory"))
                .as("core brings no EL: ParameterMessageInterpolator needs none")
                .isInstanceOf(ClassNotFoundException.class);

        assertThat(Validation.violations(new Summary(" ", List.of())))
                .containsExactly("points: size must be between 1 and 3", "title: must not be blank");
        assertThat(Validation.violations(new Summary("ok", List.of("a")))).isEmpty();
    }

    @Test
    void leavesTheLoggingProviderToTheApplication() {
        Validation.violations(new Summary("", List.of("a", "b", "c", "d")));
        assertThat(System.getProperty("org.jboss.logging.provider")).as("a JVM-wide setting, not a library's to make").isNull();
    }
}
