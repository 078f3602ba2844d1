package dev.steadfast.stream.internal;

import java.util.Iterator;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers a blocking iterator's events to one {@link Flow.Subscriber} on a virtual thread, as many as
 * it has requested (Reactive Streams rules: a non-positive request is an error, cancel stops delivery
 * and closes the source).
 */
final class FlowDelivery<E> implements Flow.Subscription {
    private final Iterator<E> events;
    private final Flow.Subscriber<? super E> subscriber;
    private final Runnable closeSource;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition more = lock.newCondition();
    private long demand;
    private boolean cancelled;
    private IllegalArgumentException badRequest;

    FlowDelivery(Iterator<E> events, Flow.Subscriber<? super E> subscriber, Runnable closeSource) {
        this.events = events;
        this.subscriber = subscriber;
        this.closeSource = closeSource;
    }

    void start() {
        subscriber.onSubscribe(this);
        Thread.ofVirtual().name("steadfast-stream-delivery").start(this::deliver);
    }

    @Override
    public void request(long n) {
        lock.lock();
        try {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("Subscription.request(n) needs n > 0 but was " + n);
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            more.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void cancel() {
        lock.lock();
        try {
            cancelled = true;
            more.signalAll();
        } finally {
            lock.unlock();
        }
        closeSource.run();
    }

    private void deliver() {
        try {
            while (true) {
                lock.lock();
                try {
                    while (demand == 0 && !cancelled && badRequest == null) {
                        more.await();
                    }
                    if (cancelled) {
                        return;
                    }
                    if (badRequest != null) {
                        cancelled = true;
                        closeSource.run();
                        subscriber.onError(badRequest);
                        return;
                    }
                    demand--;
                } finally {
                    lock.unlock();
                }
                if (!events.hasNext()) {
                    if (!isCancelled()) {
                        subscriber.onComplete();
                    }
                    return;
                }
                E next = events.next();
                if (isCancelled()) {
                    return;
                }
                subscriber.onNext(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            if (!isCancelled()) {
                subscriber.onError(e);
            }
        }
    }

    private boolean isCancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }
}
