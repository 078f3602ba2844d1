package dev.steadfast.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Hints for a {@code --db} that names nothing: the database files beside it, the closest name first. */
final class DbFiles {
    private DbFiles() {}

    /** " (did you mean X?)" for a missing file with a close name beside it, or "". */
    static String nearby(Path missing) {
        Path dir = missing.toAbsolutePath().getParent();
        String name = missing.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Path> close = databases(dir).stream()
                .filter(p -> distance(p.getFileName().toString().toLowerCase(Locale.ROOT), name) <= Math.max(2, name.length() / 3))
                .sorted(Comparator.comparingInt(p -> distance(p.getFileName().toString().toLowerCase(Locale.ROOT), name)))
                .toList();
        return close.isEmpty() ? "" : " (did you mean " + Terminal.line(shown(missing, close.getFirst()), 300) + "?)";
    }

    /** " (database files in it: a.db, b.db)" for a directory, or "". */
    static String listed(Path dir) {
        List<Path> dbs = databases(dir.toAbsolutePath());
        return dbs.isEmpty() ? "" : " (database files in it: " + String.join(", ",
                dbs.stream().limit(5).map(p -> Terminal.line(dir.resolve(p.getFileName()).toString(), 200)).toList()) + ")";
    }

    private static String shown(Path asGiven, Path found) {
        Path parent = asGiven.getParent();
        return parent == null ? found.getFileName().toString() : parent.resolve(found.getFileName()).toString();
    }

    private static List<Path> databases(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".db")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Levenshtein distance: how many single-character edits turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
