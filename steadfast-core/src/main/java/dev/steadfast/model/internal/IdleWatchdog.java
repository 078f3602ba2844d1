package dev.steadfast.model.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that has sent nothing for longer than its idle timeout, so a stream that
 * stalls fails instead of blocking its reader forever. The JDK's request timeout only bounds the
 * wait for the headers; a streamed answer may rightly take many minutes in total, so what is bounded
 * here is the silence between two chunks, not the total time. Only time a read spends waiting counts:
 * a reader that stops reading (a slow consumer holding the run at a full buffer) is not a silent
 * server, and timing it out would pay for the answer again.
 *
 * <p>One daemon thread serves every stream; each stream costs one scheduled check per timeout
 * period, not one per chunk (a read only records when it began).
 *
 * <pre>{@code
 * try (IdleWatchdog body = IdleWatchdog.watch(response.body(), Duration.ofMinutes(10).toNanos())) {
 *     new SseReader(body).read(listener);
 *     if (body.timedOut()) throw new ModelTimeoutException(...);
 * }
 * }</pre>
 */
final class IdleWatchdog extends FilterInputStream {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "steadfast-stream-idle-timeout");
        t.setDaemon(true);
        return t;
    });

    private static final long NOT_READING = Long.MIN_VALUE;

    private final long timeoutNanos;
    /** When the read in progress began, or {@link #NOT_READING}: only a reader that waits can find the server silent. */
    private volatile long readingSince = NOT_READING;

    private volatile boolean timedOut;
    private volatile boolean closed;
    private ScheduledFuture<?> check;

    private IdleWatchdog(InputStream in, long timeoutNanos) {
        super(in);
        this.timeoutNanos = timeoutNanos;
    }

    /** Watches {@code in}: closes it once it has been silent for {@code timeoutNanos}. */
    static IdleWatchdog watch(InputStream in, long timeoutNanos) {
        IdleWatchdog w = new IdleWatchdog(in, timeoutNanos);
        w.schedule(timeoutNanos);
        return w;
    }

    /** Whether the stream was closed because it stalled. */
    boolean timedOut() {
        return timedOut;
    }

    private synchronized void schedule(long delayNanos) {
        if (!closed) {
            check = TIMER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        long since = readingSince;
        if (since == NOT_READING) { // the reader is busy with what it read (or paused by a slow consumer)
            schedule(timeoutNanos);
            return;
        }
        long idle = System.nanoTime() - since;
        if (idle < timeoutNanos) {
            schedule(timeoutNanos - idle);
            return;
        }
        timedOut = true;
        try {
            close(); // wakes the reader: the JDK's body stream ends when closed
        } catch (IOException ignored) {
            // closing is all we can do; the reader reports the timeout
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        readingSince = System.nanoTime();
        try {
            return super.read(b, off, len);
        } finally {
            readingSince = NOT_READING;
        }
    }

    @Override
    public int read() throws IOException {
        readingSince = System.nanoTime();
        try {
            return super.read();
        } finally {
            readingSince = NOT_READING;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            if (check != null) {
                check.cancel(false);
            }
        }
        super.close();
    }
}
