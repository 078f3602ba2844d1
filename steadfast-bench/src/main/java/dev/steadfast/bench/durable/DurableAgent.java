package dev.steadfast.bench.durable;

import dev.steadfast.agent.AgentResult;
import dev.steadfast.bench.ReactScript;
import dev.steadfast.bench.SteadfastSetup;
import dev.steadfast.workflow.WorkflowEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Item 6, durable: the agent of the JMH benchmark ({@link SteadfastSetup#text}, {@link ReactScript}:
 * 10 tool calls, then the answer) run as a workflow of its own on the embedded engine, one run
 * after another, FULL and NORMAL. A run is 21 steps (11 model requests, 10 tool calls) and 23
 * durable writes (its start and end too). Just before each run, 23 raw single-row commits of the
 * same setting are made in the same directory; what is not the commit floor, per step, is the
 * median over runs of (run − its 23 raw commits) / 21. Pairing each run with its own floor keeps a
 * changing machine load out of the difference.
 */
public final class DurableAgent {
    static final int TOOL_CALLS = 10;
    static final int STEPS = 2 * TOOL_CALLS + 1;
    static final int WRITES = STEPS + 2;

    private DurableAgent() {}

    public static List<Figure> run(Path dir, Scale scale) {
        var figures = new ArrayList<Figure>();
        warmUp(dir, scale.agentRuns() * 5);
        for (boolean full : new boolean[] {true, false}) {
            var setup = SteadfastSetup.text(TOOL_CALLS);
            var runs = new Latencies(scale.agentRuns());
            var floors = new Latencies(scale.agentRuns());
            var beyond = new Latencies(scale.agentRuns());
            String setting = full ? "FULL" : "NORMAL";
            try (WorkflowEngine engine = Engines.embedded(dir, "agent-" + setting, full, setup.agent());
                 var raw = RawSqlite.open(dir.resolve("floor-" + setting + ".db"), full)) {
                for (int i = 0; i < Math.min(20, scale.agentRuns()); i++) {
                    check(engine.start(setup.agent(), "warm-up-" + i, ReactScript.PROMPT).result(Engines.RESULT_TIMEOUT));
                }
                for (int i = 0; i < scale.agentRuns(); i++) {
                    long floor = raw.commitMany("floor-" + i, WRITES);
                    long t0 = System.nanoTime();
                    var result = engine.start(setup.agent(), "run-" + i, ReactScript.PROMPT).result(Engines.RESULT_TIMEOUT);
                    long run = System.nanoTime() - t0;
                    check(result);
                    runs.add(run);
                    floors.add(floor / WRITES);
                    beyond.add((run - floor) / STEPS); // may be negative: fsync variance exceeds the difference
                }
            }
            double floorP50 = floors.percentileMicros(50);
            double perStep = beyond.percentileMicros(50);
            figures.add(Figure.info(6, "durable agent run (21 steps), " + setting + ", p50",
                    runs.percentileMicros(50) / 1000, "ms"));
            figures.add(new Figure(6, "durable agent: µs per step, floor + the median beyond it, " + setting,
                    floorP50 + perStep, "µs", "raw single-row " + setting + " commit, p50", floorP50,
                    "≤ floor + 50 µs", perStep <= 50));
        }
        return figures;
    }

    /** Durable agent runs until the JIT has compiled the path (Jackson, the agent loop, the engine): not measured. */
    private static void warmUp(Path dir, int runs) {
        var setup = SteadfastSetup.text(TOOL_CALLS);
        try (WorkflowEngine engine = Engines.embedded(dir, "agent-warm-up", false, setup.agent())) {
            for (int i = 0; i < runs; i++) {
                check(engine.start(setup.agent(), "warm-up-" + i, ReactScript.PROMPT).result(Engines.RESULT_TIMEOUT));
            }
        }
    }

    private static void check(AgentResult<String> result) {
        if (!ReactScript.ANSWER.equals(result.output()) || result.usage().toolCalls() != TOOL_CALLS) {
            throw new IllegalStateException("the durable agent run did not play the script: " + result.output() + ", "
                    + result.usage());
        }
    }
}
