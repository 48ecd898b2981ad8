package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.ReplicationGrant;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the database to the desired state in one transaction: take the handler's lock ({@link ServerLock}),
 * read the ledger and the roles, plan, run the plan, read back and verify, record the ledger, commit. Any
 * failure rolls the whole transaction back, so nothing is half applied.
 */
public final class RoleReconciler {
    static final int MAX_ATTEMPTS = 8;
    private static final Pattern BATCH_ENTRY = Pattern.compile("Batch entry (\\d+) ");

    private final Consumer<String> log;

    /** @param log where progress and warnings go (never secrets: none reach this class) */
    public RoleReconciler(Consumer<String> log) {
        this.log = log;
    }

    /**
     * @param connection admin connection with auto-commit off
     * @param key the resource and which of its ledger rows are its own in this event
     * @param desired what is wanted ({@link DesiredState#NOTHING} to undo everything this resource did)
     * @param deadline when to stop retrying after concurrent-update conflicts
     * @return the plan that was applied
     * @throws SQLException when the database refuses; the transaction is rolled back
     */
    public Plan reconcile(Connection connection, LedgerKey key, DesiredState desired, Deadline deadline)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                Plan plan = applyOnce(connection, key, desired, deadline);
                connection.commit();
                return plan;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                if (!(e instanceof SQLException sql) || !isConcurrentUpdate(sql) || attempt >= MAX_ATTEMPTS
                        || deadline.remaining().compareTo(Duration.ofSeconds(2)) < 0) {
                    throw e;
                }
                long pause = ThreadLocalRandom.current().nextLong(50, 200L * attempt);
                log.accept("concurrent update on attempt " + attempt + " (" + sql.getMessage() + "); retrying in "
                        + pause + " ms");
                sleep(pause);
            }
        }
    }

    private Plan applyOnce(Connection connection, LedgerKey key, DesiredState desired, Deadline deadline)
            throws SQLException {
        boolean undoOnly = desired.users().isEmpty();
        Duration wait = ServerLock.waitFor(deadline);
        GrantLedger.Tables found = lockAndFindLedger(connection, wait);
        if (!found.ledger() && undoOnly) {
            return new Plan(List.of(), Collections.emptyMap(), Collections.emptyMap(),
                    List.of("no ledger table: nothing recorded here"));
        }
        if (!found.ledger() || !found.lock()) {
            createAndLock(connection, found, wait);
        }
        LedgerRows rows = found.ledger() ? GrantLedger.read(connection, key) : LedgerRows.NONE;
        Set<String> names = new LinkedHashSet<>(desired.users());
        names.addAll(rows.owned().keySet());
        ClusterState state = RoleCatalog.read(connection, names);
        Plan plan = GrantPlanner.plan(desired, state, rows);
        plan.warnings().forEach(w -> log.accept("warning: " + w));
        if (!plan.statements().isEmpty()) {
            executeAll(connection, plan.statements(), state);
        }
        if (!undoOnly) {
            verify(plan.statements().isEmpty() ? state : RoleCatalog.read(connection, desired.users()), desired);
        }
        if (!plan.ledger().equals(rows.owned()) || !plan.handedOver().isEmpty() || rows.labeledElsewhere()
                || !rows.sameRolesIn(state)) {
            GrantLedger.write(connection, key, plan.ledger(), plan.handedOver());
        }
        return plan;
    }

    /**
     * Bounds every lock wait of the transaction to {@code wait}, takes the handler's lock where its table is the
     * admin's, then reads which ledger tables exist and refuses a schema or tables someone else owns or may write
     * to: one round trip. A lock held past the bound fails the run, naming the holder.
     */
    private static GrantLedger.Tables lockAndFindLedger(Connection connection, Duration wait) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(ServerLock.boundWaitSql(wait) + "; " + ServerLock.LOCK_IF_OURS + "; " + GrantLedger.FACTS);
            while (!st.getMoreResults()) {
                if (st.getUpdateCount() == -1) {
                    throw new SQLException("the ledger query returned no rows");
                }
            }
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                return GrantLedger.checked(rs);
            }
        } catch (SQLException e) {
            throw lockTimedOut(connection, wait, e);
        }
    }

    /**
     * The first run on a server (or after someone dropped a table): creates the missing parts, then locks; one
     * round trip, in place of the ledger read (a new ledger is empty).
     */
    private static void createAndLock(Connection connection, GrantLedger.Tables found, Duration wait)
            throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(GrantLedger.createSql(found) + "; " + ServerLock.LOCK);
        } catch (SQLException e) {
            throw lockTimedOut(connection, wait, e);
        }
    }

    /** @return the error to throw: for a lock wait that ran out, one naming the holders (after a rollback) */
    private static SQLException lockTimedOut(Connection connection, Duration wait, SQLException e) {
        if (!ServerLock.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return e;
        }
        rollbackQuietly(connection);
        return ServerLock.timedOut(connection, wait, e);
    }

    /** Runs the plan as one JDBC batch: one round trip, and the failing statement is named. */
    private void executeAll(Connection connection, List<String> statements, ClusterState state) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                log.accept("running: " + sql);
                st.addBatch(sql);
            }
            st.executeBatch();
        } catch (BatchUpdateException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            String sql = statements.get(failedIndex(e, statements.size()));
            if ("42501".equals(cause.getSQLState()) && sql.contains("REPLICATION")) {
                throw new SQLException("'" + sql + "' was refused: " + cause.getMessage() + ". The admin '"
                        + state.adminUser() + "' may not change the REPLICATION attribute; on Amazon RDS use "
                        + "ReplicationGrant rds_replication (the default)", cause.getSQLState(), e);
            }
            throw new SQLException("'" + sql + "' failed: " + cause.getMessage(), cause.getSQLState(), e);
        }
    }

    /** The failing batch entry: pgjdbc names it in its message ("Batch entry 2 ... was aborted"). */
    private static int failedIndex(BatchUpdateException e, int size) {
        Matcher entry = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
        int index = entry.find() ? Integer.parseInt(entry.group(1)) : 0;
        return Math.min(Math.max(index, 0), size - 1);
    }

    private static void verify(ClusterState after, DesiredState desired) {
        List<String> missing = new ArrayList<>();
        for (String user : desired.users()) {
            RoleState role = after.role(user).orElse(null);
            boolean replication = role != null && (desired.replicationGrant() == ReplicationGrant.RDS_REPLICATION
                    ? role.memberOfRdsReplication() : role.replicationAttribute());
            if (role == null || (desired.iamRequired() && !role.memberOfRdsIam()) || !replication) {
                missing.add(user);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("after applying the grants, these users still lack "
                    + (desired.iamRequired() ? "rds_iam or " : "") + "replication rights: " + missing + "; the transaction was rolled back");
        }
    }

    /** Conflicts that a fresh transaction resolves: serialization, deadlock, concurrent catalog update. */
    static boolean isConcurrentUpdate(SQLException e) {
        String state = e.getSQLState();
        String message = String.valueOf(e.getMessage());
        return "40001".equals(state) || "40P01".equals(state) || "23505".equals(state)
                || ("XX000".equals(state) && message.contains("tuple concurrently updated"));
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls back on its own
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
