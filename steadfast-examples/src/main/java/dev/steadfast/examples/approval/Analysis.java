package dev.steadfast.examples.approval;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * The analyst agent's typed output: what the request is, what to do about it, and how risky that
 * is. The model fills it in through the {@code final_result} tool; a blank plan is sent back to
 * the model to fix.
 *
 * @param summary the request in one sentence
 * @param plan what the executor should do, step by step
 * @param risk how much could go wrong
 */
public record Analysis(@NotBlank String summary, @NotBlank String plan, @NotNull Risk risk) {
    /** How much could go wrong if the plan is executed. */
    public enum Risk { LOW, MEDIUM, HIGH }
}
