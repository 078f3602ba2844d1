package dev.steadfast.cli.internal;

import dev.steadfast.examples.Demo;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the examples' demo, a durable research agent killed mid-run and resumed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job: a durable research agent, killed mid-run and resumed (offline unless --model).",
                "Afterwards: steadfast runs show research-1 --db .steadfast/demo.db"})
final class DemoCommand implements Runnable {
    @Option(names = "--model", paramLabel = "<provider:model>", description = "a real model, e.g. openai:gpt-4.1 (its key from the environment)")
    String model;

    @Option(names = "--db", paramLabel = "<file>", description = "the demo's database (default .steadfast/demo.db; it is replaced)")
    String db;

    @Override
    public void run() {
        var args = new ArrayList<String>();
        if (model != null) {
            args.add("--model");
            args.add(model);
        }
        if (db != null) {
            args.add("--db");
            args.add(db);
        }
        try {
            Demo.main(args.toArray(String[]::new));
        } catch (Exception e) {
            throw new CliException(CliException.FAILURE, "demo failed: " + e.getMessage());
        }
    }
}
