package dev.steadfast.agent;

/**
 * Checks (and may adjust) a parsed output; throw {@link ModelRetry} to make the model try again.
 *
 * <pre>{@code
 * .outputValidator((ctx, summary) -> {
 *     if (summary.points().size() > 5) throw new ModelRetry("At most 5 points, please.");
 *     return summary;
 * })
 * }</pre>
 */
@FunctionalInterface
public interface OutputValidator<D, O> {
    O validate(RunContext<D> ctx, O output);
}
