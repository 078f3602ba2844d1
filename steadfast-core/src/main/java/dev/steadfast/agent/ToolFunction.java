package dev.steadfast.agent;

/**
 * A programmatic tool: {@code .tool("search", "Search the web", Query.class, (ctx, q) -> search(q.text()))}.
 *
 * @param <D> the deps type
 * @param <A> the arguments type (a record: its schema is what the model sees)
 * @param <R> the result type
 */
@FunctionalInterface
public interface ToolFunction<D, A, R> {
    R call(RunContext<D> ctx, A args) throws Exception;
}
