/**
 * Test doubles and contract suites for Steadfast users and engines: {@code TestModel},
 * {@code FunctionModel}, {@code ScriptedModel}, and {@code WorkflowEngineContract}.
 */
package dev.steadfast.testing;
