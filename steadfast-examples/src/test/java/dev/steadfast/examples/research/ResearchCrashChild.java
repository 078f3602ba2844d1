package dev.steadfast.examples.research;

import dev.steadfast.engine.EmbeddedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The process {@link ResearchCrashIT} kills: it starts the research run, with every model request and
 * search logged as {@code start <step>} and {@code done <step>} to {@value #EFFECTS}; the step named in
 * {@code args[2]} prints {@code HELD} after its start and hangs until the test SIGKILLs the process.
 *
 * <p>Arguments: the database file, the log directory, the step to hold.
 */
public final class ResearchCrashChild {
    static final String EFFECTS = "effects.log";
    static final String RUN_ID = "research-crash";

    private ResearchCrashChild() {}

    /** Effects that log to {@code logDir}; {@code held} (or none, when {@code null}) hangs after its start. */
    static ResearchTeam.Effects logging(Path logDir, String held) {
        return step -> {
            append(logDir.resolve(EFFECTS), "start " + step);
            if (step.equals(held)) {
                System.out.println("HELD");
                System.out.flush();
                try {
                    Thread.sleep(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the test should have killed this process by now");
            }
            append(logDir.resolve(EFFECTS), "done " + step);
        };
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.writeString(
                    file,
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        var engine = EmbeddedEngine.builder()
                .database(Path.of(args[0]))
                .register(new ResearchWorkflow(new ResearchTeam(logging(Path.of(args[1]), args[2]))))
                .build();
        engine.start(ResearchWorkflow.class, RUN_ID, "consensus");
        Thread.sleep(Duration.ofMinutes(5)); // never closes the engine: it dies with SIGKILL
    }
}
