package dev.steadfast.engine;

import dev.steadfast.engine.EmbeddedEngine.Access;
import dev.steadfast.run.RunQuery;
import dev.steadfast.workflow.Workflow;
import dev.steadfast.workflow.WorkflowContext;
import dev.steadfast.workflow.WorkflowEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A process that opens an engine on a database ({@code args[0]}, with access {@code args[1]}) and
 * says how it went: {@code REFUSED <message>}, or {@code READY runs=<n>}; then it obeys lines on
 * stdin ({@code start <id>}, {@code steps <id>}, {@code close}) until stdin ends.
 */
public final class OwnerChild {
    private OwnerChild() {}

    /** Steps {@code s1..s<n>} (n from the input), each returning its number. */
    static final class Counting implements Workflow<Integer, Integer> {
        public Integer run(WorkflowContext ctx, Integer steps) {
            int sum = 0;
            for (int i = 1; i <= steps; i++) {
                int n = i;
                sum += ctx.step("s" + n, Integer.class, () -> n);
            }
            return sum;
        }
    }

    public static void main(String[] args) throws Exception {
        WorkflowEngine engine;
        try {
            engine = EmbeddedEngine.builder().database(Path.of(args[0])).access(Access.valueOf(args[1]))
                    .register(new Counting()).build();
        } catch (RuntimeException e) {
            System.out.println("REFUSED " + String.valueOf(e.getMessage()).replace('\n', ' '));
            System.exit(3);
            return;
        }
        System.out.println("READY runs=" + engine.list(RunQuery.all()).size());
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.split(" ");
            try {
                switch (cmd[0]) {
                    case "start" -> {
                        engine.start(Counting.class, cmd[1], Integer.parseInt(cmd[2]));
                        System.out.println("STARTED " + cmd[1]);
                    }
                    case "result" -> System.out.println("RESULT " + cmd[1] + " "
                            + engine.handle(cmd[1], Integer.class).result(java.time.Duration.ofSeconds(60)));
                    case "close" -> {
                        engine.close();
                        System.out.println("CLOSED");
                    }
                    default -> System.out.println("UNKNOWN " + line);
                }
            } catch (RuntimeException e) {
                System.out.println("FAILED " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
        }
        engine.close();
    }
}
