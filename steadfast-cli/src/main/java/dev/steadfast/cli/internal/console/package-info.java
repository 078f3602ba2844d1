/**
 * The web console: a JDK {@code HttpServer} serving static pages from the jar and a small JSON API
 * over {@code WorkflowEngine}. Internal: no compatibility promise.
 */
package dev.steadfast.cli.internal.console;
