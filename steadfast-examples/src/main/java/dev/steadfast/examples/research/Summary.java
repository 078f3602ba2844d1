package dev.steadfast.examples.research;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The research agent's typed output. */
public record Summary(@NotBlank String title, @Size(min = 1, max = 5) List<String> points, List<String> sources) {}
