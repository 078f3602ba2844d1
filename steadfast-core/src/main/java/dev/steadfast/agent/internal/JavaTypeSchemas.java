package dev.steadfast.agent.internal;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import dev.steadfast.message.Messages;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Schemas of the JDK value types Jackson reads from a single JSON value (a string or a number), each
 * matching the form Jackson writes and reads: {@code LocalDateTime} has no offset, so it gets a
 * pattern, not {@code format: date-time} (which demands one); a {@code byte} is a number, not a
 * string. Without this table the generator would describe their Java fields ({@code URL} as an
 * object of {@code host}, {@code port}, ...).
 */
final class JavaTypeSchemas {
    private static final String LOCAL_TIME = "\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?";
    private static final Map<Class<?>, String> FIXED = Map.ofEntries(
            Map.entry(Instant.class, "{\"type\":\"string\",\"format\":\"date-time\"}"),
            Map.entry(OffsetDateTime.class, "{\"type\":\"string\",\"format\":\"date-time\"}"),
            Map.entry(ZonedDateTime.class, "{\"type\":\"string\",\"format\":\"date-time\"}"),
            Map.entry(LocalDate.class, "{\"type\":\"string\",\"format\":\"date\"}"),
            Map.entry(LocalDateTime.class, pattern("\\d{4}-\\d{2}-\\d{2}T" + LOCAL_TIME,
                    "a local date-time without offset", "2025-03-14T09:30:00")),
            Map.entry(LocalTime.class, pattern(LOCAL_TIME, "a local time without offset", "09:30:00")),
            Map.entry(OffsetTime.class, "{\"type\":\"string\",\"format\":\"time\"}"),
            // Jackson writes a Duration as seconds and reads that or the ISO-8601 form a model writes more naturally
            Map.entry(Duration.class, "{\"anyOf\":[" + pattern("[-+]?P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d{1,9})?S)?)?",
                    "an ISO-8601 duration in days, hours, minutes and seconds", "PT30M")
                    + ",{\"type\":\"number\",\"description\":\"seconds\"}]}"),
            Map.entry(Period.class, pattern("[-+]?P(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?",
                    "an ISO-8601 period in years, months, weeks and days", "P1Y2M")),
            Map.entry(Year.class, "{\"type\":\"integer\"}"),
            Map.entry(YearMonth.class, pattern("\\d{4}-\\d{2}", "a year and month", "2025-03")),
            Map.entry(MonthDay.class, pattern("--\\d{2}-\\d{2}", "a month and day", "--03-14")),
            Map.entry(ZoneOffset.class, pattern("Z|[+-]\\d{2}:\\d{2}", "a UTC offset", "+02:00")),
            Map.entry(UUID.class, "{\"type\":\"string\",\"format\":\"uuid\"}"),
            Map.entry(URI.class, "{\"type\":\"string\",\"format\":\"uri\"}"),
            Map.entry(URL.class, "{\"type\":\"string\",\"format\":\"uri\"}"),
            Map.entry(Locale.class, pattern("[a-zA-Z]{2,8}([-_][a-zA-Z0-9]{1,8})*", "a language tag", "en-US")),
            Map.entry(Currency.class, pattern("[A-Z]{3}", "an ISO-4217 currency code", "EUR")),
            Map.entry(OptionalInt.class, "{\"type\":\"integer\"}"),
            Map.entry(OptionalLong.class, "{\"type\":\"integer\"}"),
            Map.entry(OptionalDouble.class, "{\"type\":\"number\"}"),
            Map.entry(char.class, "{\"type\":\"string\",\"minLength\":1,\"maxLength\":1}"),
            Map.entry(Character.class, "{\"type\":\"string\",\"minLength\":1,\"maxLength\":1}"),
            Map.entry(byte.class, "{\"type\":\"integer\",\"minimum\":-128,\"maximum\":127}"),
            Map.entry(Byte.class, "{\"type\":\"integer\",\"minimum\":-128,\"maximum\":127}"),
            Map.entry(short.class, "{\"type\":\"integer\",\"minimum\":-32768,\"maximum\":32767}"),
            Map.entry(Short.class, "{\"type\":\"integer\",\"minimum\":-32768,\"maximum\":32767}"));

    private JavaTypeSchemas() {}

    /** A string matching {@code regex}, with an example that does (models and {@code TestModel} follow it). */
    private static String pattern(String regex, String description, String example) {
        ObjectNode s = Messages.mapper().createObjectNode().put("type", "string").put("pattern", "^(" + regex + ")$")
                .put("description", description);
        s.putArray("examples").add(example);
        return s.toString();
    }

    /** The schema of a JDK value type or an enum, or {@code null} for any other type. */
    static CustomDefinition definition(ResolvedType type, SchemaGenerationContext context) {
        Class<?> raw = type.getErasedType();
        if (raw.isEnum()) {
            return enumDefinition(raw);
        }
        String json = FIXED.get(raw);
        if (json == null) {
            // ZoneId's concrete classes (ZoneRegion) are not public; any zone reads from its id
            return ZoneId.class.isAssignableFrom(raw) && raw != ZoneOffset.class
                    ? inline("{\"type\":\"string\",\"description\":\"a time-zone id, e.g. Europe/Paris\"}") : null;
        }
        return inline(json);
    }

    /** An enum's values as Jackson writes them ({@code @JsonProperty} and {@code @JsonValue} included). */
    private static CustomDefinition enumDefinition(Class<?> raw) {
        ObjectNode schema = Messages.mapper().createObjectNode();
        var values = Messages.mapper().createArrayNode();
        boolean strings = true;
        for (Object constant : raw.getEnumConstants()) {
            JsonNode v = Messages.mapper().valueToTree(constant);
            strings &= v.isTextual();
            values.add(v);
        }
        if (strings) {
            schema.put("type", "string");
        }
        schema.set("enum", values);
        return new CustomDefinition(schema, CustomDefinition.DefinitionType.STANDARD, CustomDefinition.AttributeInclusion.YES);
    }

    private static CustomDefinition inline(String json) {
        try {
            JsonNode node = Messages.mapper().readTree(json);
            return new CustomDefinition((ObjectNode) node, CustomDefinition.DefinitionType.INLINE,
                    CustomDefinition.AttributeInclusion.YES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a value of {@code raw} may be left out or null, as {@code Optional} may. */
    static boolean isOptional(Class<?> raw) {
        return raw == java.util.Optional.class || raw == OptionalInt.class || raw == OptionalLong.class
                || raw == OptionalDouble.class;
    }
}
