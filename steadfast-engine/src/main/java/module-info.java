/** The embedded durable engine on one SQLite file: start with {@code EmbeddedEngine.builder()}. */
module dev.steadfast.engine {
    requires transitive dev.steadfast.core;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    exports dev.steadfast.engine;

    opens dev.steadfast.engine.internal to com.fasterxml.jackson.databind;
}
