package dev.steadfast.cli.internal;

import java.time.Duration;
import java.util.Locale;

/** Durations as the commands take them in short: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}. */
final class Durations {
    private Durations() {}

    /**
     * {@code text} as a short duration, or {@code null} when it is not one.
     *
     * @throws NumberFormatException when the number does not fit a {@code long}
     */
    static Duration shortForm(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!t.matches("\\d+(ms|[smhd])")) {
            return null;
        }
        long n = Long.parseLong(t.replaceAll("\\D", ""));
        return switch (t.replaceAll("\\d", "")) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
