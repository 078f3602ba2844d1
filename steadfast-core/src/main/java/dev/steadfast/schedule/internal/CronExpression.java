package dev.steadfast.schedule.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed five-field cron expression and its next-fire computation. Every field is checked with a
 * message that names it and the bad part; an expression that can never fire is refused too.
 */
public final class CronExpression {
    private record Field(String name, int min, int max, List<String> names) {}

    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Field[] FIELDS = {
        new Field("minute", 0, 59, List.of()),
        new Field("hour", 0, 23, List.of()),
        new Field("day-of-month", 1, 31, List.of()),
        new Field("month", 1, 12, MONTHS),
        new Field("day-of-week", 0, 7, DAYS),
    };
    private static final int[] MAX_MONTH_DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    /** How far ahead {@link #next} looks: past this the expression fires no more (only Feb 29 is that rare). */
    private static final int SEARCH_YEARS = 9;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;

    private CronExpression(BitSet[] f) {
        this.minutes = f[0];
        this.hours = f[1];
        this.days = f[2];
        this.months = f[3];
        this.weekdays = f[4];
    }

    /** Parses {@code expression}. @throws IllegalArgumentException naming the field and the part that is wrong */
    public static CronExpression parse(String expression) {
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("Cron expression '" + expression + "' has " + parts.length
                    + " fields; it needs 5: minute hour day-of-month month day-of-week (e.g. '0 3 * * *')");
        }
        boolean domRestricted = !isStar(parts[2]);
        boolean dowRestricted = !isStar(parts[4]);
        if (domRestricted && dowRestricted) {
            throw new IllegalArgumentException("Cron expression '" + expression + "' restricts both day-of-month ('"
                    + parts[2] + "') and day-of-week ('" + parts[4] + "'); cron would fire when either matches."
                    + " Restrict one and leave the other '*'.");
        }
        BitSet[] sets = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            sets[i] = field(expression, FIELDS[i], parts[i]);
        }
        if (sets[4].get(7)) {
            sets[4].set(0); // 7 is Sunday too
        }
        if (domRestricted && !anyDayInMonths(sets[2], sets[3])) {
            throw new IllegalArgumentException("Cron expression '" + expression + "' never fires: no month in '"
                    + parts[3] + "' has a day in '" + parts[2] + "'");
        }
        return new CronExpression(sets);
    }

    private static boolean isStar(String part) {
        return part.equals("*") || part.equals("?");
    }

    private static boolean anyDayInMonths(BitSet days, BitSet months) {
        for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
            if (days.nextSetBit(1) <= MAX_MONTH_DAYS[m - 1]) {
                return true;
            }
        }
        return false;
    }

    private static BitSet field(String expression, Field f, String part) {
        var set = new BitSet();
        for (String item : part.split(",", -1)) {
            String where = "Cron expression '" + expression + "', " + f.name + " field '" + part + "': ";
            if (item.isEmpty()) {
                throw new IllegalArgumentException(where + "an empty item in the list");
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(where, f, item.substring(slash + 1), false);
                if (step < 1) {
                    throw new IllegalArgumentException(where + "step must be at least 1 but was " + step);
                }
            }
            int lo;
            int hi;
            if (isStar(range)) {
                lo = f.min;
                hi = f.name.equals("day-of-week") ? 6 : f.max;
            } else if (range.indexOf('-') > 0) {
                int dash = range.indexOf('-');
                lo = number(where, f, range.substring(0, dash), true);
                hi = number(where, f, range.substring(dash + 1), true);
                if (lo > hi) {
                    throw new IllegalArgumentException(
                            where + "range " + range + " runs backwards; write " + hi + "-" + lo);
                }
            } else {
                lo = number(where, f, range, true);
                hi = slash >= 0 ? f.max : lo; // "5/15" steps from 5 to the end of the field
            }
            for (int v = lo; v <= hi; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String where, Field f, String text, boolean inRange) {
        int v;
        int named = f.names.indexOf(text.toUpperCase(Locale.ROOT));
        if (inRange && named >= 0) {
            v = named + f.min;
        } else {
            try {
                v = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                String allowed = f.names.isEmpty() ? "" : " or a name (" + String.join(", ", f.names) + ")";
                throw new IllegalArgumentException(where + "'" + text + "' is not a number" + allowed, e);
            }
        }
        if (inRange && (v < f.min || v > f.max)) {
            throw new IllegalArgumentException(
                    where + "value " + v + " is out of range; it must be between " + f.min + " and " + f.max);
        }
        return v;
    }

    /** The first instant strictly after {@code after} whose local time in {@code zone} matches, or empty. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(after, zone)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        int lastYear = t.getYear() + SEARCH_YEARS;
        while (t.getYear() <= lastYear) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).toLocalDate().atStartOfDay().plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                // a skipped local time resolves later by the gap; one passed twice resolves to the first time
                Instant at = ZonedDateTime.ofLocal(t, zone, null).toInstant();
                if (at.isAfter(after)) {
                    return Optional.of(at);
                }
                t = t.plusMinutes(1);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime t) {
        DayOfWeek dow = t.getDayOfWeek();
        return days.get(t.getDayOfMonth()) && weekdays.get(dow.getValue() % 7);
    }
}
