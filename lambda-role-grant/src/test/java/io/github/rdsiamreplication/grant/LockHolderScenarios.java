package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
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
 * Any login can take the handler's advisory lock (its key is public). Such a holder must not block a run
 * until the Lambda times out: the run waits a bounded time (lock_timeout), then fails naming the holder
 * (pid, user, application) and the remedy, having changed nothing; a Delete fails too rather than skip its
 * undo. Subclasses pick the PostgreSQL major.
 */
abstract class LockHolderScenarios {
    private static final String SQUATTER = "lock_squatter";
    private static final String SQUATTER_APP = "squatter-app";
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
        PostgresServers.superuserSql(pg, "DROP ROLE IF EXISTS " + SQUATTER);
    }

    /** Runs the handler with a guard against hanging (the guard is no timing assertion: it only ends a hang). */
    private Map<String, Object> invoke(Map<String, Object> event) throws Exception {
        RoleGrantHandler handler = new RoleGrantHandler(() -> TestTargets.of(event),
                () -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                DatabaseConnector.PGJDBC, Clock.systemUTC());
        try {
            return runner.submit(() -> handler.handleRequest(event, LocalContext.recording(REMAINING_MILLIS)))
                    .get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** An unprivileged login on the ledger's database holding the handler's lock (session level). */
    private Connection squat() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", SQUATTER);
        props.setProperty("password", "squat-pw");
        props.setProperty("ApplicationName", SQUATTER_APP);
        Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.getPort() + "/"
                + GrantLedger.DATABASE, props);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_catalog.pg_advisory_lock(" + RoleReconciler.ADVISORY_LOCK_KEY + "::pg_catalog.int8)");
        }
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

    @Test
    void aLoginHoldingTheLockFailsCreateUpdateAndDeleteByNameAndChangesNothing() throws Exception {
        Map<String, Object> v1 = Events.properties(pg.getPort(), List.of("first_user"));
        String id = physicalId(invoke(Events.create("Grants", v1)));
        int ledgerRows = roles.ledgerRows();
        Map<String, Object> v2 = Events.properties(pg.getPort(), List.of("second_user"));

        try (Connection squatter = squat()) {
            int holder = pid(squatter);
            String[] named = {"pid " + holder, "user '" + SQUATTER + "'", "application '" + SQUATTER_APP + "'",
                    "lock_timeout", "pg_terminate_backend", "nothing was changed"};

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
