package dev.steadfast.observe;

import static java.util.Objects.requireNonNull;

import dev.steadfast.run.StepKind;

/**
 * One attempt of a step that is about to run.
 *
 * @param name the step's name ({@code researcher.model}, {@code researcher.tool.search}, {@code charge})
 * @param kind what the step is
 * @param attempt the attempt's number, from 1; an attempt a crash cut short runs again with its number
 * @param details what the agent loop knows of a model request or tool call ({@link StepDetails#NONE} for a
 *     workflow's own step)
 */
public record ObservedStep(String name, StepKind kind, int attempt, StepDetails details) {
    public ObservedStep {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        details = details == null ? StepDetails.NONE : details;
    }
}
