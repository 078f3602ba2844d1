package dev.steadfast.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.steadfast.model.internal.StrictSchema;
import dev.steadfast.model.internal.StrictRules;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each Java type a tool or output may use: its schema accepts what Jackson binds, and nothing it rejects. */
class SchemasTest {
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
    @interface Nullable {}

    /** JSpecify's kind: a type-use annotation only. */
    static final class TypeUse {
        @Retention(RetentionPolicy.RUNTIME)
        @Target(ElementType.TYPE_USE)
        @interface Nullable {}
    }

    record Notes(String title, @TypeUse.Nullable String note, List<String> lines) {}

    enum Color { RED, @JsonProperty("green") GREEN }

    record Optionals(Optional<String> text, OptionalInt count, OptionalLong big, OptionalDouble ratio, @Nullable String note) {}

    record Maps(Map<String, Integer> scores, Map<Color, String> labels) {}

    record Colors(Color color, Set<Color> more) {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    sealed interface Shape permits Circle, Square {}

    @JsonTypeName("circle")
    record Circle(double radius) implements Shape {}

    @JsonTypeName("square")
    record Square(double side) implements Shape {}

    record Drawing(Shape shape, List<Shape> others) {}

    sealed interface Contact permits Email, Phone {}

    record Email(String address) implements Contact {}

    record Phone(String number, int country) implements Contact {}

    record Person(String name, Contact contact) {}

    record Node(String name, List<Node> children) {}

    record Page<T>(List<T> items, Optional<Page<T>> next) {}

    record Pages(Page<String> names, Page<Integer> numbers) {}

    record Renamed(@JsonProperty("full_name") String fullName, @com.fasterxml.jackson.annotation.JsonIgnore String secret,
                   int age) {}

    record Sequences(List<String> list, String[] array, int[] numbers) {}

    record Times(Instant at, LocalDate day, LocalDateTime local, LocalTime time, OffsetDateTime offset, Duration took,
                 Period every, YearMonth month, ZoneId zone) {}

    record Values(BigDecimal price, BigInteger huge, UUID id, URI link, java.net.URL page, char initial, byte small) {}

    @Test
    void optionalsAndNullablesMayBeNullOrLeftOut() {
        SchemaCheck.of(Optionals.class)
                .accepts("{}", """
                        {"text": null, "count": null, "big": null, "ratio": null, "note": null}""", """
                        {"text": "hi", "count": 3, "big": 9007199254740993, "ratio": 0.5, "note": "n"}""")
                .rejects("{\"count\": \"three\"}", "{\"text\": {\"a\": 1}}", "{\"ratio\": [1]}")
                .roundTrips(new Optionals(Optional.of("hi"), OptionalInt.of(3), OptionalLong.empty(), OptionalDouble.of(0.5), null));
    }

    @Test
    void aTypeUseNullableMayBeNullOrLeftOut() {
        SchemaCheck.of(Notes.class)
                .accepts("{\"title\": \"t\", \"lines\": []}", "{\"title\": \"t\", \"note\": null, \"lines\": [\"a\"]}")
                .rejects("{\"title\": \"t\", \"note\": {}, \"lines\": []}")
                .roundTrips(new Notes("t", null, List.of("a")));
    }

    @Test
    void mapsAreObjectsOfTheirValueType() {
        SchemaCheck.of(Maps.class)
                .accepts("{\"scores\": {\"a\": 1, \"b\": 2}, \"labels\": {}}", "{\"scores\": {}, \"labels\": {\"RED\": \"stop\"}}")
                .rejects("{\"scores\": {\"a\": \"high\"}, \"labels\": {}}", "{\"scores\": [1], \"labels\": {}}",
                        "{\"scores\": {}, \"labels\": {\"PURPLE\": \"x\"}}")
                .roundTrips(new Maps(Map.of("a", 1), Map.of(Color.RED, "stop")));
    }

    @Test
    void enumsAreTheNamesJacksonReads() {
        SchemaCheck.of(Colors.class)
                .accepts("{\"color\": \"RED\", \"more\": [\"green\"]}")
                .rejects("{\"color\": \"PURPLE\", \"more\": []}", "{\"color\": \"RED\", \"more\": \"RED\"}")
                .roundTrips(new Colors(Color.GREEN, Set.of(Color.RED)));
    }

    @Test
    void aSealedInterfaceWithATypePropertyIsAnAnyOfWithJacksonsTypeIds() {
        var check = SchemaCheck.of(Drawing.class)
                .accepts("""
                        {"shape": {"kind": "circle", "radius": 2}, "others": [{"kind": "square", "side": 1}]}""")
                .rejects("""
                        {"shape": {"kind": "hexagon", "radius": 2}, "others": []}""", """
                        {"shape": {"radius": 2}, "others": []}""")
                .roundTrips(new Drawing(new Circle(2), List.of(new Square(1), new Circle(0.5))));
        assertThat(check.schema().toString()).contains("\"enum\":[\"circle\"]", "\"enum\":[\"square\"]");
    }

    @Test
    void aSealedInterfaceWithoutTypeInfoIsToldApartByItsFields() {
        SchemaCheck.of(Person.class)
                .accepts("{\"name\": \"Ann\", \"contact\": {\"address\": \"ann@example.com\"}}",
                        "{\"name\": \"Bo\", \"contact\": {\"number\": \"555\", \"country\": 44}}")
                .rejects("{\"name\": \"Cy\", \"contact\": {\"fax\": \"1\"}}", "{\"name\": \"Di\", \"contact\": \"ann@example.com\"}")
                .roundTrips(new Person("Ann", new Email("ann@example.com")))
                .roundTrips(new Person("Bo", new Phone("555", 44)));
    }

    @Test
    void recursiveRecordsReferToThemselves() {
        var check = SchemaCheck.of(Node.class)
                .accepts("{\"name\": \"root\", \"children\": [{\"name\": \"leaf\", \"children\": []}]}")
                .rejects("{\"name\": \"root\", \"children\": [{\"name\": [], \"children\": []}]}")
                .roundTrips(new Node("root", List.of(new Node("a", List.of(new Node("b", List.of()))))));
        assertThat(check.schema().toString()).contains("$ref");
    }

    @Test
    void genericRecordsGetOneDefinitionPerTypeArgumentWithPlainKeys() {
        var check = SchemaCheck.of(Pages.class)
                .accepts("{\"names\": {\"items\": [\"a\"], \"next\": {\"items\": [\"b\"]}}, \"numbers\": {\"items\": [1]}}")
                .rejects("{\"names\": {\"items\": [1]}, \"numbers\": {\"items\": [\"x\"]}}")
                .roundTrips(new Pages(new Page<>(List.of("a"), Optional.of(new Page<>(List.of("b"), Optional.empty()))),
                        new Page<>(List.of(1), Optional.empty())));
        check.schema().get("$defs").fieldNames().forEachRemaining(key -> assertThat(key).matches("[A-Za-z0-9_.-]+"));
    }

    @Test
    void jacksonNamesAndIgnoredFieldsAreWhatTheSchemaSays() {
        var check = SchemaCheck.of(Renamed.class)
                .accepts("{\"full_name\": \"Ada\", \"age\": 36}")
                .rejects("{\"full_name\": [], \"age\": 36}", "{\"full_name\": \"Ada\", \"age\": \"old\"}")
                .roundTrips(new Renamed("Ada", null, 36));
        assertThat(check.schema().get("properties").has("secret")).isFalse();
        assertThat(check.schema().get("required").toString()).isEqualTo("[\"full_name\",\"age\"]");
    }

    @Test
    void listsAndArraysAreArrays() {
        SchemaCheck.of(Sequences.class)
                .accepts("{\"list\": [\"a\"], \"array\": [], \"numbers\": [1, 2]}")
                .rejects("{\"list\": \"a\", \"array\": [], \"numbers\": []}", "{\"list\": [], \"array\": [], \"numbers\": [\"x\"]}");
    }

    @Test
    void javaTimeValuesHaveTheFormJacksonReads() {
        SchemaCheck.of(Times.class)
                .accepts("""
                        {"at": "2025-03-14T09:30:00Z", "day": "2025-03-14", "local": "2025-03-14T09:30:00",
                         "time": "09:30", "offset": "2025-03-14T09:30:00+02:00", "took": "PT30M", "every": "P1Y2M",
                         "month": "2025-03", "zone": "Europe/Paris"}""")
                .rejects(times("\"at\": \"yesterday\""), times("\"day\": \"14/03/2025\""),
                        times("\"local\": \"2025-03-14T09:30:00+02:00\""), times("\"time\": \"9.30\""),
                        times("\"took\": \"30 minutes\""), times("\"every\": \"monthly\""), times("\"month\": \"March\""))
                .roundTrips(new Times(Instant.parse("2025-03-14T09:30:00.123Z"), LocalDate.of(2025, 3, 14),
                        LocalDateTime.of(2025, 3, 14, 9, 30, 15), LocalTime.of(9, 30), OffsetDateTime.parse("2025-03-14T07:30:00Z"), // Jackson reads offsets back as UTC
                        Duration.ofMinutes(90), Period.of(1, 2, 3), YearMonth.of(2025, 3), ZoneId.of("Europe/Paris")));
    }

    private static String times(String override) {
        var base = new java.util.LinkedHashMap<String, String>(Map.of("at", "\"2025-03-14T09:30:00Z\"", "day", "\"2025-03-14\"",
                "local", "\"2025-03-14T09:30:00\"", "time", "\"09:30\"", "offset", "\"2025-03-14T09:30:00Z\"", "took", "\"PT1S\"",
                "every", "\"P1D\"", "month", "\"2025-03\"", "zone", "\"UTC\""));
        String key = override.substring(1, override.indexOf('"', 1));
        base.put(key, override.substring(override.indexOf(':') + 1).strip());
        var sb = new StringBuilder("{");
        base.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return sb.append('}').toString();
    }

    @Test
    void numbersIdentifiersAndLinks() {
        SchemaCheck.of(Values.class)
                .accepts("""
                        {"price": 12.50, "huge": 123456789012345678901234567890, "id": "123e4567-e89b-12d3-a456-426614174000",
                         "link": "https://example.com/a?b=1", "page": "https://example.com/", "initial": "x", "small": 12}""")
                .rejects(values("\"price\": \"cheap\""), values("\"id\": \"not-a-uuid\""), values("\"link\": \"ht tp://bad uri\""),
                        values("\"initial\": \"xy\""), values("\"small\": 300"), values("\"page\": {\"host\": \"example.com\"}"));
    }

    private static String values(String override) {
        String base = """
                {"price": 1, "huge": 1, "id": "123e4567-e89b-12d3-a456-426614174000", "link": "https://e.com", \
                "page": "https://e.com", "initial": "x", "small": 1}""";
        String key = override.substring(0, override.indexOf(':'));
        return base.replaceFirst(java.util.regex.Pattern.quote(key) + ": (\"[^\"]*\"|\\d+)", java.util.regex.Matcher.quoteReplacement(override));
    }

    @Test
    void everySchemaButTheOpenMapsIsStrictUnderOpenAisRules() {
        for (Class<?> type : List.of(Optionals.class, Colors.class, Drawing.class, Person.class, Node.class, Pages.class,
                Sequences.class, Times.class, Values.class)) {
            var result = StrictSchema.convert(SchemaCheck.of(type).schema());
            assertThat(result.notStrictBecause()).as(type.getSimpleName()).isNull();
            assertThat(StrictRules.breaches(result.schema())).isEmpty();
        }
        assertThat(StrictSchema.convert(SchemaCheck.of(Maps.class).schema()).notStrictBecause()).contains("open map");
    }
}
