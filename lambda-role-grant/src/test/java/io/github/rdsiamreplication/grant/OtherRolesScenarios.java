package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.OtherRolesForcedToIam;
import io.github.rdsiamreplication.contract.OtherRolesForcedToIam.Group;
import io.github.rdsiamreplication.contract.OtherRolesForcedToIam.Session;
import io.github.rdsiamreplication.contract.OtherRolesPolicy;
import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.github.rdsiamreplication.contract.SslMode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * The roles outside the replication users that the switch forces to IAM, read by {@link OtherRolesReport}
 * as the RDS-like admin (not a superuser; {@code pg_monitor} through {@code rds_superuser}, see
 * {@link PostgresServers}) on a pinned connection. Subclasses pick the PostgreSQL major.
 *
 * <p>Stock PostgreSQL lets a role open a replication connection only with the {@code REPLICATION}
 * attribute ({@code rds_replication} is RDS's own): a role that opens one here has that attribute besides
 * its {@code rds_replication}, which the report counts as a replication right anyway.
 */
abstract class OtherRolesScenarios {
    private static final String PASSWORD = "Repl-pw-1";

    private EmbeddedPostgres pg;
    private RoleInspector roles;
    private final List<Connection> opened = new ArrayList<>();

    abstract EmbeddedPostgres server();

    @BeforeEach
    void freshServer() throws Exception {
        pg = server();
        roles = new RoleInspector(pg);
        roles.reset();
    }

    @AfterEach
    void closeSessionsAndDropSlots() throws Exception {
        for (Connection c : opened) {
            c.close();
        }
        // A closed client's walsender ends a moment later; a slot still held by it cannot be dropped yet.
        String ours = "FROM pg_catalog.pg_replication_slots WHERE slot_name LIKE 'report\\_%'";
        PostgresServers.superuserSql(pg, "SELECT pg_catalog.pg_terminate_backend(active_pid) " + ours
                + " AND active_pid IS NOT NULL");
        for (int i = 0; i < 600 && count("SELECT count(*) " + ours + " AND active") > 0; i++) {
            Thread.sleep(50);
        }
        PostgresServers.superuserSql(pg, "SELECT pg_catalog.pg_drop_replication_slot(slot_name) " + ours);
        roles.reset();
    }

    private int count(String sql) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    EmbeddedPostgres pg() {
        return pg;
    }

    /** The admin's own connection, as the handler opens it (search_path pinned). */
    Connection admin() throws SQLException {
        Connection c = DatabaseConnector.PGJDBC.open(new ConnectionSettings("localhost", pg.getPort(), "postgres",
                SslMode.DISABLE, null), new AdminCredentials(PostgresServers.ADMIN, PostgresServers.ADMIN_PASSWORD));
        opened.add(c);
        return c;
    }

    OtherRolesForcedToIam report(String... managed) throws SQLException {
        return OtherRolesReport.read(admin(), List.of(managed));
    }

    /** Runs statements as the admin, each in its own transaction (what the RDS master user may do, no more). */
    void adminSql(String... statements) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** A replication connection (walsender) that ran IDENTIFY_SYSTEM and stays open, streaming nothing. */
    Connection replicationConnection(String user, String applicationName) throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, user);
        PGProperty.PASSWORD.set(props, PASSWORD);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.APPLICATION_NAME.set(props, applicationName);
        Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", props);
        opened.add(c);
        try (Statement st = c.createStatement()) {
            st.execute("IDENTIFY_SYSTEM");
        }
        return c;
    }

    /** A replication connection streaming from a new test_decoding slot, as a CDC consumer holds one. */
    PGReplicationStream streamingConnection(String user, String applicationName, String slot) throws SQLException {
        PGConnection c = replicationConnection(user, applicationName).unwrap(PGConnection.class);
        c.getReplicationAPI().createReplicationSlot().logical().withSlotName(slot).withOutputPlugin("test_decoding")
                .make();
        return c.getReplicationAPI().replicationStream().logical().withSlotName(slot).start();
    }

    /** A LOGIN role with a password that may open replication connections on stock PostgreSQL. */
    void replicationLogin(String role) throws SQLException {
        PostgresServers.superuserSql(pg, "CREATE ROLE " + role + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'");
    }

    @Test
    void aRoleWithBothRightsIsReportedAndARoleWithOnlyOneIsNot() throws Exception {
        // Made by the admin, as on RDS (from 16 on that also gives the admin an ADMIN-only grant on each).
        adminSql("CREATE ROLE direct_both LOGIN", "GRANT rds_iam TO direct_both",
                "GRANT rds_replication TO direct_both",
                "CREATE ROLE only_iam LOGIN", "GRANT rds_iam TO only_iam",
                "CREATE ROLE only_rds_replication LOGIN", "GRANT rds_replication TO only_rds_replication",
                "CREATE ROLE managed_user LOGIN", "GRANT rds_iam TO managed_user",
                "GRANT rds_replication TO managed_user");
        PostgresServers.superuserSql(pg, "CREATE ROLE attribute_and_iam LOGIN REPLICATION IN ROLE rds_iam",
                "CREATE ROLE only_attribute LOGIN REPLICATION");

        OtherRolesForcedToIam report = report("managed_user");

        assertThat(report.loginRoles()).as("the managed user is not among the others")
                .containsExactly("attribute_and_iam", "direct_both");
        assertThat(report.groups()).isEmpty();
        assertThat(report.sessions()).isEmpty();
        assertThat(report.admin()).isEqualTo(PostgresServers.ADMIN);
        assertThat(report.adminInRdsIam()).as("the admin created IAM users, and has rds_replication").isFalse();
        assertThat(report.sessionDetailsVisible()).as("pg_monitor through rds_superuser, as on RDS").isTrue();
        assertThat(report.logLine()).startsWith("warning: 2 role(s) outside the replication users")
                .contains("attribute_and_iam,direct_both").contains("None of them holds a replication connection")
                .contains("REVOKE rds_iam FROM <role>");
        assertThat(report("managed_user", "direct_both", "attribute_and_iam").needsAttention()).isFalse();
    }

    @Test
    void aRoleInheritingBothThroughAGroupIsReportedAndSoIsTheGroupWithItsLoginMembers() throws Exception {
        adminSql("CREATE ROLE cdc_group NOLOGIN", "GRANT rds_iam TO cdc_group", "GRANT rds_replication TO cdc_group",
                "CREATE ROLE inner_group NOLOGIN IN ROLE cdc_group",
                "CREATE ROLE alice LOGIN IN ROLE cdc_group", "CREATE ROLE bob LOGIN IN ROLE inner_group",
                "CREATE ROLE managed_user LOGIN IN ROLE cdc_group",
                // The two rights from two places: rds_iam from a group, rds_replication directly.
                "CREATE ROLE iam_group NOLOGIN", "GRANT rds_iam TO iam_group",
                "CREATE ROLE carol LOGIN IN ROLE iam_group", "GRANT rds_replication TO carol",
                "CREATE ROLE dave LOGIN IN ROLE iam_group",
                "CREATE ROLE empty_group NOLOGIN", "GRANT rds_iam TO empty_group",
                "GRANT rds_replication TO empty_group");

        OtherRolesForcedToIam report = report("managed_user");

        assertThat(report.loginRoles()).containsExactly("alice", "bob", "carol");
        assertThat(report.groups()).containsExactly(new Group("cdc_group", List.of("alice", "bob", "managed_user")),
                new Group("empty_group", List.of()), new Group("inner_group", List.of("bob")));
        assertThat(report.logLine()).contains("\"cdc_group (login members: alice, bob, managed_user)\"")
                .contains("empty_group (no login members)").doesNotContain("dave").doesNotContain("iam_group");
    }

    @Test
    void anOpenReplicationConnectionOfAReportedRoleIsReportedWithItsApplicationNameAndAddress() throws Exception {
        replicationLogin("legacy_cdc");
        replicationLogin("password_consumer");
        adminSql("GRANT rds_iam TO legacy_cdc", "GRANT rds_replication TO legacy_cdc");
        replicationConnection("legacy_cdc", "legacy-debezium");
        PGReplicationStream stream = streamingConnection("legacy_cdc", "orders-stream", "report_orders");
        replicationConnection("password_consumer", "not-forced");

        OtherRolesForcedToIam report = report();

        assertThat(report.loginRoles()).containsExactly("legacy_cdc");
        assertThat(report.sessions()).as("only the reported role's sessions").hasSize(2)
                .allSatisfy(s -> assertThat(s.user()).isEqualTo("legacy_cdc"))
                .allSatisfy(s -> assertThat(s.clientAddress()).isEqualTo("127.0.0.1"))
                .allSatisfy(s -> assertThat(s.pid()).isPositive());
        assertThat(report.sessions()).extracting(Session::applicationName, Session::slot)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("legacy-debezium", null),
                        org.assertj.core.groups.Tuple.tuple("orders-stream", "report_orders"));
        assertThat(report.logLine()).contains("legacy_cdc from 127.0.0.1 as 'orders-stream' on slot report_orders")
                .contains("legacy_cdc from 127.0.0.1 as 'legacy-debezium'").doesNotContain("not-forced");
        assertThat(report.toData().get(OtherRolesForcedToIam.OPEN_SESSIONS).toString()).contains("legacy-debezium");
        stream.close();
    }

    /**
     * An admin without {@code pg_read_all_stats} (not the RDS master user, or an RDS that changed) still
     * sees every walsender with its user and {@code application_name}; only the address is hidden, and the
     * report says so rather than calling it a local connection.
     */
    @Test
    void withoutPgReadAllStatsTheSessionIsStillReportedWithoutItsAddress() throws Exception {
        replicationLogin("legacy_cdc");
        adminSql("GRANT rds_iam TO legacy_cdc", "GRANT rds_replication TO legacy_cdc");
        replicationConnection("legacy_cdc", "legacy-debezium");
        PostgresServers.superuserSql(pg, "REVOKE pg_monitor FROM rds_superuser");
        try {
            OtherRolesForcedToIam report = report();

            assertThat(report.sessionDetailsVisible()).isFalse();
            assertThat(report.sessions()).singleElement().satisfies(s -> {
                assertThat(s.applicationName()).isEqualTo("legacy-debezium");
                assertThat(s.clientAddress()).isNull();
            });
            assertThat(report.logLine()).contains("legacy_cdc from an address the admin may not see as "
                    + "'legacy-debezium'");
        } finally {
            PostgresServers.superuserSql(pg, "GRANT pg_monitor TO rds_superuser");
        }
    }

    /** The admin must never have rds_iam: it is checked on its own, named loudly, and never listed as another role. */
    @Test
    void anAdminInRdsIamIsShoutedAboutAndFailsTheFailPolicy() throws Exception {
        PostgresServers.superuserSql(pg, "CREATE ROLE admin_group NOLOGIN IN ROLE rds_iam",
                "GRANT admin_group TO " + PostgresServers.ADMIN);
        try {
            OtherRolesForcedToIam report = report();

            assertThat(report.adminInRdsIam()).isTrue();
            assertThat(report.loginRoles()).doesNotContain(PostgresServers.ADMIN);
            assertThat(report.logLine()).startsWith("warning: the admin user '" + PostgresServers.ADMIN
                    + "' is a member of rds_iam");
            assertThat(report.toData()).containsEntry(OtherRolesForcedToIam.ADMIN_IN_RDS_IAM, "true");
            assertThatThrownBy(() -> OtherRolesReport.beforeSwitch(admin(), List.of(), OtherRolesPolicy.FAIL,
                    line -> { })).hasMessageContaining("is a member of rds_iam");
        } finally {
            PostgresServers.superuserSql(pg, "REVOKE admin_group FROM " + PostgresServers.ADMIN);
        }
    }

    @Test
    void thePoliciesWarnFailOrDoNotLook() throws Exception {
        adminSql("CREATE ROLE direct_both LOGIN", "GRANT rds_iam TO direct_both",
                "GRANT rds_replication TO direct_both");
        List<String> log = new ArrayList<>();

        OtherRolesForcedToIam warned = OtherRolesReport.beforeSwitch(admin(), List.of(), OtherRolesPolicy.WARN,
                log::add);
        assertThat(warned.loginRoles()).containsExactly("direct_both");
        assertThat(log).singleElement().asString().startsWith("warning: ").contains("direct_both");

        assertThatThrownBy(() -> OtherRolesReport.beforeSwitch(admin(), List.of(), OtherRolesPolicy.FAIL, log::add))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("direct_both")
                .hasMessageContaining("nothing was applied").hasMessageContaining("REVOKE rds_iam FROM <role>");
        assertThat(OtherRolesReport.beforeSwitch(admin(), List.of("direct_both"), OtherRolesPolicy.FAIL, log::add)
                .needsAttention()).as("nothing to refuse once it is managed").isFalse();

        OtherRolesForcedToIam ignored = OtherRolesReport.beforeSwitch(noQueries(), List.of(), OtherRolesPolicy.IGNORE,
                log::add);
        assertThat(ignored.checked()).isFalse();
        assertThat(ignored.toData()).containsEntry(OtherRolesForcedToIam.CHECKED, "false");
    }

    @Test
    void afterTheSwitchTheLineSaysWhoNowUsesIamAndWhoIsNowIamOnly() throws Exception {
        adminSql("CREATE ROLE ready_user LOGIN", "GRANT rds_iam TO ready_user", "GRANT rds_replication TO ready_user",
                "CREATE ROLE half_user LOGIN", "GRANT rds_replication TO half_user",
                "CREATE ROLE direct_both LOGIN", "GRANT rds_iam TO direct_both",
                "GRANT rds_replication TO direct_both");
        List<String> managed = List.of("ready_user", "half_user");
        List<String> log = new ArrayList<>();
        Connection admin = admin();
        SettingsInEffect settings = ServerSettingsReport.read(admin, managed);

        OtherRolesReport.afterSwitch(admin, managed, settings, OtherRolesPolicy.WARN, log::add);

        assertThat(log).singleElement().asString().startsWith("warning: after the switch: ")
                .contains("replication users that now open replication connections with IAM tokens: ready_user")
                .contains("not yet (missing rds_iam or replication rights, see the settings line): half_user")
                .contains("other roles now IAM-only for replication: direct_both");
    }

    /** Role names are anyone's text: a newline cannot start a forged log line, a comma cannot split an entry. */
    @Test
    void hostileRoleNamesStayOnOneLineAndInOneEntry() throws Exception {
        adminSql("CREATE ROLE \"evil\nwarning: all clear\" LOGIN", "GRANT rds_iam TO \"evil\nwarning: all clear\"",
                "GRANT rds_replication TO \"evil\nwarning: all clear\"",
                "CREATE ROLE \"a,b \"\"c\"\"\" LOGIN", "GRANT rds_iam TO \"a,b \"\"c\"\"\"",
                "GRANT rds_replication TO \"a,b \"\"c\"\"\"");

        OtherRolesForcedToIam report = report();

        assertThat(report.loginRoles()).containsExactly("a,b \"c\"", "evil\nwarning: all clear");
        assertThat(report.logLine()).doesNotContain("\n").contains("\"a,b \"\"c\"\"\",evil\\u000awarning: all clear");
        assertThat(report.failureMessage()).doesNotContain("\n");
        assertThat(report.toData().get(OtherRolesForcedToIam.OTHER_ROLES))
                .isEqualTo("\"a,b \"\"c\"\"\",evil\\u000awarning: all clear");
    }

    /** A connection on which any statement fails: IGNORE must not run one. */
    private static Connection noQueries() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    throw new AssertionError("IGNORE ran " + method.getName());
                });
    }
}
