/**
 * Anthropic models through the Messages API: {@link dev.steadfast.anthropic.AnthropicModel}, usually
 * reached through {@code Models.of("anthropic:claude-sonnet-4-5")}.
 */
package dev.steadfast.anthropic;
