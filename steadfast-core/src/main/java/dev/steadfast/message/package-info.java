/**
 * The conversation as data: {@link dev.steadfast.message.Message} is a
 * {@link dev.steadfast.message.ModelRequest} (system prompt, user prompt, tool returns, retry prompts) or a
 * {@link dev.steadfast.message.ModelResponse} (text, tool calls, thinking). All are records with a stable
 * JSON form ({@link dev.steadfast.message.Messages#toJson}) used on disk and on the wire.
 */
package dev.steadfast.message;
