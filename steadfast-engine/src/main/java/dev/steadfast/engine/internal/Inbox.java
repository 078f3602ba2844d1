package dev.steadfast.engine.internal;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the owner of a database hears of decisions another process recorded in it (the CLI, a console
 * that does not own the file): every {@link #POLL_MILLIS} it reads the highest decision id, one
 * indexed lookup, and applies what is new through {@link Steering#apply}. Decisions recorded before the
 * owner opened the file need no inbox: recovery resumes every run that has something to act on.
 */
final class Inbox implements AutoCloseable {
    /** How often the owner looks for new decisions: a decision from another process takes effect within about this. */
    static final long POLL_MILLIS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private final SqliteStore store;
    private final Steering steering;
    private final Thread thread;
    private volatile boolean closed;
    private long seen;

    Inbox(SqliteStore store, Steering steering) {
        this.store = store;
        this.steering = steering;
        this.seen = store.read(Tables::lastDecisionId);
        this.thread = Thread.ofPlatform().daemon().name("steadfast-inbox").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
                if (store.read(Tables::lastDecisionId) > seen) {
                    List<Tables.DecisionRow> fresh = store.read(db -> Tables.decisionsAfter(db, seen));
                    for (Tables.DecisionRow d : fresh) {
                        seen = d.id(); // one that cannot be applied is not retried forever; recovery applies it on restart
                        steering.apply(d);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("Could not read the decisions inbox; trying again", e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
