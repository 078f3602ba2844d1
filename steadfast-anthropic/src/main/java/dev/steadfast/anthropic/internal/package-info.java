/**
 * The Anthropic Messages wire format and its mapping to Steadfast's messages. Not API: it carries
 * no compatibility promise and may change in any release. Use
 * {@link dev.steadfast.anthropic.AnthropicModel}.
 */
package dev.steadfast.anthropic.internal;
