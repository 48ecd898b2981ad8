package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;
import io.github.rdsiamreplication.lambdakit.LocalContext;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler end to end (the admin secret from a local Secrets Manager endpoint, real PostgreSQL set
 * up like RDS). Subclasses pick the PostgreSQL major.
 */
abstract class RoleGrantScenarios {
    private static SecretsManagerStub secrets;

    private EmbeddedPostgres pg;
    private RoleInspector roles;
    private final List<LocalContext> contexts = new ArrayList<>();

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

    /** The handler as deployed for the event's own target (the allow-list test is TargetAllowListTest). */
    private RoleGrantHandler handler(Map<String, Object> event) {
        return new RoleGrantHandler(() -> TestTargets.of(event), () -> Events.ID_KEY,
                () -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), null),
                DatabaseConnector.PGJDBC, Clock.systemUTC());
    }

    Map<String, Object> invoke(Map<String, Object> event) {
        return invoke(event, LocalContext.recording());
    }

    private Map<String, Object> invoke(Map<String, Object> event, LocalContext context) {
        contexts.add(context);
        return handler(event).handleRequest(event, context);
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
        assertThat(response.get("Data")).asInstanceOf(MAP).containsEntry("Users", "2").containsEntry("Statements", "6");
        for (String user : List.of("debezium", "analytics")) {
            assertThat(roles.exists(user)).isTrue();
            assertThat(roles.canLogin(user)).isTrue();
            assertThat(roles.isMember(user, "rds_iam")).isTrue();
            assertThat(roles.isMember(user, "rds_replication")).isTrue();
            assertThat(roles.hasReplicationAttribute(user)).isFalse();
        }
        assertThat(roles.isMember(PostgresServers.ADMIN, "rds_superuser")).as("the fixture is RDS-like").isTrue();
    }

    /** Whatever an event did or refused, the admin user never became a member of rds_iam. */
    @AfterEach
    void theAdminNeverGetsRdsIam() throws Exception {
        assertThat(roles.isMember(PostgresServers.ADMIN, "rds_iam")).as("admin is a member of rds_iam").isFalse();
    }

    @Test
    void theSameCreateTwiceChangesNothingMore() throws Exception {
        Map<String, Object> event = Events.create("Grants", props("debezium"));
        Map<String, Object> first = invoke(event);
        Map<String, Object> second = invoke(event);

        assertThat(physicalId(second)).isEqualTo(physicalId(first));
        assertThat(second.get("Data")).asInstanceOf(MAP).containsEntry("Users", "1").containsEntry("Statements", "0");
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

    /**
     * A DBA dropped a role the resource created and made a new one under the same name (with rds_iam): the
     * ledger knows roles by OID, so neither an Update that lets go of the user nor a Delete touches the new role.
     */
    @Test
    void aRoleADbaDroppedAndCreatedAgainIsNeverDroppedRevokedOrStripped() throws Exception {
        Map<String, Object> v1 = props("recreated_by_dba", "other_user");
        String id = physicalId(invoke(Events.create("Grants", v1)));
        long before = roles.oid("recreated_by_dba");
        PostgresServers.superuserSql(pg, "DROP ROLE recreated_by_dba", "CREATE ROLE recreated_by_dba LOGIN",
                "GRANT rds_iam TO recreated_by_dba", "GRANT rds_replication TO recreated_by_dba");
        assertThat(roles.oid("recreated_by_dba")).isNotEqualTo(before);
        Map<String, Object> v2 = props("other_user");
        LocalContext update = LocalContext.recording();

        invoke(Events.update("Grants", id, v1, v2), update);

        assertThat(roles.exists("recreated_by_dba")).isTrue();
        assertThat(roles.isMember("recreated_by_dba", "rds_iam")).isTrue();
        assertThat(roles.isMember("recreated_by_dba", "rds_replication")).isTrue();
        assertThat(update.log()).contains("warning: role 'recreated_by_dba' was dropped and created again")
                .contains("left untouched");

        // The same through a Delete, for a role the resource still manages.
        String other = physicalId(invoke(Events.create("Other", props("also_recreated"))));
        PostgresServers.superuserSql(pg, "DROP ROLE also_recreated", "CREATE ROLE also_recreated LOGIN",
                "GRANT rds_iam TO also_recreated");
        LocalContext delete = LocalContext.recording();
        invoke(Events.delete("Other", other, props("also_recreated")), delete);
        assertThat(roles.exists("also_recreated")).isTrue();
        assertThat(roles.isMember("also_recreated", "rds_iam")).isTrue();
        assertThat(delete.log()).contains("'also_recreated' was dropped and created again");
        assertThat(roles.ledgerRowsOf("Other")).isZero();

        invoke(Events.delete("Grants", id, v2));
        assertThat(roles.exists("other_user")).isFalse();
        assertThat(roles.exists("recreated_by_dba")).as("not the resource's: kept").isTrue();
    }

    /**
     * Issue: a new host name for the same server (a CNAME, the cluster endpoint for the writer's) gives a new
     * physical id, a replacement. The Update takes the ledger rows over (they are keyed by stack and logical id),
     * so the old id's Delete, sent afterwards, finds nothing to undo, and the new id's Delete undoes it all.
     */
    @Test
    void aNewHostNameForTheSameServerKeepsTheLedgerAndTheOldIdsDeleteUndoesNothing() throws Exception {
        Map<String, Object> v1 = props("renamed_host_user");
        Map<String, Object> v2 = props("renamed_host_user");
        v2.put("Host", "127.0.0.1");
        String oldId = physicalId(invoke(Events.create("Grants", v1)));
        String newId = physicalId(invoke(Events.update("Grants", oldId, v1, v2)));
        assertThat(newId).isNotEqualTo(oldId);

        Map<String, Object> cleanup = invoke(Events.delete("Grants", oldId, v1));

        assertThat(cleanup.get("Data")).asInstanceOf(MAP).containsEntry("Statements", "0");
        assertThat(roles.isMember("renamed_host_user", "rds_iam")).isTrue();
        assertThat(roles.ledgerRowsOf("Grants")).isEqualTo(1);
        invoke(Events.delete("Grants", newId, v2));
        assertThat(roles.exists("renamed_host_user")).as("created by the resource: dropped").isFalse();
    }

    /**
     * A real move to another server: the Update grants there, and the old id's Delete, sent to the old server,
     * undoes exactly what the resource did there.
     */
    @Test
    void aMoveToAnotherServerLeavesNothingOnTheOldOne() throws Exception {
        EmbeddedPostgres other = pg == PostgresServers.postgres16() ? PostgresServers.secondMajor()
                : PostgresServers.postgres16();
        RoleInspector otherRoles = new RoleInspector(other);
        otherRoles.reset();
        try {
            Map<String, Object> here = props("moving_user");
            Map<String, Object> there = Events.properties(other.getPort(), List.of("moving_user"));
            String oldId = physicalId(invoke(Events.create("Grants", here)));
            String newId = physicalId(invoke(Events.update("Grants", oldId, here, there)));
            assertThat(otherRoles.isMember("moving_user", "rds_iam")).isTrue();

            invoke(Events.delete("Grants", oldId, here));

            assertThat(roles.exists("moving_user")).isFalse();
            assertThat(roles.ledgerRows()).isZero();
            assertThat(otherRoles.isMember("moving_user", "rds_iam")).as("the new server keeps its grants").isTrue();
            invoke(Events.delete("Grants", newId, there));
            assertThat(otherRoles.exists("moving_user")).isFalse();
        } finally {
            otherRoles.reset();
        }
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
        LocalContext context = LocalContext.recording();

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
                + PostgresServers.ADMIN + "; --", "a' OR '1'='1", "back\\slash", "\"}], \"u\": \"json");
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
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute(GrantLedger.createSql(new GrantLedger.Tables(false, false)));
        }
        PostgresServers.superuserSql(pg, "ALTER SCHEMA " + GrantLedger.SCHEMA + " OWNER TO " + PostgresServers.ADMIN,
                "ALTER TABLE " + GrantLedger.TABLE + " OWNER TO " + PostgresServers.ADMIN,
                "ALTER TABLE " + ServerLock.TABLE + " OWNER TO " + PostgresServers.ADMIN,
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
    void eightConcurrentCreatesAcrossTwoDatabasesOfOneServerAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, Object>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // Each resource has its own user and all share one, to collide on the same catalog rows.
                // Half name database postgres, half other_db: one server, so one ledger and one lock.
                Map<String, Object> props = props("user_" + i, "shared_user");
                props.put("Database", i % 2 == 0 ? "postgres" : "other_db");
                Map<String, Object> event = Events.create("Grants" + i, props);
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
        LocalContext shortLived = LocalContext.recording(18_000); // 3 s of retries after the safety margin

        assertThatThrownBy(() -> invoke(Events.create("Grants", props), shortLived))
                .isInstanceOf(UnreachableException.class)
                .hasMessageContaining("localhost:" + closedPort).hasMessageContaining("database 'postgres'")
                .hasMessageContaining("attempt(s)").hasMessageContaining("PSQLException");
        assertThat(shortLived.log()).contains("retrying in");

        LocalContext deleteContext = LocalContext.recording(18_000);
        String id = Events.physicalId("Grants", props);
        Map<String, Object> response = invoke(Events.delete("Grants", id, props), deleteContext);
        assertThat(physicalId(response)).isEqualTo(id);
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
            invoke(Events.create("Grants", unreachable), LocalContext.recording(16_000));
        } catch (RuntimeException e) {
            errors.add(e.getMessage());
        }
        invoke(Events.delete("Grants", id, props("debezium", "second")));

        assertThat(errors).hasSize(2);
        String everything = String.join("\n", errors) + contexts.stream().map(LocalContext::log).reduce("", String::concat);
        assertThat(everything).contains("GRANT").doesNotContain(PostgresServers.ADMIN_PASSWORD);
    }

    @Test
    void deleteWithoutLedgerIsANoOp() throws Exception {
        Map<String, Object> response = invoke(Events.delete("Grants", Events.physicalId("Grants", props("debezium")),
                props("debezium")));
        assertThat(response.get("Data")).isEqualTo(Map.of("Users", "0", "Statements", "0"));
        assertThat(roles.ledgerExists()).isFalse();
    }

    // ---- the handler can never be turned against the database ----

    /**
     * An unprivileged login plants operators for every type pair the handler's SQL compares, and
     * functions named like those it calls, each recording current_user; none of them may ever run as
     * the admin during Create, Update or Delete.
     */
    @Test
    void codePlantedInPublicNeverRunsAsTheAdmin() throws Exception {
        String attacker = "mallory";
        PostgresServers.superuserSql(pg, "CREATE ROLE " + attacker + " LOGIN PASSWORD 'mallory-pw'",
                "GRANT CREATE ON SCHEMA public TO PUBLIC", // PostgreSQL 15+ no longer does; 14 and older do
                "CREATE TABLE public.hijack_log (who text)", "GRANT INSERT, SELECT ON public.hijack_log TO PUBLIC");
        try {
            plantAs(attacker);
            assertThat(hijackedByAdminOnAnUnpinnedConnection()).as("the planted operator is live").isTrue();

            Map<String, Object> v1 = props("victim_one", "victim_two");
            String id = physicalId(invoke(Events.create("Grants", v1)));
            Map<String, Object> v2 = props("victim_two", "victim_three");
            invoke(Events.update("Grants", id, v1, v2));
            otherRolesReportAsTheAdmin(v2);
            invoke(Events.delete("Grants", id, v2));

            assertThat(hijackLog()).as("planted code that ran as the admin").doesNotContain(PostgresServers.ADMIN);
        } finally {
            PostgresServers.superuserSql(pg, "DROP OWNED BY " + attacker + " CASCADE", "DROP ROLE " + attacker,
                    "DROP TABLE IF EXISTS public.hijack_log", "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
    }

    /** The other-roles report (not yet part of the handler's run) on the admin's pinned connection. */
    @SuppressWarnings("unchecked")
    private void otherRolesReportAsTheAdmin(Map<String, Object> props) throws Exception {
        try (Connection c = DatabaseConnector.PGJDBC.open(new ConnectionSettings("localhost", pg.getPort(),
                "postgres", io.github.rdsiamreplication.contract.SslMode.DISABLE, null),
                new AdminCredentials(PostgresServers.ADMIN, PostgresServers.ADMIN_PASSWORD))) {
            OtherRolesReport.read(c, (List<String>) props.get("Users"));
        }
    }

    private void plantAs(String attacker) throws Exception {
        List<String> sql = new ArrayList<>();
        String spy = "INSERT INTO public.hijack_log VALUES (current_user::pg_catalog.text); ";
        String[] types = {"text", "varchar", "name"};
        for (String left : types) {
            for (String right : types) {
                if (left.equals(right) && !left.equals("varchar")) {
                    continue; // text = text and name = name exist in pg_catalog, which is searched first anyway
                }
                String fn = "public.spy_eq_" + left + "_" + right;
                sql.add("CREATE FUNCTION " + fn + "(a " + left + ", b " + right + ") RETURNS boolean LANGUAGE plpgsql "
                        + "AS $$BEGIN " + spy + "RETURN pg_catalog.texteq(a::pg_catalog.text, b::pg_catalog.text); "
                        + "END$$");
                sql.add("CREATE OPERATOR public.= (LEFTARG = " + left + ", RIGHTARG = " + right + ", FUNCTION = "
                        + fn + ")");
                sql.add("CREATE OPERATOR public.<> (LEFTARG = " + left + ", RIGHTARG = " + right + ", FUNCTION = "
                        + fn + ")");
            }
        }
        for (String signature : List.of("to_regclass(varchar)", "current_setting(varchar)", "quote_ident(varchar)",
                "format(varchar, varchar, varchar, varchar)", "pg_has_role(name, oid, varchar)",
                "pg_get_userbyid(integer)", "unnest(varchar[])", "json_array_elements_text(varchar)",
                "json_to_recordset(varchar)", "array_to_json(varchar[])", "count(varchar)", "min(varchar)",
                "row_to_json(varchar)", "host(varchar)")) {
            String name = signature.substring(0, signature.indexOf('('));
            if (name.equals("count") || name.equals("min")) {
                sql.add("CREATE FUNCTION public.spy_" + name + "_step(s text, v varchar) RETURNS text LANGUAGE plpgsql "
                        + "AS $$BEGIN " + spy + "RETURN s; END$$");
                sql.add("CREATE AGGREGATE public." + signature + " (SFUNC = public.spy_" + name + "_step, "
                        + "STYPE = text)");
            } else {
                boolean rows = name.equals("unnest") || name.equals("json_array_elements_text");
                sql.add("CREATE FUNCTION public." + signature + " RETURNS " + (rows ? "SETOF text"
                        : name.equals("json_to_recordset") ? "SETOF record"
                        : name.startsWith("pg_has") ? "boolean"
                        : name.equals("to_regclass") ? "regclass" : "text") + " LANGUAGE plpgsql AS $$BEGIN "
                        + spy + "RETURN" + (rows ? " NEXT NULL; RETURN" : name.equals("json_to_recordset") ? ""
                        : " NULL") + "; END$$");
            }
        }
        try (Connection c = java.sql.DriverManager.getConnection(plainUrl(), attacker,
                "mallory-pw"); Statement st = c.createStatement()) {
            for (String statement : sql) {
                st.execute(statement);
            }
        }
    }

    /** Shows the trap works: the admin on a connection without the pinned search_path runs mallory's code. */
    private boolean hijackedByAdminOnAnUnpinnedConnection() throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(plainUrl(),
                PostgresServers.ADMIN, PostgresServers.ADMIN_PASSWORD);
                java.sql.PreparedStatement st = c.prepareStatement("SELECT 'x'::text = ?")) {
            st.setString(1, "x");
            st.executeQuery().close();
        }
        boolean hijacked = hijackLog().contains(PostgresServers.ADMIN);
        PostgresServers.superuserSql(pg, "TRUNCATE public.hijack_log");
        return hijacked;
    }

    /** A URL without user (zonky's carries user=postgres, which would override the login given). */
    private String plainUrl() {
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    }

    private List<String> hijackLog() throws Exception {
        List<String> who = new ArrayList<>();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT DISTINCT who FROM public.hijack_log")) {
            while (rs.next()) {
                who.add(rs.getString(1));
            }
        }
        return who;
    }

    @Test
    void everyConnectionPinsTheSearchPathFromItsFirstStatement() throws Exception {
        ConnectionSettings settings = new ConnectionSettings("localhost", pg.getPort(), "other_db",
                io.github.rdsiamreplication.contract.SslMode.DISABLE, null);
        try (Connection c = DatabaseConnector.PGJDBC.open(settings,
                new AdminCredentials(PostgresServers.ADMIN, PostgresServers.ADMIN_PASSWORD));
                Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SHOW search_path")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("pg_catalog,pg_temp");
        }
    }

    /** Roles belong to the server: a resource naming another database still sees and keeps the shared role. */
    @Test
    void aRoleSharedByResourcesOnTwoDatabasesOfOneServerStaysUntilTheLastOneLetsGo() throws Exception {
        Map<String, Object> onPostgres = props("shared_cdc", "only_a");
        Map<String, Object> onOtherDb = props("shared_cdc");
        onOtherDb.put("Database", "other_db");
        String a = physicalId(invoke(Events.create("A", onPostgres)));
        String b = physicalId(invoke(Events.create("B", onOtherDb)));

        invoke(Events.delete("A", a, onPostgres));

        assertThat(roles.exists("only_a")).isFalse();
        assertThat(roles.exists("shared_cdc")).as("B still needs it").isTrue();
        assertThat(roles.isMember("shared_cdc", "rds_iam")).isTrue();
        assertThat(roles.isMember("shared_cdc", "rds_replication")).isTrue();

        invoke(Events.delete("B", b, onOtherDb));
        assertThat(roles.exists("shared_cdc")).as("A created it and handed it to B").isFalse();
        assertThat(roles.ledgerExistsIn("other_db")).as("one ledger for the server, in postgres").isFalse();
    }

    /**
     * Removed with RETAIN (no Delete reaches the handler), then added again with another user list under
     * the same logical id: the second Create adopts the first one's work and takes nothing away.
     */
    @Test
    void aCreateAfterARetainedRemovalAdoptsTheEarlierWorkAndRevokesNothing() throws Exception {
        Map<String, Object> first = props("retained_user", "both_times");
        String id = physicalId(invoke(Events.create("Grants", first)));
        Map<String, Object> second = props("both_times", "new_user");

        String again = physicalId(invoke(Events.create("Grants", second)));

        assertThat(again).isEqualTo(id);
        for (String user : List.of("retained_user", "both_times", "new_user")) {
            assertThat(roles.isMember(user, "rds_iam")).as(user).isTrue();
            assertThat(roles.isMember(user, "rds_replication")).as(user).isTrue();
        }
        // Both incarnations' work is this resource's: an Update may now let go of the retained user.
        invoke(Events.update("Grants", id, second, second));
        assertThat(roles.exists("retained_user")).isFalse();
        invoke(Events.delete("Grants", id, second));
        assertThat(roles.nonFixtureRoles()).isEmpty();
    }

    @Test
    void namesThatWidenIamGrantsAreRefusedBeforeAnySql() throws Exception {
        for (String wildcard : List.of("cdc*", "*", "cdc?", "cdc_${aws:username}")) {
            assertThatThrownBy(() -> invoke(Events.create("Grants", props("fine_user", wildcard))))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("'" + wildcard + "'").hasMessageContaining("wildcard or policy variable");
        }
        assertThat(roles.nonFixtureRoles()).isEmpty();
        assertThat(roles.ledgerExists()).as("not even the ledger was created").isFalse();
    }

    @Test
    void aGroupRoleWithMembersOrAnRdsSuperuserMemberIsRefusedAndNothingChanges() throws Exception {
        PostgresServers.superuserSql(pg, "CREATE ROLE app_group", "CREATE ROLE app_alice LOGIN",
                "GRANT app_group TO app_alice", "CREATE ROLE ops_admin LOGIN", "GRANT rds_superuser TO ops_admin");

        assertThatThrownBy(() -> invoke(Events.create("Grants", props("fresh_user", "app_group"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'app_group' is a group role with members [app_alice]");
        assertThatThrownBy(() -> invoke(Events.create("Grants", props("ops_admin"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'ops_admin' is a member of rds_superuser");

        assertThat(roles.nonFixtureRoles()).containsExactlyInAnyOrder("app_alice", "app_group", "ops_admin");
        for (String role : List.of("app_group", "app_alice", "ops_admin")) {
            assertThat(roles.isMember(role, "rds_iam")).as(role).isFalse();
            assertThat(roles.isMember(role, "rds_replication")).as(role).isFalse();
        }
        assertThat(roles.ledgerRows()).isZero();
    }

    /** The admin secret's password was changed on the server but not in the secret (a rotation half done). */
    @Test
    void aDeleteWhoseLoginIsRefusedFailsAtOnceWithTheRemedyAndNoPassword() throws Exception {
        String rotated = Events.SECRET_ARN + "-rotated";
        secrets.adminSecret(rotated);
        Map<String, Object> props = props("debezium");
        props.put("SecretArn", rotated);
        String id = physicalId(invoke(Events.create("Grants", props)));
        secrets.secret(rotated, "{\"username\":\"" + PostgresServers.ADMIN + "\",\"password\":\"Stale-pw-4e1f\"}");
        LocalContext context = LocalContext.recording(60_000);

        assertThatThrownBy(() -> invoke(Events.delete("Grants", id, props), context))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(UnreachableException.class)
                .hasMessageContaining("28P01").hasMessageContaining("after 1 attempt(s)")
                .hasMessageContaining("admin secret").hasMessageContaining("RemovalPolicy.RETAIN")
                .hasMessageNotContaining("Stale-pw-4e1f");
        assertThat(context.log()).doesNotContain("retrying").doesNotContain("Stale-pw-4e1f");
        assertThat(roles.isMember("debezium", "rds_iam")).as("nothing undone, nothing forgotten").isTrue();
        secrets.adminSecret(rotated);
        invoke(Events.delete("Grants", id, props));
        assertThat(roles.exists("debezium")).isFalse();
    }

    @Test
    void aDeleteWhoseSecretCannotBeReadFailsWithTheRemedy() throws Exception {
        String denied = Events.SECRET_ARN + "-denied";
        String gone = Events.SECRET_ARN + "-gone";
        for (String arn : List.of(denied, gone)) {
            secrets.adminSecret(arn);
            Map<String, Object> props = props("debezium_" + arn.substring(arn.lastIndexOf('-') + 1));
            props.put("SecretArn", arn);
            String id = physicalId(invoke(Events.create("Grants", props)));
            if (arn.equals(denied)) {
                secrets.accessDenied(arn);
            } else {
                secrets.missing(arn);
            }
            assertThatThrownBy(() -> invoke(Events.delete("Grants", id, props)))
                    .isNotInstanceOf(UnreachableException.class)
                    .hasMessageContaining("Could not read the admin secret " + arn)
                    .hasMessageContaining("RemovalPolicy.RETAIN");
            assertThat(roles.ledgerRowsOf("Grants")).as("nothing forgotten").isEqualTo(1);
            secrets.adminSecret(arn);
            invoke(Events.delete("Grants", id, props));
        }
        assertThat(roles.nonFixtureRoles()).isEmpty();
    }

    @Test
    void aLedgerSchemaOwnedBySomeoneElseIsRefused() throws Exception {
        PostgresServers.superuserSql(pg, "CREATE ROLE squatter", "CREATE SCHEMA " + GrantLedger.SCHEMA
                + " AUTHORIZATION squatter");

        assertThatThrownBy(() -> invoke(Events.create("Grants", props("debezium"))))
                .hasMessageContaining("schema " + GrantLedger.SCHEMA).hasMessageContaining("owned by 'squatter'")
                .hasMessageContaining("Nothing was changed");
        assertThat(roles.exists("debezium")).isFalse();
        assertThat(roles.ledgerExists()).isFalse();
    }
}
