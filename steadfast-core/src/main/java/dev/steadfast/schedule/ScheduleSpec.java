package dev.steadfast.schedule;

import static java.util.Objects.requireNonNull;

import dev.steadfast.schedule.internal.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a schedule fires: a {@link Cron} expression in a time zone, or a fixed {@link Interval}. Slots are
 * instants computed from the spec alone, so every process (and every restart) agrees on them.
 *
 * <pre>{@code
 * ScheduleSpec weekdays = ScheduleSpec.cron("0 9 * * MON-FRI", ZoneId.of("America/New_York"));
 * ScheduleSpec hourly = ScheduleSpec.every(Duration.ofHours(1));
 * }</pre>
 */
public sealed interface ScheduleSpec {
    /** The first slot strictly after {@code after}, or empty when the spec fires no more. */
    Optional<Instant> next(Instant after);

    /** A five-field cron expression in {@code zone} (see {@link Cron}). @throws IllegalArgumentException naming the bad field */
    static Cron cron(String expression, ZoneId zone) {
        return new Cron(expression, zone);
    }

    /** Every {@code every}, aligned to the Unix epoch. */
    static Interval every(Duration every) {
        return new Interval(every, Duration.ZERO);
    }

    /**
     * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) read in a time zone.
     * Each field is {@code *}, a number, a range {@code a-b}, a step {@code a-b/n} or {@code a/n} (a star
     * followed by {@code /n} steps over the whole field), or a list of those separated by commas; months and
     * days may be named ({@code JAN}, {@code MON}); Sunday is 0 or 7. Day-of-month and day-of-week may not both be restricted (cron would fire when either
     * matches, which surprises): restrict one and leave the other {@code *}.
     *
     * <p>Daylight saving: a local time the clock skips fires as much later as the clock jumped (02:30 on
     * the spring-forward night fires at 03:30); a local time the clock passes twice fires once, the first
     * time.
     */
    record Cron(String expression, ZoneId zone) implements ScheduleSpec {
        public Cron {
            requireNonNull(expression, "expression");
            requireNonNull(zone, "zone");
            CronExpression.parse(expression); // refuses a bad expression now, naming the field
        }

        @Override
        public Optional<Instant> next(Instant after) {
            return CronExpression.parse(expression).next(after, zone);
        }
    }

    /**
     * A slot every {@code every}, at the instants {@code epoch + offset + k * every}: an hourly interval
     * with a 15-minute offset fires at a quarter past each hour (UTC).
     */
    record Interval(Duration every, Duration offset) implements ScheduleSpec {
        public Interval {
            requireNonNull(every, "every");
            requireNonNull(offset, "offset");
            if (every.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("Interval every must be at least 1 second but was " + every);
            }
            if (offset.isNegative() || offset.compareTo(every) >= 0) {
                throw new IllegalArgumentException(
                        "Interval offset must be >= 0 and < every (" + every + ") but was " + offset);
            }
        }

        @Override
        public Optional<Instant> next(Instant after) {
            long period = every.toMillis();
            long shifted = after.toEpochMilli() - offset.toMillis();
            long k = Math.floorDiv(shifted, period) + 1;
            return Optional.of(Instant.ofEpochMilli(k * period + offset.toMillis()));
        }
    }
}
