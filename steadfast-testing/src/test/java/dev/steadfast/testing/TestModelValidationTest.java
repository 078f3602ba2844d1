package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import dev.steadfast.agent.internal.Validation;
import dev.steadfast.message.Messages;
import dev.steadfast.message.ModelRequest;
import dev.steadfast.message.ModelResponse;
import dev.steadfast.model.ModelRequestParameters;
import dev.steadfast.model.ModelSettings;
import dev.steadfast.model.OutputMode;
import dev.steadfast.model.ToolDefinition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TestModel against schemas as a real generator makes them (victools with the Jackson and Jakarta
 * validation modules), checked by Hibernate Validator: the output must bind and validate.
 */
class TestModelValidationTest {
    enum Priority { LOW, HIGH }

    record Step(@NotBlank String action, @Positive int minutes) {}

    record Plan(@NotBlank @Size(min = 3, max = 40) String title,
                @Size(min = 2) List<@NotBlank String> tags,
                @Min(5) @Max(9) int effort,
                @Email String owner,
                Priority priority,
                @NotEmpty List<@Valid Step> steps,
                Step fallback) {}

    private static ObjectNode schemaOf(Class<?> type) {
        var config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                        JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .build();
        return new SchemaGenerator(config).generateSchema(type);
    }

    @Test
    void generatedOutputBindsToTheRecordAndPassesBeanValidation() throws Exception {
        ToolDefinition output = new ToolDefinition("final_result", "", schemaOf(Plan.class), false);
        var params = new ModelRequestParameters(List.of(), List.of(output), false, OutputMode.TOOL);

        ModelResponse r = new TestModel().request(List.of(ModelRequest.user("plan")), ModelSettings.DEFAULTS, params);
        JsonNode args = r.toolCalls().get(0).args();
        Plan plan = Messages.mapper().treeToValue(args, Plan.class);

        // the validator agents check outputs with (Hibernate's, without an Expression Language)
        assertThat(Validation.violations(plan)).as("violations for %s from schema %s", args, output.parametersSchema())
                .isEmpty();
        assertThat(plan.title()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(plan.tags()).hasSize(2);
        assertThat(plan.effort()).isBetween(5, 9);
        assertThat(plan.priority()).isEqualTo(Priority.LOW);
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.fallback()).isNotNull();
    }
}
