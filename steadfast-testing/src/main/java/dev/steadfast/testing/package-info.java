/**
 * Test doubles and contract suites for Steadfast users, engines and provider modules:
 * {@code TestModel}, {@code FunctionModel}, {@code ScriptedModel}; {@code WorkflowEngineContract},
 * which every engine's test extends; and {@code ModelProviderContract}, which every provider
 * module's test extends to keep the same promise on failures, timeouts, the API key, answers and
 * usage against a local server speaking its wire format.
 */
package dev.steadfast.testing;
