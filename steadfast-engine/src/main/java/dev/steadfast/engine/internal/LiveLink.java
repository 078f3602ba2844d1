package dev.steadfast.engine.internal;

import dev.steadfast.stream.internal.LiveHub;
import dev.steadfast.stream.internal.LiveSteps;
import java.nio.file.Path;

/**
 * Where an engine's {@code events} followers find the model step streaming now: the owning engine's own
 * {@link LiveHub}, which it also serves to other processes ({@link LiveServer}); a read-only or steering
 * engine's copy of the owner's hub ({@link LiveMirror}).
 */
final class LiveLink implements AutoCloseable {
    final LiveSteps steps;
    private final AutoCloseable resource;

    private LiveLink(LiveSteps steps, AutoCloseable resource) {
        this.steps = steps;
        this.resource = resource;
    }

    /** The owner serves {@code hub} beside {@code database}; any other engine mirrors the owner's. */
    static LiveLink open(Path database, boolean owner, LiveHub hub) {
        if (owner) {
            LiveServer server = LiveServer.start(database, hub);
            return new LiveLink(hub, server == null ? () -> {} : server);
        }
        var mirror = new LiveMirror(database);
        return new LiveLink(mirror, mirror);
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            // nothing held but a socket and threads, released either way
        }
    }
}
