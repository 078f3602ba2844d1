/**
 * Test models ({@code TestModel}, {@code FunctionModel}, {@code ScriptedModel}), a local wire-format
 * HTTP server, and the contract suites every engine and provider module runs. The suites are
 * JUnit 5 classes: JUnit and AssertJ are the user's own test dependencies.
 */
module dev.steadfast.testing {
    requires transitive dev.steadfast.core;
    requires transitive jdk.httpserver;
    requires static org.junit.jupiter.api;
    requires static org.assertj.core;

    exports dev.steadfast.testing;
    exports dev.steadfast.testing.http;
    exports dev.steadfast.testing.schedule;

    // JUnit runs the contract suites' inherited test methods; Jackson reads the contract workflows' records
    opens dev.steadfast.testing;
    opens dev.steadfast.testing.schedule;
}
