/** The embedded durable engine on one SQLite file: start with {@code EmbeddedEngine.builder()}. */
module dev.steadfast.engine {
    requires transitive dev.steadfast.core;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    exports dev.steadfast.engine;
    // the Spring Boot starter's health check asks the engine whether it still owns its file
    exports dev.steadfast.engine.internal to
            dev.steadfast.spring;

    opens dev.steadfast.engine.internal to
            com.fasterxml.jackson.databind;
}
