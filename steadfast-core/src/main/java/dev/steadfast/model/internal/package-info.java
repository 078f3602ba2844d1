/**
 * Machinery shared by Steadfast's model clients (HTTP transport, error classification). Not
 * API: it carries no compatibility promise and may change in any release.
 */
package dev.steadfast.model.internal;
