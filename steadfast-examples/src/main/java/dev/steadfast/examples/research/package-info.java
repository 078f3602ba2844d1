/**
 * Multi-agent research: a planner splits a topic into questions, three researchers answer them at the
 * same time as child runs, and a writer merges their findings, each agent's steps in a journal of its own.
 */
package dev.steadfast.examples.research;
