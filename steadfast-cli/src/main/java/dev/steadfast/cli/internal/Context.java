package dev.steadfast.cli.internal;

import java.util.Map;

/** What every command is given: its terminal and the environment (injected, so tests control both). */
public record Context(Terminal term, Map<String, String> env) {
    public Context {
        env = Map.copyOf(env);
    }

    /** The environment variable {@code name}, or {@code fallback} when unset or blank. */
    public String env(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
