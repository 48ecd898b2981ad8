package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.ReplicationGrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler end to end (the admin secret from a stand-in of the secrets extension, real PostgreSQL set
 * up like RDS). Subclasses pick the PostgreSQL major.
 */
abstract class RoleGrantScenarios {
    private static SecretsManagerStub secrets;

    private EmbeddedPostgres pg;
    private RoleInspector roles;
    private final List<TestContext> contexts = new ArrayList<>();

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
    }

    RoleInspector roles() {
        return roles;
    }

    EmbeddedPostgres pg() {
        return pg;
    }

    private RoleGrantHandler handler() {
        return new RoleGrantHandler(() -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                DatabaseConnector.PGJDBC, Clock.systemUTC());
    }

    Map<String, Object> invoke(Map<String, Object> event) {
        return invoke(event, new TestContext());
    }

    private Map<String, Object> invoke(Map<String, Object> event, TestContext context) {
        contexts.add(context);
        return handler().handleRequest(event, context);
    }

    Map<String, Object> props(String... users) {
        return Events.properties(pg.getPort(), List.of(users));
    }

    private static String physicalId(Map<String, Object> response) {
        return (String) response.get("PhysicalResourceId");
    }

    @Test
    void createMakesLoginRolesThatMustUseIam() throws Exception {
        Map<String, Object> response = invoke(Events.create("Grants", props("debezium", "analytics")));

        assertThat(physicalId(response)).startsWith("rds-iam-replication:localhost:" + pg.getPort() + ":");
        assertThat(response.get("Data")).isEqualTo(Map.of("Users", "2", "Statements", "6"));
        for (String user : List.of("debezium", "analytics")) {
            assertThat(roles.exists(user)).isTrue();
            assertThat(roles.canLogin(user)).isTrue();
            assertThat(roles.isMember(user, "rds_iam")).isTrue();
            assertThat(roles.isMember(user, "rds_replication")).isTrue();
            assertThat(roles.hasReplicationAttribute(user)).isFalse();
        }
        assertThat(roles.isMember(PostgresServers.ADMIN, "rds_iam")).as("admin keeps only its ADMIN OPTION grant")
                .isTrue();
    }

    @Test
    void theSameCreateTwiceChangesNothingMore() throws Exception {
        Map<String, Object> event = Events.create("Grants", props("debezium"));
        Map<String, Object> first = invoke(event);
        Map<String, Object> second = invoke(event);

        assertThat(physicalId(second)).isEqualTo(physicalId(first));
        assertThat(second.get("Data")).isEqualTo(Map.of("Users", "1", "Statements", "0"));
        assertThat(roles.isMember("debezium", "rds_iam")).isTrue();

        // It still remembers the first Create's work as its own: Delete drops the role it created.
        invoke(Events.delete("Grants", physicalId(second), props("debezium")));
        assertThat(roles.exists("debezium")).isFalse();
    }

    @Test
    void whatWasThereBeforeIsLeftInPlaceOnDelete() throws Exception {
        PostgresServers.superuserSql(pg, "CREATE ROLE existing LOGIN", "GRANT rds_iam TO existing");
        Map<String, Object> created = invoke(Events.create("Grants", props("existing")));
        assertThat(roles.isMember("existing", "rds_replication")).isTrue();

        invoke(Events.delete("Grants", physicalId(created), props("existing")));

        assertThat(roles.exists("existing")).as("not created by the resource: kept").isTrue();
        assertThat(roles.isMember("existing", "rds_iam")).as("granted before: kept").isTrue();
        assertThat(roles.isMember("existing", "rds_replication")).as("granted by the resource: revoked").isFalse();
    }

    @Test
    void updateGivesAddedUsersTheGrantsAndUndoesOnlyOurWorkForRemovedOnes() throws Exception {
        PostgresServers.superuserSql(pg, "CREATE ROLE kept_role LOGIN");
        Map<String, Object> v1 = props("kept_role", "dropped_role", "stays");
        String id = physicalId(invoke(Events.create("Grants", v1)));
        Map<String, Object> v2 = props("stays", "added");

        Map<String, Object> response = invoke(Events.update("Grants", id, v1, v2));

        assertThat(physicalId(response)).as("same endpoint: same physical id, no replacement").isEqualTo(id);
        assertThat(roles.exists("dropped_role")).as("created by us, owns nothing: dropped").isFalse();
        assertThat(roles.exists("kept_role")).as("pre-existing role stays").isTrue();
        assertThat(roles.isMember("kept_role", "rds_iam")).isFalse();
        assertThat(roles.isMember("kept_role", "rds_replication")).isFalse();
        assertThat(roles.isMember("stays", "rds_iam")).isTrue();
        assertThat(roles.isMember("added", "rds_iam")).isTrue();
        assertThat(roles.isMember("added", "rds_replication")).isTrue();
    }

    @Test
    void aChangedServerIsAReplacementButAnotherDatabaseOfTheSameServerIsNot() throws Exception {
        Map<String, Object> v1 = props("debezium");
        String id = physicalId(invoke(Events.create("Grants", v1)));
        Map<String, Object> otherDatabase = props("debezium");
        otherDatabase.put("Database", "other_db");

        String sameId = physicalId(invoke(Events.update("Grants", id, v1, otherDatabase)));

        assertThat(sameId).as("roles belong to the server: no replacement").isEqualTo(id);
        // The ownership moved with it: deleting the resource still drops the role it created.
        invoke(Events.delete("Grants", id, otherDatabase));
        assertThat(roles.exists("debezium")).isFalse();

        Map<String, Object> otherServer = props("debezium");
        otherServer.put("Host", "127.0.0.1");
        String created = physicalId(invoke(Events.create("Grants", v1)));
        String replaced = physicalId(invoke(Events.update("Grants", created, v1, otherServer)));
        assertThat(replaced).isNotEqualTo(created).startsWith("rds-iam-replication:127.0.0.1:");
    }

    @Test
    void aUserSharedByTwoResourcesStaysUntilTheLastOneLetsGo() throws Exception {
        String first = physicalId(invoke(Events.create("First", props("shared", "only_first"))));
        String second = physicalId(invoke(Events.create("Second", props("shared"))));

        invoke(Events.delete("First", first, props("shared", "only_first")));
        assertThat(roles.exists("only_first")).isFalse();
        assertThat(roles.isMember("shared", "rds_iam")).as("still wanted by Second").isTrue();

        invoke(Events.delete("Second", second, props("shared")));
        assertThat(roles.exists("shared")).as("First created it and handed it to Second").isFalse();
    }

    /**
     * The lifecycle as CloudFormation sends it: Create; Update with the feature off (users may use
     * passwords again, replication stays); Update with it on again; then the Delete that removing a
     * construct with removalPolicy DESTROY sends.
     */
    @Test
    void turningTheFeatureOffAndOnAndRemovingTheConstruct() throws Exception {
        PostgresServers.superuserSql(pg, "CREATE ROLE had_iam LOGIN", "GRANT rds_iam TO had_iam");
        Map<String, Object> on = props("debezium", "had_iam");
        Map<String, Object> off = props("debezium", "had_iam");
        off.put("Enabled", "false");
        String id = physicalId(invoke(Events.create("Grants", on)));

        invoke(Events.update("Grants", id, on, off));
        assertThat(roles.isMember("debezium", "rds_iam")).as("ours: revoked").isFalse();
        assertThat(roles.isMember("had_iam", "rds_iam")).as("there before: kept").isTrue();
        assertThat(roles.isMember("debezium", "rds_replication")).as("replication stays").isTrue();

        invoke(Events.update("Grants", id, off, on));
        assertThat(roles.isMember("debezium", "rds_iam")).isTrue();
        assertThat(roles.isMember("debezium", "rds_replication")).isTrue();

        invoke(Events.delete("Grants", id, on));
        assertThat(roles.exists("debezium")).isFalse();
        assertThat(roles.isMember("had_iam", "rds_iam")).isTrue();
        assertThat(roles.isMember("had_iam", "rds_replication")).isFalse();
    }

    @Test
    void deleteKeepsACreatedRoleThatNowOwnsObjects() throws Exception {
        Map<String, Object> props = props("owner_user");
        String id = physicalId(invoke(Events.create("Grants", props)));
        PostgresServers.superuserSql(pg, "CREATE TABLE public.owned_by_user (id int)",
                "ALTER TABLE public.owned_by_user OWNER TO owner_user");
        TestContext context = new TestContext();

        invoke(Events.delete("Grants", id, props), context);

        assertThat(roles.exists("owner_user")).isTrue();
        assertThat(roles.isMember("owner_user", "rds_iam")).isFalse();
        assertThat(roles.isMember("owner_user", "rds_replication")).isFalse();
        assertThat(context.log()).contains("owner_user").contains("owns objects");
    }

    @Test
    void deleteAfterTheRolesWereChangedByHand() throws Exception {
        Map<String, Object> props = props("gone", "revoked", "intact");
        String id = physicalId(invoke(Events.create("Grants", props)));
        PostgresServers.superuserSql(pg, "DROP ROLE gone", "REVOKE rds_iam FROM revoked");

        invoke(Events.delete("Grants", id, props));

        assertThat(roles.nonFixtureRoles()).isEmpty();
    }

    @Test
    void namesRoundTripExactlyAndInjectionChangesNothingElse() throws Exception {
        List<String> names = List.of("Mixed Case", "with\"quote", "spa ce", "ünïcödé-ユーザー", "x\"; DROP ROLE "
                + PostgresServers.ADMIN + "; --", "a' OR '1'='1");
        Map<String, Object> props = Events.properties(pg.getPort(), names);

        String id = physicalId(invoke(Events.create("Grants", props)));

        assertThat(roles.nonFixtureRoles()).containsExactlyInAnyOrderElementsOf(names);
        for (String name : names) {
            assertThat(roles.isMember(name, "rds_iam")).as(name).isTrue();
            assertThat(roles.isMember(name, "rds_replication")).as(name).isTrue();
        }
        assertThat(roles.exists(PostgresServers.ADMIN)).isTrue();
        invoke(Events.delete("Grants", id, props));
        assertThat(roles.nonFixtureRoles()).isEmpty();
    }

    @Test
    void alterRoleFailsClearlyForANonSuperuserAdminAndChangesNothing() throws Exception {
        Map<String, Object> props = props("debezium");
        props.put("ReplicationGrant", "alter_role");

        assertThatThrownBy(() -> invoke(Events.create("Grants", props)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("alter_role").hasMessageContaining("rds_replication (the default)");
        assertThat(roles.exists("debezium")).isFalse();
    }

    @Test
    void aFailureAfterSomeStatementsLeavesNothingHalfApplied() throws Exception {
        // The ledger refuses the row for "second": CREATE ROLE and both GRANTs for both users have run
        // by then, so only a rollback of the whole transaction leaves the server as it was.
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            GrantLedger.create(c);
        }
        PostgresServers.superuserSql(pg, "ALTER SCHEMA " + GrantLedger.SCHEMA + " OWNER TO " + PostgresServers.ADMIN,
                "ALTER TABLE " + GrantLedger.TABLE + " OWNER TO " + PostgresServers.ADMIN,
                "ALTER TABLE " + GrantLedger.TABLE + " ADD CONSTRAINT refuse_second CHECK (user_name <> 'second')");

        assertThatThrownBy(() -> invoke(Events.create("Grants", props("first", "second"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refuse_second").hasMessageContaining("rolled back");
        assertThat(roles.exists("first")).isFalse();
        assertThat(roles.exists("second")).isFalse();
    }

    @Test
    void theAdminUserIsNeverGivenRdsIam() throws Exception {
        assertThatThrownBy(() -> invoke(Events.create("Grants", props("debezium", PostgresServers.ADMIN))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'" + PostgresServers.ADMIN + "' is the admin user");
        assertThat(roles.exists("debezium")).isFalse();
    }

    @Test
    void aUserWhoseRightsTheAdminInheritsIsRefused() throws Exception {
        PostgresServers.superuserSql(pg, "CREATE ROLE shared_group LOGIN",
                "GRANT shared_group TO " + PostgresServers.ADMIN);

        assertThatThrownBy(() -> invoke(Events.create("Grants", props("shared_group"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is a member of replication user 'shared_group'");
        assertThat(roles.isMember("shared_group", "rds_iam")).isFalse();
    }

    @Test
    void aMissingUserWithCreateUsersFalseIsAnError() throws Exception {
        Map<String, Object> props = props("present", "absent");
        props.put("CreateUsers", "false");
        PostgresServers.superuserSql(pg, "CREATE ROLE present LOGIN");

        assertThatThrownBy(() -> invoke(Events.create("Grants", props)))
                .hasMessageContaining("'absent' does not exist and CreateUsers is false");
        assertThat(roles.isMember("present", "rds_iam")).isFalse();
    }

    @Test
    void eightConcurrentCreatesOnOneDatabaseAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, Object>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // Each resource has its own user and all share one, to collide on the same catalog rows.
                Map<String, Object> event = Events.create("Grants" + i, props("user_" + i, "shared_user"));
                Callable<Map<String, Object>> call = () -> invoke(event);
                results.add(pool.submit(call));
            }
            for (Future<Map<String, Object>> result : results) {
                assertThat(physicalId(result.get())).startsWith("rds-iam-replication:");
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 8; i++) {
            assertThat(roles.isMember("user_" + i, "rds_iam")).isTrue();
            assertThat(roles.isMember("user_" + i, "rds_replication")).isTrue();
        }
        assertThat(roles.isMember("shared_user", "rds_iam")).isTrue();
    }

    @Test
    void anUnreachableDatabaseFailsCreateNamingEndpointButSucceedsDelete() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> props = Events.properties(closedPort, List.of("debezium"));
        TestContext shortLived = new TestContext(18_000); // 3 s of retries after the safety margin

        assertThatThrownBy(() -> invoke(Events.create("Grants", props), shortLived))
                .isInstanceOf(UnreachableException.class)
                .hasMessageContaining("localhost:" + closedPort).hasMessageContaining("database 'postgres'")
                .hasMessageContaining("attempt(s)").hasMessageContaining("PSQLException");
        assertThat(shortLived.log()).contains("retrying in");

        TestContext deleteContext = new TestContext(18_000);
        Map<String, Object> response = invoke(Events.delete("Grants", "rds-iam-replication:gone", props),
                deleteContext);
        assertThat(physicalId(response)).isEqualTo("rds-iam-replication:gone");
        assertThat(deleteContext.log()).contains("warning:").contains("succeeds anyway");
    }

    @Test
    void thePasswordNeverAppearsInLogsOrErrors() throws Exception {
        Map<String, Object> props = props("debezium");
        String id = physicalId(invoke(Events.create("Grants", props)));
        invoke(Events.update("Grants", id, props, props("debezium", "second")));
        List<String> errors = new ArrayList<>();
        try {
            invoke(Events.create("Grants", props("pg_bad")));
        } catch (RuntimeException e) {
            errors.add(e.getMessage());
        }
        Map<String, Object> unreachable = Events.properties(1, List.of("debezium"));
        try {
            invoke(Events.create("Grants", unreachable), new TestContext(16_000));
        } catch (RuntimeException e) {
            errors.add(e.getMessage());
        }
        invoke(Events.delete("Grants", id, props("debezium", "second")));

        assertThat(errors).hasSize(2);
        String everything = String.join("\n", errors) + contexts.stream().map(TestContext::log).reduce("", String::concat);
        assertThat(everything).contains("GRANT").doesNotContain(PostgresServers.ADMIN_PASSWORD);
    }

    @Test
    void deleteWithoutLedgerIsANoOp() throws Exception {
        Map<String, Object> response = invoke(Events.delete("Grants", "rds-iam-replication:never-created",
                props("debezium")));
        assertThat(response.get("Data")).isEqualTo(Map.of("Users", "0", "Statements", "0"));
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            assertThat(st.executeQuery("SELECT to_regclass('" + GrantLedger.TABLE + "') IS NULL").next()).isTrue();
        }
    }
}
