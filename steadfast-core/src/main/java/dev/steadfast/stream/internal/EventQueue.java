package dev.steadfast.stream.internal;

import static java.util.Objects.requireNonNull;

import dev.steadfast.SteadfastException;
import dev.steadfast.error.CancelledException;
import dev.steadfast.stream.EventStream;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, read-once {@link EventStream}: one producer {@link #put}s (waiting while the queue is full,
 * so nothing is dropped), then {@link #end}s or {@link #fail}s it; one reader iterates or subscribes.
 * {@link #close} empties it, wakes a waiting producer with a {@link CancelledException} and runs the
 * close action once (cancelling what feeds it).
 */
public final class EventQueue<E> implements EventStream<E> {
    /** Events buffered before a producer waits for its reader. */
    public static final int CAPACITY = 256;

    private final ArrayDeque<E> items = new ArrayDeque<>();
    private final String name;
    private final int capacity;
    private final Runnable onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean ended;
    private boolean closed;
    private boolean claimed;
    private boolean skipping;
    private Throwable failure;

    /**
     * @param name what the stream carries, for the cancellation a closed stream throws at its producer
     * @param capacity events buffered before {@link #put} waits
     * @param onClose run once when the reader closes the stream
     */
    public EventQueue(String name, int capacity, Runnable onClose) {
        this.name = requireNonNull(name, "name");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        this.capacity = capacity;
        this.onClose = requireNonNull(onClose, "onClose");
    }

    /**
     * Adds an event, waiting while the queue is full.
     *
     * @throws CancelledException when the stream was closed (or the waiting thread interrupted): a
     *     cancellation no retry policy repeats
     */
    public void put(E event) {
        requireNonNull(event, "event");
        lock.lock();
        try {
            while (items.size() >= capacity && !closed && !skipping) {
                changed.await();
            }
            if (closed) {
                throw new CancelledException(name);
            }
            if (skipping) {
                return;
            }
            items.add(event);
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException(name);
        } finally {
            lock.unlock();
        }
    }

    /** No more events: the reader sees the end after the ones queued. */
    public void end() {
        finish(null);
    }

    /** The producer failed: the reader gets {@code error} after the events queued. */
    public void fail(Throwable error) {
        finish(requireNonNull(error, "error"));
    }

    private void finish(Throwable error) {
        lock.lock();
        try {
            if (!ended) {
                ended = true;
                failure = error;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops the events queued and every later one: nobody will read them, and the producer must not wait. */
    public void skipRest() {
        lock.lock();
        try {
            skipping = true;
            items.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reader closed the stream. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            items.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }

    @Override
    public Iterator<E> iterator() {
        claim();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return waitForNext();
            }

            @Override
            public E next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("The event stream has ended");
                }
                lock.lock();
                try {
                    E e = items.poll();
                    changed.signalAll();
                    return e;
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    private boolean waitForNext() {
        lock.lock();
        try {
            while (items.isEmpty() && !ended && !closed) {
                changed.await();
            }
            if (!items.isEmpty()) {
                return true;
            }
            if (failure != null && !closed) {
                throw unchecked(failure);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while waiting for the next event");
        } finally {
            lock.unlock();
        }
    }

    /** {@code failure} to throw as it is: a runtime exception or error itself, anything else wrapped. */
    public static RuntimeException unchecked(Throwable failure) {
        if (failure instanceof Error err) {
            throw err;
        }
        return failure instanceof RuntimeException re ? re : new SteadfastException(failure.toString(), failure);
    }

    private void claim() {
        lock.lock();
        try {
            if (claimed) {
                throw new IllegalStateException(
                        "This event stream is read once and was already iterated or subscribed to; "
                                + "start another run (or subscription) to read its events again");
            }
            claimed = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void subscribe(Flow.Subscriber<? super E> subscriber) {
        requireNonNull(subscriber, "subscriber");
        Iterator<E> events;
        try {
            events = iterator();
        } catch (IllegalStateException e) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(e);
            return;
        }
        new FlowDelivery<>(events, subscriber, this::close).start();
    }
}
