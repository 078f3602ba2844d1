/**
 * The embedded engine's machinery: the SQLite store, the group-commit writer, the journal and
 * the run executor. Reached through {@link dev.steadfast.engine.EmbeddedEngine}; nothing here
 * carries a compatibility promise, and any of it may change in any release.
 */
package dev.steadfast.engine.internal;
