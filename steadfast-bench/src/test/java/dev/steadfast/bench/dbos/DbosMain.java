package dev.steadfast.bench.dbos;

/**
 * A stand-in for the real DBOS side (in {@code steadfast-bench/dbos}, outside the reactor): prints
 * figures in the real one's format, so the smoke test checks the child-process plumbing and parsing
 * without PostgreSQL.
 */
public final class DbosMain {
    private DbosMain() {}

    public static void main(String[] args) {
        System.out.println("pg_commit 250.0 900.0");
        System.out.println("dbos_step 760.0 2000.0");
        System.out.println("dbos_three 3800.0 9000.0");
        System.out.println("DONE");
    }
}
