package dev.steadfast.engine.internal;

/** Small thread chores shared by the engine's parts. */
final class Threads {
    private Threads() {}

    /** Waits for {@code t} to end, however often the caller is interrupted meanwhile; keeps the interrupt. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
