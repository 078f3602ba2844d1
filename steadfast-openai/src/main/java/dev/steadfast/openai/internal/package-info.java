/**
 * The OpenAI wire formats and their mapping to Steadfast's messages. Not API: it carries no
 * compatibility promise and may change in any release. Use
 * {@link dev.steadfast.openai.OpenAiChatModel} and {@link dev.steadfast.openai.OpenAiResponsesModel}.
 */
package dev.steadfast.openai.internal;
