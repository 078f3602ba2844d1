/** The demo's research agent: tools, a typed summary and an offline model. */
package dev.steadfast.examples.research;
