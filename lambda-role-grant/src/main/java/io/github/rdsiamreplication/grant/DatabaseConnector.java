package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.Backoff;

import io.github.rdsiamreplication.contract.SslMode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Opens the admin connection, retrying with exponential backoff while the database is not yet
 * reachable (a new instance, a security group still settling), until a deadline. A server that
 * answers and refuses is not retried (see {@link NetworkFailures}).
 */
public final class DatabaseConnector {
    /** Opens one connection; pgjdbc's DriverManager in production, anything in tests. */
    @FunctionalInterface
    public interface ConnectionOpener {
        /**
         * @param settings where to connect
         * @param credentials who to log in as
         * @return an open connection
         * @throws SQLException when the attempt fails
         */
        Connection open(ConnectionSettings settings, AdminCredentials credentials) throws SQLException;
    }

    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final ConnectionOpener opener;
    private final Consumer<String> log;

    /**
     * @param opener how to open one connection
     * @param log where to report retries
     */
    public DatabaseConnector(ConnectionOpener opener, Consumer<String> log) {
        this.opener = opener;
        this.log = log;
    }

    /** Opens connections with pgjdbc's DriverManager: the fixed URL, the endpoint and TLS as properties. */
    public static final ConnectionOpener PGJDBC = (settings, credentials) ->
            DriverManager.getConnection(settings.jdbcUrl(), settings.jdbcProperties(credentials));

    /**
     * @param settings where to connect
     * @param credentials who to log in as
     * @param deadline when to give up
     * @return an open connection with auto-commit off
     * @throws UnreachableException when nothing answered on the network until the deadline, naming host,
     *     port, database and the cause, never the password
     * @throws IllegalStateException at once when the server answered and refused (login, TLS, database),
     *     with what to fix
     */
    public Connection connect(ConnectionSettings settings, AdminCredentials credentials, Deadline deadline) {
        Backoff backoff = Backoff.doubling(FIRST_BACKOFF, MAX_BACKOFF);
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                Connection connection = opener.open(settings, credentials);
                connection.setAutoCommit(false);
                return connection;
            } catch (SQLException e) {
                String cause = credentials.redact(e.getClass().getSimpleName() + " (SQLState " + e.getSQLState()
                        + "): " + e.getMessage());
                String what = "Could not connect to " + settings.describe() + " as '" + credentials.username()
                        + "' after " + attempts + " attempt(s): " + cause + ". ";
                if (!NetworkFailures.isRetryable(e)) {
                    throw new IllegalStateException(what + NetworkFailures.remedy(e.getSQLState()) + ".");
                }
                Duration wait = backoff.next();
                if (deadline.remaining().compareTo(wait) <= 0) {
                    String remedy = "Check that the database is available, that its security group admits the "
                            + "handler's security group on port " + settings.port() + ", and the SslMode ("
                            + settings.sslMode().propertyValue() + ").";
                    if (NetworkFailures.isNetwork(e)) {
                        throw new UnreachableException(what + remedy);
                    }
                    throw new IllegalStateException(what + "The server is still starting up. " + remedy);
                }
                log.accept("connection attempt " + attempts + " to " + settings.describe() + " failed: " + cause
                        + "; retrying in " + wait.toMillis() + " ms");
                sleep(wait);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry the connection", e);
        }
    }
}
