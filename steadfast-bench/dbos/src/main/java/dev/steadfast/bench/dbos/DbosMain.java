package dev.steadfast.bench.dbos;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The DBOS Transact side of item 8, run by steadfast-bench in a child JVM on its own class path.
 * Measures, on the PostgreSQL it is given: Postgres's own single-row commit (JDBC, autocommit),
 * a DBOS step in a workflow (timed in workflow code around {@code runStep}), and a 3-step
 * workflow's start → result (calling the registered proxy, which runs the workflow durably and
 * returns its result). Prints one {@code name p50µs p99µs} line per figure, then {@code DONE}.
 *
 * <pre>{@code
 * java -cp … dev.steadfast.bench.dbos.DbosMain jdbc:postgresql://127.0.0.1:5432/bench user password 1000 200
 * }</pre>
 */
public final class DbosMain {
    private DbosMain() {}

    /** The workflows; {@code DBOS} proxies them. */
    public interface Steps {
        long[] timedSteps(int steps);

        String threeSteps(int payloadBytes);
    }

    public static final class StepsImpl implements Steps {
        private final DBOS dbos;

        StepsImpl(DBOS dbos) {
            this.dbos = dbos;
        }

        @Override
        @Workflow(name = "timedSteps")
        public long[] timedSteps(int steps) {
            long[] nanos = new long[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                dbos.runStep(() -> "xxxxxxxxxxxxxxxx", "step");
                nanos[i] = System.nanoTime() - t0;
            }
            return nanos;
        }

        @Override
        @Workflow(name = "threeSteps")
        public String threeSteps(int payloadBytes) {
            String last = null;
            for (int i = 0; i < 3; i++) {
                last = dbos.runStep(() -> "x".repeat(payloadBytes), "step");
            }
            return last;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        int stepSamples = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        print("pg_commit", postgresCommits(url, user, password, stepSamples));
        var config = DBOSConfig.defaults("steadfast-bench").withDatabaseUrl(url).withDbUser(user)
                .withDbPassword(password).disableAdminServer();
        DBOS dbos = new DBOS(config);
        try {
            Steps steps = dbos.registerProxy(Steps.class, new StepsImpl(dbos));
            dbos.launch();
            steps.timedSteps(Math.min(200, stepSamples)); // warm-up
            long[] all = new long[0];
            for (int done = 0; done < stepSamples; done += 100) {
                long[] block = steps.timedSteps(Math.min(100, stepSamples - done));
                all = concat(all, block);
            }
            print("dbos_step", all);
            for (int i = 0; i < Math.min(50, runs); i++) {
                steps.threeSteps(16);
            }
            long[] three = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                steps.threeSteps(16);
                three[i] = System.nanoTime() - t0;
            }
            print("dbos_three", three);
        } finally {
            dbos.shutdown();
        }
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }

    private static long[] postgresCommits(String url, String user, String password, int samples) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            try (var st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS steadfast_bench_floor (run_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                        + " output TEXT, PRIMARY KEY (run_id, seq))");
                st.execute("TRUNCATE steadfast_bench_floor");
            }
            long[] nanos = new long[samples];
            try (var ps = c.prepareStatement("INSERT INTO steadfast_bench_floor (run_id, seq, output) VALUES (?, ?, ?)")) {
                for (int i = -Math.min(100, samples); i < samples; i++) {
                    long t0 = System.nanoTime();
                    ps.setString(1, i < 0 ? "warm-up" : "run");
                    ps.setInt(2, Math.abs(i));
                    ps.setString(3, "\"xxxxxxxxxxxxxxxx\"");
                    ps.executeUpdate();
                    if (i >= 0) {
                        nanos[i] = System.nanoTime() - t0;
                    }
                }
            }
            return nanos;
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static void print(String name, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.println(String.format(Locale.ROOT, "%s %.1f %.1f", name, pct(s, 50) / 1e3, pct(s, 99) / 1e3));
        System.out.flush();
    }

    private static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
