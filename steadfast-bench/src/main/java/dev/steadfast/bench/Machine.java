package dev.steadfast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What the figures were measured on: CPU, cores, memory, JDK, when, and how busy the machine was
 * (load averages near or above the core count mean other work competed with the benchmarks).
 *
 * @param cpu the CPU model from {@code /proc/cpuinfo}
 * @param cores the processors the JVM sees
 * @param memory total memory from {@code /proc/meminfo}, e.g. {@code 23.4 GiB}
 * @param jdk vendor, VM and version
 * @param date when the run started
 * @param loadAverage the 1-minute load average when the run started
 */
public record Machine(String cpu, int cores, String memory, String jdk, String date, double loadAverage) {
    /** This machine, now. */
    public static Machine current() {
        String cpu = procField("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
        String memory = procField("/proc/meminfo", "MemTotal")
                .map(v -> String.format("%.1f GiB", Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version");
        String date = ZonedDateTime.now(ZoneId.systemDefault())
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .replaceFirst("\\.\\d+", "");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, jdk, date, loadNow());
    }

    /** The 1-minute load average now, or NaN where {@code /proc/loadavg} is missing. */
    public static double loadNow() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static java.util.Optional<String> procField(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream()
                    .filter(l -> l.startsWith(key))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
