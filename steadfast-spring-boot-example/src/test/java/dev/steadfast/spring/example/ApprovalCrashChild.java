package dev.steadfast.spring.example;

import dev.steadfast.model.Model;
import dev.steadfast.testing.FunctionModel;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The approval application in a child JVM whose model never answers: the parent starts a run over HTTP, waits until
 * the analyst's model request is in flight ({@value #IN_FLIGHT} on stdout) and kills the JVM with SIGKILL.
 */
public final class ApprovalCrashChild {
    static final String IN_FLIGHT = "MODEL-REQUEST-IN-FLIGHT";
    static final String PORT = "LISTENING ";

    private ApprovalCrashChild() {}

    /** A model that announces each request and then hangs, as a provider that stopped answering. */
    // not @Configuration: given to the application as a source, out of reach of its component scan (same package)
    static class Hanging {
        @Bean
        Model hangingModel() {
            return new FunctionModel("hanging", (messages, params) -> {
                System.out.println(IN_FLIGHT);
                System.out.flush();
                while (true) {
                    LockSupport.park();
                }
            });
        }
    }

    public static void main(String[] args) {
        var app = new SpringApplicationBuilder(ApprovalApplication.class, Hanging.class)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN")
                .run(args);
        System.out.println(PORT + app.getEnvironment().getProperty("local.server.port"));
        System.out.flush();
    }
}
