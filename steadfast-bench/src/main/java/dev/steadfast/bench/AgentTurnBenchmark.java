package dev.steadfast.bench;

import dev.steadfast.agent.AgentResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Agent framework overhead (issue 8, item 6): one operation is one whole agent run of
 * {@link ReactScript} — {@code toolCalls} tool calls, then the final answer, so {@code toolCalls + 1}
 * turns — with a zero-latency model and a no-op tool. Steadfast plain (text and record output)
 * beside LangChain4j {@code AiServices} 1.19 (text). {@link BenchMain} divides by the turns and
 * also derives the marginal cost of one turn from the 0- and 10-call runs.
 *
 * <p>Each method returns its run's result, which JMH consumes through a blackhole, so no run can be
 * eliminated as dead code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class AgentTurnBenchmark {
    /** Tool calls per run; a run is this many turns plus the final one. */
    @Param({"10"})
    public int toolCalls;

    private SteadfastSetup<String> steadfastText;
    private SteadfastSetup<ReactScript.Answer> steadfastRecord;
    private LangChain4jSetup langchain4j;

    /** Builds the agents once per trial: building is not part of a turn. */
    @Setup
    public void setUp() {
        steadfastText = SteadfastSetup.text(toolCalls);
        steadfastRecord = SteadfastSetup.record(toolCalls);
        langchain4j = LangChain4jSetup.create(toolCalls);
    }

    /** Steadfast, plain run, String output. */
    @Benchmark
    public AgentResult<String> steadfastText() {
        return steadfastText.run();
    }

    /** Steadfast, plain run, record output through the {@code final_result} output tool. */
    @Benchmark
    public AgentResult<ReactScript.Answer> steadfastRecord() {
        return steadfastRecord.run();
    }

    /** The baseline: LangChain4j {@code AiServices}, String output. */
    @Benchmark
    public String langchain4j() {
        return langchain4j.run();
    }
}
