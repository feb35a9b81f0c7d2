package io.anytask.examples.sql.internal;

import io.anytask.registry.InterfaceRegistry;
import io.anytask.registry.TaskLifecycle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The interface {@code sql}, in the method-dispatch form, with the setup and checkout-done hooks: setup opens the
 * worker's one connection, with auto-commit off; {@link #execute execute} and {@link #query query} run statements
 * with {@code ?} parameters in the current transaction; {@link #commit()} commits it; the checkout-done hook rolls
 * back whatever the checkout did not commit. So one checkout is one transaction (or several, one per
 * {@code commit}), and what a checkout did not commit is never seen by another.
 *
 * <p>A call that fails (a bad statement or parameter, a constraint violated) rolls the whole transaction back at
 * once, not only its statement: an error in the middle of a transaction leaves nothing of it committed. The
 * checkout's later statements and {@code commit} then fail, naming that error, until {@link #rollback()} or the end
 * of the checkout, so that a caller who goes on after the error cannot commit half a transaction believing it
 * whole.
 *
 * <p>Parameters are JSON values: strings, numbers, booleans and null. A row is a map from column label (as the
 * database writes it: H2 upper-cases unquoted names) to value, in the query's column order; values are JSON data:
 * strings, numbers, booleans and null as they are, binary values as base64 text, CLOBs as text, arrays as lists,
 * and other values (dates, times, UUIDs, intervals) as the text of their Java value.
 */
@Component(service = SqlInterface.class, property = InterfaceRegistry.INTERFACE_PROPERTY + "=sql")
public class SqlInterface implements TaskLifecycle {
    /** The worker system property that holds the JDBC URL of the database, an H2 server URL. */
    public static final String URL_PROPERTY = "anytask.examples.sql.url";
    /** The most rows that {@link #query} returns; a query that has more fails. */
    public static final int MAX_ROWS = 10_000;

    /**
     * The worker's connection, from setup on. Setup, the methods and checkout done run on the worker's serving
     * thread, one at a time; deactivation (the bundle stopping) runs on another thread, hence volatile.
     */
    private volatile Connection connection;
    /** The error that rolled back the current transaction, until rollback or checkout done; else null. */
    private String rolledBackBy;

    /**
     * Opens the worker's connection, auto-commit off, to the URL in {@value #URL_PROPERTY}. Runs once per worker
     * (and again before the next request if it failed: the first request is answered {@code setup exception: ...}).
     *
     * @throws IllegalStateException if the property is missing or not an H2 server URL
     * @throws SQLException if the database cannot be reached
     */
    @Override
    public void setup() throws SQLException {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || !(url.startsWith("jdbc:h2:tcp://") || url.startsWith("jdbc:h2:ssl://"))) {
            throw new IllegalStateException("system property " + URL_PROPERTY + ": " + url + " (expected: an H2"
                    + " server URL such as jdbc:h2:tcp://127.0.0.1:9092/~/db, given to the server as"
                    + " --worker-jvm-option -D" + URL_PROPERTY + "=URL; an embedded database would run its threads"
                    + " in the worker)");
        }
        Connection opened = new org.h2.Driver().connect(url, new Properties());
        if (opened == null) {
            throw new IllegalStateException("system property " + URL_PROPERTY + ": " + url
                    + " (H2's driver does not accept it)");
        }
        try {
            opened.setAutoCommit(false);
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
        connection = opened;
        rolledBackBy = null;
    }

    /**
     * Runs an SQL statement that returns no rows (INSERT, UPDATE, DELETE, DDL) in the current transaction.
     *
     * @param sql    the statement, with {@code ?} for each parameter
     * @param params the parameters' values, in order
     * @return the number of rows changed (0 for DDL)
     * @throws SQLException if the statement fails or a parameter is not a JSON scalar; the transaction has then
     *     been rolled back
     */
    public int execute(String sql, List<Object> params) throws SQLException {
        return inTransaction(sql, params, PreparedStatement::executeUpdate);
    }

    /** {@link #execute(String, List)} without parameters. */
    public int execute(String sql) throws SQLException {
        return execute(sql, List.of());
    }

    /**
     * Runs a query in the current transaction: it sees what this checkout has written and not yet committed.
     *
     * @param sql    the query, with {@code ?} for each parameter
     * @param params the parameters' values, in order
     * @return the rows, each a map from column label to value, at most {@value #MAX_ROWS}
     * @throws SQLException if the query fails or has more than {@value #MAX_ROWS} rows; the transaction has then
     *     been rolled back
     */
    public List<Map<String, Object>> query(String sql, List<Object> params) throws SQLException {
        return inTransaction(sql, params, statement -> {
            statement.setMaxRows(MAX_ROWS + 1);
            return Rows.read(statement.executeQuery(), MAX_ROWS);
        });
    }

    /** {@link #query(String, List)} without parameters. */
    public List<Map<String, Object>> query(String sql) throws SQLException {
        return query(sql, List.of());
    }

    /**
     * Commits the current transaction; the checkout's next statement starts a new one.
     *
     * @throws SQLException if an earlier statement of this transaction failed (it was rolled back), or the commit
     *     fails (the transaction is then rolled back)
     */
    public void commit() throws SQLException {
        Connection c = usableConnection();
        try {
            c.commit();
        } catch (SQLException e) {
            throw rollBack(c, e);
        }
    }

    /** Rolls the current transaction back (also after a failed statement); the next statement starts a new one. */
    public void rollback() throws SQLException {
        connection().rollback();
        rolledBackBy = null;
    }

    /** Rolls back what the checkout did not commit. */
    @Override
    public void checkoutDone() throws SQLException {
        rolledBackBy = null;
        Connection c = connection;
        if (c != null) {
            c.rollback();
        }
    }

    /** The bundle stops (the worker is renewed or ends): rolls back and closes the connection. */
    @Deactivate
    void deactivate() throws SQLException {
        closeConnection();
    }

    /** What is done with one statement of the current transaction, its parameters bound. */
    @FunctionalInterface
    private interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> T inTransaction(String sql, List<Object> params, Work<T> work) throws SQLException {
        Connection c = usableConnection();
        try {
            if (sql == null || sql.isBlank()) {
                throw new IllegalArgumentException("sql: " + (sql == null ? "null" : "blank")
                        + " (expected: SQL text)");
            }
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                Parameters.bind(statement, params == null ? List.of() : params);
                return work.run(statement);
            }
        } catch (SQLException | RuntimeException e) {
            throw rollBack(c, e);
        }
    }

    /** Rolls the transaction back after {@code e}, and returns the exception for the caller. */
    private SQLException rollBack(Connection c, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        rolledBackBy = firstLine(message);
        SQLException failure = e instanceof SQLException sqlError
                ? new SQLException("transaction rolled back: " + message, sqlError.getSQLState(),
                        sqlError.getErrorCode(), e)
                : new SQLException("transaction rolled back: " + message, e);
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
        return failure;
    }

    private Connection usableConnection() throws SQLException {
        Connection c = connection();
        if (rolledBackBy != null) {
            throw new SQLException("transaction rolled back by an earlier error of this checkout (" + rolledBackBy
                    + "); call rollback to start a new transaction, or release the checkout");
        }
        return c;
    }

    private Connection connection() {
        Connection c = connection;
        if (c == null) {
            throw new IllegalStateException("no connection: setup did not run");
        }
        return c;
    }

    private void closeConnection() throws SQLException {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try (c) {
                c.rollback();
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
