/**
 * Runnable examples and the demo ({@link dev.steadfast.examples.Demo}): a durable research agent killed
 * mid-run and resumed. The seed article's patterns are in the subpackages.
 */
package dev.steadfast.examples;
