package dev.steadfast.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.steadfast.agent.Agent;
import dev.steadfast.agent.Tool;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** TestModel fills every Java type a tool or output may use with a value Jackson binds. */
class TestModelJavaTypesTest {
    enum Priority { LOW, HIGH }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    sealed interface Slot permits Fixed, Flexible {}

    record Fixed(LocalDateTime at, Duration length) implements Slot {}

    record Flexible(LocalDate day, OffsetTime earliest) implements Slot {}

    record Meeting(String title, Slot slot, Optional<Priority> priority, Map<String, Integer> seats, List<UUID> people,
                   Period repeat, YearMonth until, LocalTime reminder, Locale language, URI room, BigDecimal budget,
                   Instant created, char code) {}

    static final class Calendar {
        final List<Object> booked = new ArrayList<>();

        @Tool("Book a meeting")
        String book(Meeting meeting, Optional<String> note, OptionalInt attempts) {
            booked.add(meeting);
            booked.add(note);
            booked.add(attempts);
            return "booked";
        }
    }

    @Test
    void everyJavaTypeGetsAValueJacksonReads() {
        Calendar calendar = new Calendar();
        Agent<Void, Meeting> agent = Agent.builder().model(new TestModel()).tools(calendar).output(Meeting.class).build();

        Meeting out = agent.run("Plan the offsite").output();

        assertThat(calendar.booked).hasSize(3);
        assertThat(calendar.booked.getFirst()).isInstanceOf(Meeting.class);
        assertThat(out.slot()).isInstanceOf(Fixed.class);
        assertThat(out.until()).isNotNull();
        assertThat(out.language()).isNotNull();
    }
}
