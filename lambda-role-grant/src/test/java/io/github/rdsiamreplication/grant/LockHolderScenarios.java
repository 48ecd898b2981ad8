package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler's lock ({@link ServerLock}): no other login can take or hold it, so an unprivileged login
 * holding every lock it can blocks no event. A session that may hold it (the admin's own, say a stuck one)
 * makes a run wait a bounded time (lock_timeout), then fail naming the holder (pid, user, application) and
 * the remedy, having changed nothing; a Delete fails too rather than skip its undo. Subclasses pick the
 * PostgreSQL major.
 */
abstract class LockHolderScenarios {
    private static final String SQUATTER = "lock_squatter";
    private static final String SQUATTER_APP = "squatter-app";
    /** The fixed advisory-lock key the handler used to serialize its runs before it locked a table. */
    private static final long OLD_ADVISORY_KEY = 0x7264_7369_616d_7270L;
    /** 15 s of safety margin plus 5 s: the lock wait is bounded to about 3 s. */
    private static final long REMAINING_MILLIS = RoleGrantHandler.SAFETY_MARGIN.toMillis() + 5_000;
    private static SecretsManagerStub secrets;

    private EmbeddedPostgres pg;
    private RoleInspector roles;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    abstract EmbeddedPostgres server();

    @BeforeAll
    static void startSecretsManager() {
        secrets = new SecretsManagerStub();
        secrets.adminSecret(Events.SECRET_ARN);
    }

    @AfterAll
    static void stopSecretsManager() {
        secrets.close();
    }

    @BeforeEach
    void freshServer() throws Exception {
        pg = server();
        roles = new RoleInspector(pg);
        roles.reset();
        PostgresServers.superuserSql(pg, "CREATE ROLE " + SQUATTER + " LOGIN PASSWORD 'squat-pw'");
    }

    @AfterEach
    void dropSquatter() throws Exception {
        runner.shutdownNow();
        roles.reset();
    }

    /** Runs the handler with a guard against hanging (the guard is no timing assertion: it only ends a hang). */
    private Map<String, Object> invoke(Map<String, Object> event) throws Exception {
        RoleGrantHandler handler = new RoleGrantHandler(() -> TestTargets.of(event),
                () -> Events.ID_KEY, () -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                DatabaseConnector.PGJDBC, Clock.systemUTC());
        try {
            return runner.submit(() -> handler.handleRequest(event, LocalContext.recording(REMAINING_MILLIS)))
                    .get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** A session on the ledger's database, auto-commit off, as {@code user}. */
    private Connection session(String user, String password, String application) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", application);
        Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.getPort() + "/"
                + GrantLedger.DATABASE, props);
        c.setAutoCommit(false);
        return c;
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String physicalId(Map<String, Object> response) {
        return (String) response.get("PhysicalResourceId");
    }

    /**
     * Everything an unprivileged login can do to get in the handler's way, short of changing the roles: hold
     * the old advisory key and a thousand others (session level), open a transaction that takes ACCESS SHARE
     * on every table of the ledger schema by OID (as {@code pg_relation_size} does without a privilege check)
     * and reads the catalogs the handler reads, and try to lock the handler's tables in every mode. The login
     * got ALL on new tables through the admin's default privileges before the first run, and USAGE on the schema
     * afterwards (as a DBA might give a monitoring login). Create, Update and Delete all go through; the old
     * advisory-lock code failed each of them after the lock wait.
     */
    @Test
    void anUnprivilegedLoginHoldingEveryLockItCanBlocksNoEvent() throws Exception {
        PostgresServers.superuserSql(pg, "ALTER DEFAULT PRIVILEGES FOR ROLE " + PostgresServers.ADMIN
                + " GRANT ALL ON TABLES TO " + SQUATTER);
        Map<String, Object> v1 = Events.properties(pg.getPort(), List.of("first_user"));
        String id = physicalId(invoke(Events.create("Grants", v1)));
        PostgresServers.superuserSql(pg, "GRANT USAGE ON SCHEMA " + GrantLedger.SCHEMA + " TO " + SQUATTER);
        Map<String, Object> v2 = Events.properties(pg.getPort(), List.of("second_user"));

        try (Connection squatter = session(SQUATTER, "squat-pw", SQUATTER_APP); Statement st = squatter.createStatement()) {
            st.execute("SELECT pg_catalog.pg_advisory_lock(" + OLD_ADVISORY_KEY + "::pg_catalog.int8)");
            st.execute("SELECT pg_catalog.pg_advisory_lock(k) FROM pg_catalog.generate_series(1, 1000) k");
            st.execute("SELECT pg_catalog.pg_relation_size(c.oid) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = '" + GrantLedger.SCHEMA + "'");
            st.execute("SELECT * FROM pg_catalog.pg_roles, pg_catalog.pg_auth_members, pg_catalog.pg_shdepend LIMIT 1");
            List<String> refused = new ArrayList<>();
            for (String mode : List.of("ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
                    "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE")) {
                for (String table : List.of(ServerLock.TABLE, GrantLedger.TABLE)) {
                    refused.add(attempt(squatter, "LOCK TABLE " + table + " IN " + mode + " MODE"));
                }
            }
            refused.add(attempt(squatter, "SELECT * FROM " + GrantLedger.TABLE + " FOR UPDATE"));
            refused.add(attempt(squatter, "INSERT INTO " + GrantLedger.TABLE + " (stack_id) VALUES ('x')"));
            // What it may do, it does: SELECT (the default privileges' one that was left) allows ACCESS SHARE.
            st.execute("LOCK TABLE " + ServerLock.TABLE + ", " + GrantLedger.TABLE + " IN ACCESS SHARE MODE");
            st.execute("SELECT * FROM " + GrantLedger.TABLE);
            assertThat(refused).as("every stronger lock and every write is refused").containsOnly("42501");
            assertThat(locksHeldBy(pid(squatter))).contains("advisory", "relation " + ServerLock.TABLE + " AccessShareLock",
                    "relation " + GrantLedger.TABLE + " AccessShareLock");
            assertThat(aLockBlockedByThat("ACCESS EXCLUSIVE")).as("why the handler's lock is EXCLUSIVE, not ACCESS "
                    + "EXCLUSIVE: any login may hold ACCESS SHARE").isTrue();

            invoke(Events.create("Other", Events.properties(pg.getPort(), List.of("third_user"))));
            invoke(Events.update("Grants", id, v1, v2));
            assertThat(roles.exists("first_user")).isFalse();
            assertThat(roles.isMember("second_user", "rds_iam")).isTrue();
            assertThat(roles.isMember("third_user", "rds_iam")).isTrue();
            invoke(Events.delete("Grants", id, v2));
            assertThat(roles.exists("second_user")).isFalse();
        }
    }

    /** @return the SQLSTATE of the statement's refusal (in a savepoint: the transaction and its locks stay) */
    private static String attempt(Connection c, String sql) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            c.releaseSavepoint(before);
            return "allowed: " + sql;
        } catch (SQLException e) {
            c.rollback(before);
            return e.getSQLState();
        }
    }

    /** @return the locks a session holds: "advisory", or "relation NAME MODE" */
    private List<String> locksHeldBy(int pid) throws SQLException {
        List<String> held = new ArrayList<>();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT l.locktype, l.relation::regclass::text, l.mode FROM pg_locks l"
                        + " WHERE l.granted AND l.pid = " + pid)) {
            while (rs.next()) {
                held.add(rs.getString(1).equals("relation") ? "relation " + rs.getString(2) + " " + rs.getString(3)
                        : rs.getString(1));
            }
        }
        return held;
    }

    /** @return whether the admin's {@code LOCK TABLE} in {@code mode} on the lock table waits (100 ms bound) */
    private boolean aLockBlockedByThat(String mode) throws SQLException {
        try (Connection admin = session(PostgresServers.ADMIN, PostgresServers.ADMIN_PASSWORD, "probe");
                Statement st = admin.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '100ms'");
            try {
                st.execute("LOCK TABLE " + ServerLock.TABLE + " IN " + mode + " MODE");
                return false;
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo(ServerLock.LOCK_NOT_AVAILABLE);
                return true;
            } finally {
                admin.rollback();
            }
        }
    }

    /** The admin's own stuck session (or another handler that never finishes) holds the lock. */
    @Test
    void aSessionHoldingTheLockFailsCreateUpdateAndDeleteByNameAndChangesNothing() throws Exception {
        Map<String, Object> v1 = Events.properties(pg.getPort(), List.of("first_user"));
        String id = physicalId(invoke(Events.create("Grants", v1)));
        int ledgerRows = roles.ledgerRows();
        Map<String, Object> v2 = Events.properties(pg.getPort(), List.of("second_user"));

        try (Connection stuck = session(PostgresServers.ADMIN, PostgresServers.ADMIN_PASSWORD, "stuck-session");
                Statement st = stuck.createStatement()) {
            st.execute(ServerLock.LOCK);
            int holder = pid(stuck);
            String[] named = {"pid " + holder, "user '" + PostgresServers.ADMIN + "'", "application 'stuck-session'",
                    "ExclusiveLock", "lock_timeout", "pg_terminate_backend", "nothing was changed"};

            assertThatThrownBy(() -> invoke(Events.create("Other", Events.properties(pg.getPort(),
                    List.of("third_user"))))).hasMessageContainingAll(named);
            assertThatThrownBy(() -> invoke(Events.update("Grants", id, v1, v2))).hasMessageContainingAll(named);
            // A Delete blocked this way fails (a database that answers is not a database that is gone).
            assertThatThrownBy(() -> invoke(Events.delete("Grants", id, v1))).hasMessageContainingAll(named)
                    .hasMessageContaining("Delete failed");

            assertThat(roles.exists("second_user")).isFalse();
            assertThat(roles.exists("third_user")).isFalse();
            assertThat(roles.isMember("first_user", "rds_iam")).isTrue();
            assertThat(roles.isMember("first_user", "rds_replication")).isTrue();
            assertThat(roles.ledgerRows()).isEqualTo(ledgerRows);
        }

        // The holder gone, the same Delete goes through: it was the lock, and only the lock.
        invoke(Events.delete("Grants", id, v1));
        assertThat(roles.exists("first_user")).isFalse();
    }

    /** A DBA gave a login more than SELECT on a ledger table: refused, naming it, before anything changes. */
    @Test
    void aLockTableAnotherLoginMayWriteIsRefusedNamingIt() throws Exception {
        Map<String, Object> v1 = Events.properties(pg.getPort(), List.of("first_user"));
        String id = physicalId(invoke(Events.create("Grants", v1)));
        PostgresServers.superuserSql(pg, "GRANT USAGE ON SCHEMA " + GrantLedger.SCHEMA + " TO " + SQUATTER,
                "GRANT UPDATE ON " + ServerLock.TABLE + " TO " + SQUATTER);

        assertThatThrownBy(() -> invoke(Events.delete("Grants", id, v1)))
                .hasMessageContaining("hold privileges beyond SELECT").hasMessageContaining("(" + SQUATTER + ")")
                .hasMessageContaining("REVOKE ALL ON TABLE " + GrantLedger.TABLE + ", " + ServerLock.TABLE + " FROM "
                        + SQUATTER).hasMessageContaining("Nothing was changed");
        assertThat(roles.isMember("first_user", "rds_iam")).isTrue();

        // A column's privilege counts too: UPDATE on one column allows SELECT ... FOR UPDATE of the ledger's rows.
        PostgresServers.superuserSql(pg, "REVOKE UPDATE ON " + ServerLock.TABLE + " FROM " + SQUATTER,
                "GRANT SELECT, UPDATE (user_name) ON " + GrantLedger.TABLE + " TO " + SQUATTER);
        assertThatThrownBy(() -> invoke(Events.delete("Grants", id, v1)))
                .hasMessageContaining("hold privileges beyond SELECT").hasMessageContaining("(" + SQUATTER + ")");

        PostgresServers.superuserSql(pg, "REVOKE UPDATE (user_name) ON " + GrantLedger.TABLE + " FROM " + SQUATTER);
        invoke(Events.delete("Grants", id, v1));
        assertThat(roles.exists("first_user")).isFalse();
    }

    /**
     * A lock table of the right name that a login made in the admin's schema (here with the superuser's help),
     * held by that login: the handler never waits for it and refuses at once, naming the owner.
     */
    @Test
    void aLockTableSomeoneElseOwnsIsNeverWaitedFor() throws Exception {
        PostgresServers.superuserSql(pg, "CREATE SCHEMA " + GrantLedger.SCHEMA + " AUTHORIZATION " + PostgresServers.ADMIN,
                "CREATE TABLE " + ServerLock.TABLE + " ()", "ALTER TABLE " + ServerLock.TABLE + " OWNER TO " + SQUATTER,
                "GRANT USAGE ON SCHEMA " + GrantLedger.SCHEMA + " TO " + SQUATTER);
        try (Connection squatter = session(SQUATTER, "squat-pw", SQUATTER_APP); Statement st = squatter.createStatement()) {
            st.execute("LOCK TABLE " + ServerLock.TABLE + " IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> invoke(Events.create("Grants", Events.properties(pg.getPort(),
                    List.of("first_user"))))).hasMessageContaining("table " + ServerLock.TABLE)
                    .hasMessageContaining("owned by '" + SQUATTER + "'").hasMessageNotContaining("lock_timeout");
        }
        assertThat(roles.exists("first_user")).isFalse();
    }

    @Test
    void theWaitIsBoundedAtThirtySecondsAndByTheTimeLeft() {
        Clock clock = Clock.systemUTC();
        assertThat(ServerLock.waitFor(Deadline.in(clock, java.time.Duration.ofMinutes(10))))
                .isEqualTo(ServerLock.MAX_WAIT);
        assertThat(ServerLock.waitFor(Deadline.in(clock, java.time.Duration.ofSeconds(6))))
                .isBetween(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(4));
        assertThat(ServerLock.waitFor(Deadline.in(clock, java.time.Duration.ZERO))).isEqualTo(ServerLock.MIN_WAIT);
    }
}
