/** Human approval that survives restarts: a run waits durably for a signal. */
package dev.steadfast.examples.approval;
