/**
 * A user's application on the module path: it needs nothing of Steadfast's beyond the exported
 * packages, and opens its own package to the libraries that read it reflectively.
 */
module dev.steadfast.modulecheck {
    requires dev.steadfast.engine;
    requires dev.steadfast.testing;
    requires dev.steadfast.temporal;

    // tools are called reflectively, output records are read from JSON and their constraints checked
    opens dev.steadfast.modulecheck to dev.steadfast.core, com.fasterxml.jackson.databind, org.hibernate.validator;
}
