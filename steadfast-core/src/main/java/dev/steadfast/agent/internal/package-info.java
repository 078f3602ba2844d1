/**
 * The agent's machinery: the run loop, tool reflection, schemas and validation. Internal: no
 * compatibility promise; use {@link dev.steadfast.agent.Agent}.
 */
package dev.steadfast.agent.internal;
