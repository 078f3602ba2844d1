package dev.steadfast.cli;

import dev.steadfast.cli.internal.Context;
import dev.steadfast.cli.internal.SteadfastCommand;
import dev.steadfast.cli.internal.Terminal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code steadfast} command line: see and steer durable runs on either engine, and the web
 * console. {@code ./steadfast --help} lists the commands; exit codes are 0 ok, 1 failure, 2 usage,
 * 3 not found.
 *
 * <pre>{@code
 * ./steadfast runs list --status FAILED
 * ./steadfast runs show research-1 --db .steadfast/demo.db
 * ./steadfast approve refund-7
 * ./steadfast console --port 8080
 * }</pre>
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // gRPC's shaded Netty (the Temporal client) reaches for sun.misc.Unsafe when loaded, and JDK 24+ prints
        // four lines of warning for it on every --temporal command; a CLI needs none of Netty's off-heap tricks
        if (System.getProperty("io.grpc.netty.shaded.io.netty.noUnsafe") == null) {
            System.setProperty("io.grpc.netty.shaded.io.netty.noUnsafe", "true");
        }
        var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.getenv(), isTerminal()));
    }

    /**
     * Whether stdout is a terminal. From JDK 22 {@code System.console()} exists even when output is
     * piped, and {@code Console.isTerminal()} tells; on 21 a console exists only for a terminal.
     */
    @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is called reflectively, as we compile for 21
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * Runs one command line and returns its exit code; what it prints goes to {@code out} and
     * {@code err}. {@code tty}: whether they are a terminal (colour, progress lines).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, boolean tty) {
        int code = SteadfastCommand.execute(new Context(new Terminal(out, err, tty), env), args);
        out.flush();
        err.flush();
        return code;
    }
}
