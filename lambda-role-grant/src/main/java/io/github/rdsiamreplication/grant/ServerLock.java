package io.github.rdsiamreplication.grant;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server-wide advisory lock that serializes the handler's runs, taken with a bounded wait. Its key is
 * fixed (every handler must agree on it), so any login may take it too; {@code lock_timeout}, which
 * PostgreSQL applies to advisory locks like to any other, keeps such a holder from blocking a run until the
 * Lambda times out, and the failure names the holder and the remedy.
 */
final class ServerLock {
    /** Longest wait for the lock: far longer than a run holds it, far shorter than the Lambda's timeout. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** Left over after the wait, to roll back, name the holder and answer. */
    static final Duration AFTER_WAIT = Duration.ofSeconds(2);
    /** Shortest wait, even with little time left. */
    static final Duration MIN_WAIT = Duration.ofSeconds(1);
    /** SQLSTATE lock_not_available, raised when lock_timeout ends the wait. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    private ServerLock() {
    }

    /**
     * @param deadline when the run must be over
     * @return how long to wait for the lock: {@link #MAX_WAIT}, less when the deadline is nearer
     */
    static Duration waitFor(Deadline deadline) {
        Duration left = deadline.remaining().minus(AFTER_WAIT);
        Duration wait = left.compareTo(MAX_WAIT) < 0 ? left : MAX_WAIT;
        return wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
    }

    /**
     * @param wait the bound
     * @return the statement that bounds every lock wait of the current transaction (only there: LOCAL)
     */
    static String boundWaitSql(Duration wait) {
        return "SET LOCAL lock_timeout = '" + wait.toMillis() + "ms'";
    }

    /**
     * @param key the advisory lock's 64-bit key
     * @return a query for the sessions holding it in the current database: pid, user, application
     */
    static String holdersQuery(long key) {
        // A bigint key is stored as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
        return "SELECT l.pid, a.usename::pg_catalog.text, a.application_name"
                + " FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid OPERATOR(pg_catalog.=) l.pid"
                + " WHERE l.locktype OPERATOR(pg_catalog.=) 'advisory'::pg_catalog.text AND l.granted"
                + " AND l.database OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d"
                + " WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())"
                + " AND l.classid OPERATOR(pg_catalog.=) " + (key >>> 32) + "::pg_catalog.oid"
                + " AND l.objid OPERATOR(pg_catalog.=) " + (key & 0xFFFF_FFFFL) + "::pg_catalog.oid"
                + " AND l.objsubid OPERATOR(pg_catalog.=) 1::pg_catalog.int2"
                + " AND l.pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid() ORDER BY l.pid";
    }

    /**
     * Explains a lock wait that ran out. Call it after rolling back the failed transaction: it reads who
     * holds the lock now, in a fresh one (read-only, rolled back).
     *
     * @param connection the admin connection, its failed transaction rolled back
     * @param key the advisory lock's key
     * @param wait the bound that ran out
     * @param cause the lock_timeout error
     * @return the error to report, naming the holders (pid, user, application) and the remedy
     */
    static SQLException timedOut(Connection connection, long key, Duration wait, SQLException cause) {
        List<String> holders = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(holdersQuery(key))) {
            while (rs.next()) {
                holders.add("pid " + rs.getInt(1) + " (user '" + rs.getString(2) + "', application '"
                        + rs.getString(3) + "')");
            }
            connection.rollback();
        } catch (SQLException e) {
            holders.add("unknown (" + e.getMessage() + ")");
        }
        String who = holders.isEmpty() ? "a session that has released it since; retry the deployment"
                : String.join(", ", holders) + ". If that is not another rds-iam-replication role-grant handler "
                        + "(application 'rds-iam-replication-role-grant') finishing its work, end it as the admin with "
                        + "SELECT pg_catalog.pg_terminate_backend(<pid>) and retry the deployment; any login can take "
                        + "this advisory lock, so also find out why that one does";
        return new SQLException("the rds-iam-replication lock (advisory lock " + key + " in database '"
                + GrantLedger.DATABASE + "') was not released within " + wait.toMillis() + " ms (lock_timeout), "
                + "so nothing was changed. It is held by " + who, LOCK_NOT_AVAILABLE, cause);
    }
}
