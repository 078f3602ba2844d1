package dev.steadfast.spring;

import dev.steadfast.engine.EmbeddedEngine;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Steadfast's settings in a Spring Boot application, under {@code steadfast.*}. The embedded engine on
 * {@link #database} is the default; setting {@code steadfast.temporal.target} (with steadfast-temporal on the
 * class path) runs the same workflows on Temporal instead.
 *
 * <pre>{@code
 * steadfast.database=/var/lib/myapp/steadfast.db
 * steadfast.model=openai:gpt-4.1            # a Model bean; the key comes from OPENAI_API_KEY
 * # or, on Temporal:
 * steadfast.temporal.target=temporal.internal:7233
 * steadfast.temporal.namespace=payments
 * steadfast.temporal.task-queue=refunds
 * }</pre>
 *
 * @param database the embedded engine's SQLite file (created with its directory if missing). Default
 *     {@code .steadfast/steadfast.db}, relative to the working directory
 * @param synchronous how hard the embedded engine pushes each commit to disk. Default {@code FULL}
 * @param model a model spec for {@code Models.of} ({@code provider:model}, e.g. {@code openai:gpt-4.1}); when
 *     set, a {@code Model} bean the application's agents can take. Keys and base URLs come from the provider's
 *     usual environment variables ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}...), never from here
 * @param actor who steers through this application's engine, recorded with each decision. Default: the
 *     engine's own (the OS user on the embedded engine)
 * @param temporal the Temporal connection; unset: the embedded engine
 * @param health the Actuator health check
 * @param console the web console, mounted in the application
 */
@ConfigurationProperties("steadfast")
public record SteadfastProperties(
        @DefaultValue(".steadfast/steadfast.db") Path database,
        @DefaultValue("FULL") EmbeddedEngine.Synchronous synchronous,
        String model,
        String actor,
        @DefaultValue Temporal temporal,
        @DefaultValue Health health,
        @DefaultValue Console console) {

    public SteadfastProperties {
        if (model != null && !model.isBlank() && model.indexOf(':') <= 0) {
            throw new IllegalArgumentException(
                    "steadfast.model must be 'provider:model' (e.g. 'openai:gpt-4.1') but was '" + model + "'");
        }
        if (actor != null && actor.isBlank()) {
            throw new IllegalArgumentException(
                    "steadfast.actor must not be blank; remove it to use the engine's default");
        }
    }

    /** Whether the engine runs on Temporal ({@code steadfast.temporal.target} is set). */
    public boolean onTemporal() {
        return temporal.target() != null && !temporal.target().isBlank();
    }

    /**
     * The Temporal connection, under {@code steadfast.temporal.*}.
     *
     * @param target the frontend, {@code host:port}; set it to run on Temporal
     * @param namespace the namespace. Default {@code default}
     * @param taskQueue the task queue runs start on and this application's worker polls. Default {@code steadfast}
     * @param worker whether this application runs a worker (runs the registered workflows and agents). Default
     *     {@code true}; {@code false} for an application that only starts and steers runs
     * @param tls connect with TLS (the JVM's trust store). Default {@code false}
     * @param apiKey a Temporal Cloud API key (implies TLS); better given as the environment variable
     *     {@code STEADFAST_TEMPORAL_API_KEY}, which Spring Boot binds here
     * @param mtlsCertChain the client certificate chain (PEM) for mutual TLS, with {@code mtlsKey}
     * @param mtlsKey the client's PKCS#8 private key (PEM) for mutual TLS, with {@code mtlsCertChain}
     */
    public record Temporal(
            String target,
            @DefaultValue("default") String namespace,
            @DefaultValue("steadfast") String taskQueue,
            @DefaultValue("true") boolean worker,
            @DefaultValue("false") boolean tls,
            String apiKey,
            Path mtlsCertChain,
            Path mtlsKey) {

        public Temporal {
            if ((mtlsCertChain == null) != (mtlsKey == null)) {
                throw new IllegalArgumentException(
                        "steadfast.temporal.mtls-cert-chain and steadfast.temporal.mtls-key go"
                                + " together: set both (PEM files) or neither, but only "
                                + (mtlsKey == null ? "mtls-cert-chain" : "mtls-key") + " is set");
            }
            if (taskQueue.isBlank()) {
                throw new IllegalArgumentException("steadfast.temporal.task-queue must not be blank");
            }
        }
    }

    /**
     * The health check, under {@code steadfast.health.*}.
     *
     * @param timeout how long the check waits for the engine (Temporal: a round trip to the frontend) before it
     *     reports DOWN. Default 3 s
     */
    public record Health(@DefaultValue("3s") Duration timeout) {
        public Health {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("steadfast.health.timeout must be positive but was " + timeout);
            }
        }
    }

    /**
     * The web console, under {@code steadfast.console.*}: off by default. On, it is served under {@link #path}
     * of the application (needs steadfast-cli on the class path and a servlet web application), behind whatever
     * security the application puts on that path.
     *
     * @param enabled serve the console. Default {@code false}
     * @param path where, in the application. Default {@code /steadfast}
     * @param readOnly show runs but refuse every action (approve, deny, signal, cancel, fork, start). Default
     *     {@code false}
     */
    public record Console(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("/steadfast") String path,
            @DefaultValue("false") boolean readOnly) {

        public Console {
            if (!path.matches("(/[A-Za-z0-9._~-]+)+")) {
                throw new IllegalArgumentException("steadfast.console.path must be a path such as /steadfast (letters,"
                        + " digits, . _ ~ -; no trailing slash) but was '" + path + "'");
            }
        }
    }
}
