/**
 * The machinery of streamed runs: the bounded event queue behind every {@code EventStream}, the
 * tolerant partial-JSON reader, the events derived from model steps, and the follower that serves a
 * durable run's events from its journal and its live step. No compatibility promise: not part of the API.
 */
package dev.steadfast.stream.internal;
