package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner alone: desired + current + ledger -> statements, without a database. */
class GrantPlannerTest {
    private static final String ADMIN = "master";

    private final Map<String, RoleState> roles = new HashMap<>();

    private ClusterState state(int major, boolean superuser) {
        return new ClusterState(ADMIN, superuser, false, major, roles);
    }

    private ClusterState state() {
        return state(16, false);
    }

    private void role(String name, boolean iam, boolean rdsReplication, boolean attribute) {
        roles.put(name, new RoleState(name, attribute, iam, rdsReplication, false, false, List.of(), false));
    }

    private static DesiredState want(String... users) {
        return new DesiredState(List.of(users), true, ReplicationGrant.RDS_REPLICATION, true);
    }

    @Test
    void aMissingUserIsCreatedThenGrantedAndAllOfItIsOurs() {
        Plan plan = GrantPlanner.plan(want("debezium"), state(), Map.of(), Set.of());

        assertThat(plan.statements()).containsExactly("CREATE ROLE \"debezium\" WITH LOGIN",
                "GRANT \"rds_iam\" TO \"debezium\"", "GRANT \"rds_replication\" TO \"debezium\"");
        assertThat(plan.ledger()).containsEntry("debezium", new Ownership(true, true, true, false));
    }

    @Test
    void whatIsAlreadyThereIsNeitherRepeatedNorOwned() {
        role("debezium", true, false, false);

        Plan plan = GrantPlanner.plan(want("debezium"), state(), Map.of(), Set.of());

        assertThat(plan.statements()).containsExactly("GRANT \"rds_replication\" TO \"debezium\"");
        assertThat(plan.ledger()).containsEntry("debezium", new Ownership(false, false, true, false));
    }

    @Test
    void aSecondRunOwnsWhatTheFirstRecordedAndRunsNothing() {
        role("debezium", true, true, false);
        Ownership first = new Ownership(true, true, true, false);

        Plan plan = GrantPlanner.plan(want("debezium"), state(), Map.of("debezium", first), Set.of());

        assertThat(plan.statements()).isEmpty();
        assertThat(plan.ledger()).containsEntry("debezium", first);
    }

    @Test
    void aRemovedUserLosesOnlyWhatWeGrantedAndRevokesComeFirst() {
        role("kept", true, true, false);
        role("added", false, false, false);

        Plan plan = GrantPlanner.plan(want("added"), state(),
                Map.of("kept", new Ownership(false, false, true, false)), Set.of());

        assertThat(plan.statements()).containsExactly("REVOKE \"rds_replication\" FROM \"kept\"",
                "GRANT \"rds_iam\" TO \"added\"", "GRANT \"rds_replication\" TO \"added\"");
        assertThat(plan.ledger()).doesNotContainKey("kept");
    }

    @Test
    void aRoleWeCreatedIsDroppedWhenItOwnsNothingElseKeptWithAWarning() {
        role("free", true, true, false);
        roles.put("owner", new RoleState("owner", false, true, true, true, false, List.of(), false));
        Ownership created = new Ownership(true, true, true, false);

        Plan plan = GrantPlanner.plan(DesiredState.NOTHING, state(), Map.of("free", created, "owner", created),
                Set.of());

        assertThat(plan.statements()).containsExactly("DROP ROLE \"free\"",
                "REVOKE \"rds_replication\" FROM \"owner\"", "REVOKE \"rds_iam\" FROM \"owner\"");
        assertThat(plan.warnings()).singleElement().asString().contains("'owner'").contains("kept");
    }

    @Test
    void aRoleGoneByHandIsSkippedWithAWarning() {
        Plan plan = GrantPlanner.plan(DesiredState.NOTHING, state(),
                Map.of("gone", new Ownership(true, true, true, false)), Set.of());

        assertThat(plan.statements()).isEmpty();
        assertThat(plan.warnings()).singleElement().asString().contains("'gone' no longer exists");
    }

    @Test
    void aUserAnotherResourceAlsoManagesIsHandedOverNotUndone() {
        role("shared", true, true, false);
        Ownership ours = new Ownership(true, true, true, false);

        Plan plan = GrantPlanner.plan(DesiredState.NOTHING, state(), Map.of("shared", ours), Set.of("shared"));

        assertThat(plan.statements()).isEmpty();
        assertThat(plan.handedOver()).containsEntry("shared", ours);
    }

    @Test
    void alterRoleModeSetsTheAttributeAndSwitchingBackUndoesIt() {
        role("debezium", true, false, false);
        DesiredState alter = new DesiredState(List.of("debezium"), true, ReplicationGrant.ALTER_ROLE, true);

        Plan set = GrantPlanner.plan(alter, state(14, true), Map.of(), Set.of());
        assertThat(set.statements()).containsExactly("ALTER ROLE \"debezium\" WITH REPLICATION");
        assertThat(set.ledger().get("debezium").setReplicationAttribute()).isTrue();

        role("debezium", true, false, true);
        Plan back = GrantPlanner.plan(want("debezium"), state(14, true), set.ledger(), Set.of());
        assertThat(back.statements()).containsExactly("GRANT \"rds_replication\" TO \"debezium\"",
                "ALTER ROLE \"debezium\" WITH NOREPLICATION");
    }

    @Test
    void alterRoleNeedsASuperuserBefore16AndSuperuserOrReplicationFrom16() {
        DesiredState alter = new DesiredState(List.of("debezium"), true, ReplicationGrant.ALTER_ROLE, true);

        assertThatThrownBy(() -> GrantPlanner.plan(alter, state(14, false), Map.of(), Set.of()))
                .hasMessageContaining("a superuser)").hasMessageContaining("rds_replication (the default)");
        assertThatThrownBy(() -> GrantPlanner.plan(alter, state(16, false), Map.of(), Set.of()))
                .hasMessageContaining("or a role with REPLICATION");
        ClusterState replicationAdmin = new ClusterState(ADMIN, false, true, 16, roles);
        assertThat(GrantPlanner.plan(alter, replicationAdmin, Map.of(), Set.of()).statements()).isNotEmpty();
    }

    @Test
    void theAdminAndUsersWhoseRightsItInheritsAreRefused() {
        roles.put("group", new RoleState("group", false, false, false, false, true, List.of(), false));

        assertThatThrownBy(() -> GrantPlanner.plan(want(ADMIN), state(), Map.of(), Set.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("is the admin user");
        assertThatThrownBy(() -> GrantPlanner.plan(want("group"), state(), Map.of(), Set.of()))
                .hasMessageContaining("'master' is a member of replication user 'group'");
    }

    @Test
    void missingUsersWithoutCreateUsersAreRefused() {
        DesiredState noCreate = new DesiredState(List.of("absent"), false, ReplicationGrant.RDS_REPLICATION, true);

        assertThatThrownBy(() -> GrantPlanner.plan(noCreate, state(), Map.of(), Set.of()))
                .hasMessageContaining("'absent' does not exist and CreateUsers is false");
    }

    @Test
    void turnedOffTheFeatureRevokesOnlyOurRdsIamAndKeepsReplication() {
        role("ours", true, true, false);
        role("theirs", true, true, false);
        DesiredState off = new DesiredState(List.of("ours", "theirs", "fresh"), true,
                ReplicationGrant.RDS_REPLICATION, false);

        Plan plan = GrantPlanner.plan(off, state(), Map.of("ours", new Ownership(true, true, true, false),
                "theirs", Ownership.NONE), Set.of());

        assertThat(plan.statements()).containsExactly("REVOKE \"rds_iam\" FROM \"ours\"",
                "CREATE ROLE \"fresh\" WITH LOGIN", "GRANT \"rds_replication\" TO \"fresh\"");
        assertThat(plan.ledger().get("ours")).isEqualTo(new Ownership(true, false, true, false));
        assertThat(plan.ledger().get("theirs")).isEqualTo(Ownership.NONE);
    }

    @Test
    void namesAreQuotedSoThatInjectionStaysInsideTheIdentifier() {
        Plan plan = GrantPlanner.plan(want("x\"; DROP ROLE master; --"), state(), Map.of(), Set.of());

        assertThat(plan.statements()).first().isEqualTo("CREATE ROLE \"x\"\"; DROP ROLE master; --\" WITH LOGIN");
    }

    @Test
    void aCreateAdoptsWhatAnEarlierIncarnationRecordedAndTakesNothingAway() {
        role("old_user", true, true, false);
        role("kept_user", true, true, true);
        Map<String, Ownership> earlier = Map.of("old_user", new Ownership(true, true, true, false),
                "kept_user", new Ownership(false, true, false, true));
        DesiredState create = new DesiredState(List.of("kept_user", "new_user"), true,
                ReplicationGrant.RDS_REPLICATION, false, true);

        Plan plan = GrantPlanner.plan(create, state(), earlier, Set.of("old_user"));

        assertThat(plan.statements()).as("no REVOKE, no DROP, no NOREPLICATION on a Create").containsExactly(
                "CREATE ROLE \"new_user\" WITH LOGIN", "GRANT \"rds_replication\" TO \"new_user\"");
        assertThat(plan.ledger()).containsEntry("old_user", new Ownership(true, true, true, false))
                .containsEntry("kept_user", new Ownership(false, true, false, true));
        assertThat(plan.handedOver()).isEmpty();
    }

    @Test
    void aRoleWithMembersOrInRdsSuperuserIsNeverGivenRdsIam() {
        roles.put("app_group", new RoleState("app_group", false, false, false, false, false,
                List.of("app_alice", "app_bob"), false));
        roles.put("ops", new RoleState("ops", false, false, false, false, false, List.of(), true));

        assertThatThrownBy(() -> GrantPlanner.plan(want("app_group"), state(), Map.of(), Set.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'app_group' is a group role with members [app_alice, app_bob]")
                .hasMessageContaining("forced to log in with IAM");
        assertThatThrownBy(() -> GrantPlanner.plan(want("ops"), state(), Map.of(), Set.of()))
                .hasMessageContaining("'ops' is a member of rds_superuser");
        roles.put("done_group", new RoleState("done_group", false, true, true, false, false, List.of("x"), false));
        assertThat(GrantPlanner.plan(want("done_group"), state(), Map.of(), Set.of()).statements())
                .as("nothing to grant: nothing widens").isEmpty();
    }
}
