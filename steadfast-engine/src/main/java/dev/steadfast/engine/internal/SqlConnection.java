package dev.steadfast.engine.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One JDBC connection with its prepared statements cached by SQL text: the engine runs the same
 * few statements millions of times, and preparing them is a large part of a small write's cost.
 * Not thread-safe; each connection has one user at a time.
 */
final class SqlConnection implements AutoCloseable {
    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Takes rows one at a time as they are read; {@code false} stops the query. */
    @FunctionalInterface
    interface RowSink<T> {
        boolean accept(T row);
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SqlConnection(Connection connection) {
        this.connection = connection;
    }

    Connection jdbc() {
        return connection;
    }

    int update(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql, args);
        return ps.executeUpdate();
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql, args);
        var rows = new ArrayList<T>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        }
        return rows;
    }

    /** Hands each row to {@code sink} as it is read, without collecting them, until {@code sink} says stop. */
    <T> void forEach(String sql, RowMapper<T> mapper, RowSink<T> sink, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql, args);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && sink.accept(mapper.map(rs))) {
                // next row
            }
        }
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    void execute(String sql) throws SQLException {
        try (var st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        // no clearParameters(): every use binds every parameter, and clearing is one more call into SQLite
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case String s -> ps.setString(i + 1, s);
                case byte[] b -> ps.setBytes(i + 1, b);
                case Integer n -> ps.setInt(i + 1, n);
                case Long n -> ps.setLong(i + 1, n);
                case Boolean b -> ps.setInt(i + 1, b ? 1 : 0);
                case Enum<?> e -> ps.setString(i + 1, e.name());
                default -> throw new IllegalArgumentException("cannot bind " + a.getClass().getName());
            }
        }
        return ps;
    }

    /** Reads nullable INTEGER column {@code column} (1-based) as a {@code Long}. */
    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /**
     * Closes every cached statement, to be prepared anew on next use: after a statement failed for
     * the storage's sake (a full disk) the driver refuses to run it again ("statement is not
     * executing"), and so would every later write made with it.
     */
    void forgetStatements() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        statements.clear();
    }

    @Override
    public void close() {
        forgetStatements();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
