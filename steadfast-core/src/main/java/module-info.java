/**
 * Steadfast's core: agents, messages, the model SPI and the portable workflow API — no engine.
 * Packages named {@code internal} are exported only to the Steadfast modules that need them.
 *
 * <p>On the module path, open the packages of your output records and tool argument types to
 * {@code com.fasterxml.jackson.databind} (they are read from JSON) and to {@code org.hibernate.validator}
 * when they carry Bean Validation constraints.
 */
module dev.steadfast.core {
    requires transitive com.fasterxml.jackson.annotation;
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.slf4j;
    requires transitive jakarta.validation;
    requires java.net.http;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.module.paramnames;
    requires com.fasterxml.classmate;
    requires com.github.victools.jsonschema.generator;
    requires com.github.victools.jsonschema.module.jackson;
    requires com.github.victools.jsonschema.module.jakarta.validation;
    requires org.hibernate.validator;

    exports dev.steadfast;
    exports dev.steadfast.agent;
    exports dev.steadfast.error;
    exports dev.steadfast.media;
    exports dev.steadfast.message;
    exports dev.steadfast.model;
    exports dev.steadfast.observe;
    exports dev.steadfast.run;
    exports dev.steadfast.schedule;
    exports dev.steadfast.step;
    exports dev.steadfast.stream;
    exports dev.steadfast.usage;
    exports dev.steadfast.workflow;
    exports dev.steadfast.workflow.spi;
    exports dev.steadfast.agent.internal to
            dev.steadfast.temporal,
            dev.steadfast.testing,
            dev.steadfast.mcp;
    exports dev.steadfast.model.internal to
            dev.steadfast.openai,
            dev.steadfast.anthropic;
    exports dev.steadfast.stream.internal to
            dev.steadfast.engine,
            dev.steadfast.temporal,
            dev.steadfast.testing;

    // Jackson reads and writes these records (messages, settings, usage, run records, step inputs)
    opens dev.steadfast.media to
            com.fasterxml.jackson.databind;
    opens dev.steadfast.message to
            com.fasterxml.jackson.databind;
    opens dev.steadfast.model to
            com.fasterxml.jackson.databind;
    opens dev.steadfast.usage to
            com.fasterxml.jackson.databind;
    opens dev.steadfast.run to
            com.fasterxml.jackson.databind;
    opens dev.steadfast.step to
            com.fasterxml.jackson.databind;
    opens dev.steadfast.agent to
            com.fasterxml.jackson.databind;
    opens dev.steadfast.agent.internal to
            com.fasterxml.jackson.databind;

    uses dev.steadfast.model.ModelProvider;
}
