package dev.steadfast.observe;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The process's {@link RunObserver}: plain agent runs and every engine report to the one installed here.
 * One global registration is deliberate: agents and engines are built by application code (or a framework's
 * beans) in any order, and an observer installed once at start-up sees them all without each builder being
 * told. Until one is installed nothing is observed and observing costs nothing measurable.
 *
 * <pre>{@code
 * RunObservers.install(SteadfastTelemetry.create(openTelemetry));   // steadfast-opentelemetry
 * }</pre>
 */
public final class RunObservers {
    private static final RunObserver NONE = new RunObserver() {
        @Override
        public RunObservation runStarted(ObservedRun run) {
            return RunObservation.NOOP;
        }

        @Override
        public RunObservation runResumed(ObservedRun run, String traceContext) {
            return RunObservation.NOOP;
        }
    };

    private static volatile RunObserver installed = NONE;
    private static final List<LongSupplier> WAITING = new CopyOnWriteArrayList<>();

    private RunObservers() {}

    /**
     * Installs {@code observer} for the whole process, replacing any other; runs already going on keep the
     * observer they started with. An exception the observer throws is logged and never fails a run.
     */
    public static void install(RunObserver observer) {
        installed = new SafeObserver(requireNonNull(observer, "observer"));
    }

    /** Removes the installed observer: from now on nothing is observed. */
    public static void uninstall() {
        installed = NONE;
    }

    /** Whether an observer is installed: engines skip the work of observing when none is. */
    public static boolean active() {
        return installed instanceof SafeObserver;
    }

    /** The installed observer (one that observes nothing when none is). For engines and the agent loop. */
    public static RunObserver installed() {
        return installed;
    }

    /**
     * Adds a source of the number of runs waiting (for a signal, a timer, an approval) — an engine adds its
     * own while it is open and closes the returned handle when it closes.
     */
    public static AutoCloseable addWaitingRuns(LongSupplier source) {
        requireNonNull(source, "source");
        WAITING.add(source);
        return () -> WAITING.remove(source);
    }

    /** How many runs the open engines of this process report waiting; a source that fails is skipped. */
    public static long waitingRuns() {
        long sum = 0;
        for (LongSupplier s : WAITING) {
            try {
                sum += s.getAsLong();
            } catch (RuntimeException e) {
                // an engine closing under the gauge: it has no runs to report
            }
        }
        return sum;
    }
}
