package io.github.rdsiamreplication.grant;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server-wide lock that serializes the handler's runs: {@code LOCK TABLE} {@value #TABLE}
 * {@code IN EXCLUSIVE MODE}, held to the end of the run's transaction, the wait bounded by
 * {@code lock_timeout}; a wait that runs out fails the run naming the holders and the remedy.
 *
 * <p>Why no other login can take or hold it (an advisory lock's key is public, so any login could hold it and
 * fail every event, rollbacks included). The table lives in the ledger schema, in {@link GrantLedger#DATABASE}
 * (so the lock is server-wide), and the admin owns both; no other role holds a privilege on the table other
 * than SELECT ({@link GrantLedger} refuses a table where one does, and revokes what default privileges hand out
 * when it creates the table). Who may lock a table in which mode:
 * <ul>
 *   <li>PostgreSQL 14 ({@code LOCK} reference page): {@code ACCESS SHARE} needs SELECT; {@code ROW EXCLUSIVE}
 *   needs INSERT, UPDATE, DELETE or TRUNCATE; every other mode needs UPDATE, DELETE or TRUNCATE; the owner and
 *   superusers may take any mode;</li>
 *   <li>PostgreSQL 16 (same page, rules simplified): UPDATE, DELETE or TRUNCATE allow any mode; INSERT allows
 *   {@code ROW EXCLUSIVE} or a less conflicting one; SELECT allows {@code ACCESS SHARE}; the owner and superusers
 *   any mode. (17 adds the MAINTAIN privilege and the {@code pg_maintain} role, which allow any mode.)</li>
 * </ul>
 * {@code LOCK TABLE} checks the privilege before it queues for the lock, and without USAGE on the schema no other
 * login can even name the table. What any login can still take is {@code ACCESS SHARE}: functions such as
 * {@code pg_relation_size(oid)} open any table by OID, without a privilege check, and keep that lock to the end
 * of their transaction. {@code EXCLUSIVE} is the strongest mode that does not conflict with {@code ACCESS SHARE}
 * ({@code ACCESS EXCLUSIVE} would) and it conflicts with itself, so it serializes handlers and nothing else can
 * hold it off. Superusers, the admin itself and roles that are members of the admin can still take it: they
 * could change the roles anyway.
 */
final class ServerLock {
    /** The table locked; it has no columns and never holds a row. */
    static final String TABLE = GrantLedger.SCHEMA + ".handler_lock";
    /** Longest wait for the lock: far longer than a run holds it, far shorter than the Lambda's timeout. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** Left over after the wait, to roll back, name the holder and answer. */
    static final Duration AFTER_WAIT = Duration.ofSeconds(2);
    /** Shortest wait, even with little time left. */
    static final Duration MIN_WAIT = Duration.ofSeconds(1);
    /** SQLSTATE lock_not_available, raised when lock_timeout ends the wait. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    /** The statement that takes the lock; the table must exist. */
    static final String LOCK = "LOCK TABLE " + TABLE + " IN EXCLUSIVE MODE";

    /**
     * Takes the lock only where the table exists and the admin owns it and its schema: a table of the same name
     * that another role made (which {@link GrantLedger} then refuses) is never waited for. One statement, so
     * that the lock, the ledger check and the first run's creation fit in the round trips there were before.
     */
    static final String LOCK_IF_OURS = "DO $$BEGIN IF EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
            + " JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
            + " JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) c.relowner"
            + " WHERE n.nspname OPERATOR(pg_catalog.=) '" + GrantLedger.SCHEMA + "'::pg_catalog.name"
            + " AND c.relname OPERATOR(pg_catalog.=) 'handler_lock'::pg_catalog.name"
            + " AND n.nspowner OPERATOR(pg_catalog.=) c.relowner AND r.rolname OPERATOR(pg_catalog.=) CURRENT_USER)"
            + " THEN " + LOCK + "; END IF; END$$";

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
     * The sessions holding a lock on {@link #TABLE} that conflicts with the handler's, with their pid, user,
     * application and lock mode ({@code ACCESS SHARE}, which any login may hold, does not conflict).
     */
    static final String HOLDERS = "SELECT l.pid, a.usename::pg_catalog.text, a.application_name, l.mode"
            + " FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid OPERATOR(pg_catalog.=) l.pid"
            + " WHERE l.locktype OPERATOR(pg_catalog.=) 'relation'::pg_catalog.text AND l.granted"
            + " AND l.database OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d"
            + " WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())"
            + " AND l.relation OPERATOR(pg_catalog.=) pg_catalog.to_regclass('" + TABLE + "'::pg_catalog.text)::pg_catalog.oid"
            + " AND l.mode OPERATOR(pg_catalog.<>) 'AccessShareLock'::pg_catalog.text"
            + " AND l.pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid() ORDER BY l.pid";

    /**
     * Explains a lock wait that ran out. Call it after rolling back the failed transaction: it reads who
     * holds the lock now, in a fresh one (read-only, rolled back).
     *
     * @param connection the admin connection, its failed transaction rolled back
     * @param wait the bound that ran out
     * @param cause the lock_timeout error
     * @return the error to report, naming the holders (pid, user, application, mode) and the remedy
     */
    static SQLException timedOut(Connection connection, Duration wait, SQLException cause) {
        List<String> holders = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(HOLDERS)) {
            while (rs.next()) {
                holders.add("pid " + rs.getInt(1) + " (user '" + rs.getString(2) + "', application '"
                        + rs.getString(3) + "', " + rs.getString(4) + ")");
            }
            connection.rollback();
        } catch (SQLException e) {
            holders.add("unknown (" + e.getMessage() + ")");
        }
        String who = holders.isEmpty() ? "a session that has released it since; retry the deployment"
                : String.join(", ", holders) + ". If that is not another rds-iam-replication role-grant handler "
                        + "(application 'rds-iam-replication-role-grant') finishing its work, end it as the admin with "
                        + "SELECT pg_catalog.pg_terminate_backend(<pid>) and retry the deployment. Only the admin, "
                        + "its members, superusers, and roles granted more than SELECT on " + TABLE + " can take "
                        + "this lock: revoke such grants (REVOKE ALL ON TABLE " + TABLE + " FROM <user>)";
        return new SQLException("the rds-iam-replication lock (LOCK TABLE " + TABLE + " IN EXCLUSIVE MODE, in database '"
                + GrantLedger.DATABASE + "') was not released within " + wait.toMillis() + " ms (lock_timeout), "
                + "so nothing was changed. It is held by " + who, LOCK_NOT_AVAILABLE, cause);
    }
}
