package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.github.rdsiamreplication.lambdakit.LocalContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The settings in effect, read as the RDS-like admin on real PostgreSQL: a server running
 * {@code wal_level=logical} with both parameters on, and one still on {@code replica} (the state before
 * the reboot that applies {@code rds.logical_replication}); users in and out of the two roles, directly
 * and through another role.
 */
class ServerSettingsReportTest {
    private static SecretsManagerStub secrets;

    @BeforeAll
    static void startSecretsManager() {
        secrets = new SecretsManagerStub();
        secrets.adminSecret(Events.SECRET_ARN);
    }

    @AfterAll
    static void stopSecretsManager() {
        secrets.close();
    }

    private static SettingsInEffect readAsAdmin(EmbeddedPostgres pg, List<String> users) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", PostgresServers.ADMIN);
        props.setProperty("password", PostgresServers.ADMIN_PASSWORD);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                props)) {
            return ServerSettingsReport.read(c, users);
        }
    }

    @Test
    void membershipsDirectInheritedAndMissingOnALogicalServer() throws Exception {
        EmbeddedPostgres pg = PostgresServers.postgres16();
        new RoleInspector(pg).reset();
        PostgresServers.superuserSql(pg, "CREATE ROLE direct_user LOGIN", "GRANT rds_iam TO direct_user",
                "GRANT rds_replication TO direct_user",
                "CREATE ROLE via_group NOLOGIN", "GRANT rds_iam TO via_group", "GRANT rds_replication TO via_group",
                "CREATE ROLE inherited_user LOGIN IN ROLE via_group",
                "CREATE ROLE password_user LOGIN", "GRANT rds_replication TO password_user",
                "CREATE ROLE attribute_user LOGIN REPLICATION", "GRANT rds_iam TO attribute_user");
        try {
            SettingsInEffect settings = readAsAdmin(pg, List.of("direct_user", "inherited_user", "password_user",
                    "attribute_user", "missing_user"));

            assertThat(settings.walLevel()).isEqualTo("logical");
            assertThat(settings.logicalReplication()).isEqualTo("on");
            assertThat(settings.iamAuthForReplication()).as("RDS shows the parameter's 1 as on").isEqualTo("on");
            assertThat(settings.usersWithoutRdsIam()).containsExactly("password_user", "missing_user");
            assertThat(settings.usersWithoutRdsReplication()).containsExactly("missing_user");
            assertThat(settings.inEffect()).isFalse();
            assertThat(readAsAdmin(pg, List.of("direct_user", "inherited_user")).inEffect()).isTrue();
        } finally {
            new RoleInspector(pg).reset();
        }
    }

    @Test
    void aServerWaitingForItsRebootIsReportedAsSuch() throws Exception {
        EmbeddedPostgres pg = PostgresServers.walLevelReplica();
        new RoleInspector(pg).reset();
        PostgresServers.superuserSql(pg, "CREATE ROLE direct_user LOGIN", "GRANT rds_iam TO direct_user",
                "GRANT rds_replication TO direct_user");
        try {
            SettingsInEffect settings = readAsAdmin(pg, List.of("direct_user"));

            assertThat(settings.walLevel()).isEqualTo("replica");
            assertThat(settings.logicalReplication()).isEqualTo("off");
            assertThat(settings.iamAuthForReplication()).isEqualTo("off");
            assertThat(settings.usersWithoutRdsIam()).isEmpty();
            assertThat(settings.inEffect()).isFalse();
            assertThat(settings.problems()).anyMatch(p -> p.contains("waits for a reboot"))
                    .anyMatch(p -> p.contains("still being applied"));
        } finally {
            new RoleInspector(pg).reset();
        }
    }

    @Test
    void theHandlerSucceedsAndReportsInDataAndLogWhenNotYetInEffect() throws Exception {
        EmbeddedPostgres pg = PostgresServers.walLevelReplica();
        new RoleInspector(pg).reset();
        try {
            LocalContext context = LocalContext.recording();
            Map<String, Object> event = Events.create("Grants", Events.properties(pg.getPort(), List.of("debezium")));
            Map<String, Object> response = handler(event).handleRequest(event, context);

            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) response.get("Data");
            assertThat(data).containsEntry("Users", "1").containsEntry(SettingsInEffect.WAL_LEVEL, "replica")
                    .containsEntry(SettingsInEffect.LOGICAL_REPLICATION, "off")
                    .containsEntry(SettingsInEffect.IAM_AUTH_FOR_REPLICATION, "off")
                    .containsEntry(SettingsInEffect.USERS_WITHOUT_RDS_IAM, "")
                    .containsEntry(SettingsInEffect.IN_EFFECT, "false");
            assertThat((String) data.get(SettingsInEffect.ADVICE)).contains("reboot");
            assertThat(context.log()).contains("settings in effect: wal_level=replica").contains("NOT yet in effect")
                    .doesNotContain(PostgresServers.ADMIN_PASSWORD);
            assertThat(data.toString()).doesNotContain(PostgresServers.ADMIN_PASSWORD);
        } finally {
            new RoleInspector(pg).reset();
        }
    }

    @Test
    void theHandlerReportsInEffectWhenEverythingIsOn() throws Exception {
        EmbeddedPostgres pg = PostgresServers.postgres16();
        new RoleInspector(pg).reset();
        try {
            Map<String, Object> event = Events.create("Grants",
                    Events.properties(pg.getPort(), List.of("debezium", "analytics")));
            Map<String, Object> response = handler(event).handleRequest(event, LocalContext.recording());

            assertThat(response.get("Data")).isEqualTo(Map.of("Users", "2", "Statements", "6",
                    SettingsInEffect.WAL_LEVEL, "logical", SettingsInEffect.LOGICAL_REPLICATION, "on",
                    SettingsInEffect.IAM_AUTH_FOR_REPLICATION, "on", SettingsInEffect.USERS_WITHOUT_RDS_IAM, "",
                    SettingsInEffect.USERS_WITHOUT_RDS_REPLICATION, "", SettingsInEffect.IN_EFFECT, "true",
                    SettingsInEffect.ADVICE, ""));
        } finally {
            new RoleInspector(pg).reset();
        }
    }

    @Test
    void switchedOffTheUsersLoseRdsIamAndTheReportSaysSo() throws Exception {
        EmbeddedPostgres pg = PostgresServers.postgres16();
        new RoleInspector(pg).reset();
        try {
            Map<String, Object> props = Events.properties(pg.getPort(), List.of("debezium"));
            props.put("Enabled", "false");
            Map<String, Object> event = Events.create("Grants", props);
            Map<String, Object> response = handler(event).handleRequest(event, LocalContext.recording());

            assertThat(response.get("Data")).asInstanceOf(MAP).containsEntry(SettingsInEffect.USERS_WITHOUT_RDS_IAM,
                    "debezium").containsEntry(SettingsInEffect.IN_EFFECT, "false");
        } finally {
            new RoleInspector(pg).reset();
        }
    }

    /** The grants are committed before the report is read: a report that cannot be read fails nothing. */
    @Test
    void aReportThatCannotBeReadKeepsTheGrantsAndSaysUnknown() throws Exception {
        EmbeddedPostgres pg = PostgresServers.postgres16();
        RoleInspector roles = new RoleInspector(pg);
        roles.reset();
        try {
            LocalContext context = LocalContext.recording();
            Map<String, Object> event = Events.create("Grants", Events.properties(pg.getPort(), List.of("debezium")));
            Map<String, Object> response = handler(event, failingReportQuery()).handleRequest(event, context);

            assertThat(roles.isMember("debezium", "rds_iam")).isTrue();
            assertThat(response.get("Data")).asInstanceOf(MAP).containsEntry("Statements", "3")
                    .containsEntry(SettingsInEffect.WAL_LEVEL, SettingsInEffect.UNKNOWN)
                    .containsEntry(SettingsInEffect.IN_EFFECT, "false");
            assertThat(context.log()).contains("warning: the grants are committed, but the settings in effect "
                    + "could not be read: report refused for the test");
        } finally {
            roles.reset();
        }
    }

    /** Real pgjdbc connections, except that preparing the report's query fails like a refused query. */
    private static DatabaseConnector.ConnectionOpener failingReportQuery() {
        return (settings, credentials) -> {
            Connection real = DatabaseConnector.PGJDBC.open(settings, credentials);
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")
                                && String.valueOf(args[0]).contains("rds.iam_auth_for_replication")) {
                            throw new SQLException("report refused for the test", "42501");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
    }

    private static RoleGrantHandler handler(Map<String, Object> event) {
        return handler(event, DatabaseConnector.PGJDBC);
    }

    /** The handler as deployed for the event's own resource (the allow-list test is TargetAllowListTest). */
    private static RoleGrantHandler handler(Map<String, Object> event, DatabaseConnector.ConnectionOpener opener) {
        return new RoleGrantHandler(
                () -> TestTargets.of(event),
                () -> Events.ID_KEY, () -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                opener, Clock.systemUTC());
    }
}
