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
    private long oids = 16_384;

    private ClusterState state(int major, boolean superuser) {
        return new ClusterState(ADMIN, superuser, false, major, roles);
    }

    private ClusterState state() {
        return state(16, false);
    }

    private void role(String name, boolean iam, boolean rdsReplication, boolean attribute) {
        roles.put(name, new RoleState(name, nextOid(), attribute, iam, rdsReplication, false, false, List.of(),
                false));
    }

    private long nextOid() {
        return ++oids;
    }

    /**
     * The planner given this ledger, each recorded role with the OID it has now (as if recorded just before);
     * a recorded role that does not exist with an OID no role has.
     */
    private Plan plan(DesiredState desired, ClusterState state, Map<String, Ownership> recorded, Set<String> others) {
        Map<String, Long> recordedOids = new HashMap<>();
        recorded.keySet().forEach(user -> recordedOids.put(user,
                state.role(user).map(RoleState::oid).orElse(999_999L)));
        return GrantPlanner.plan(desired, state, new LedgerRows(recorded, recordedOids, others, false));
    }

    private static DesiredState want(String... users) {
        return new DesiredState(List.of(users), true, ReplicationGrant.RDS_REPLICATION, true);
    }

    @Test
    void aMissingUserIsCreatedThenGrantedAndAllOfItIsOurs() {
        Plan plan = plan(want("debezium"), state(), Map.of(), Set.of());

        assertThat(plan.statements()).containsExactly("CREATE ROLE \"debezium\" WITH LOGIN",
                "GRANT \"rds_iam\" TO \"debezium\"", "GRANT \"rds_replication\" TO \"debezium\"");
        assertThat(plan.ledger()).containsEntry("debezium", new Ownership(true, true, true, false));
    }

    @Test
    void whatIsAlreadyThereIsNeitherRepeatedNorOwned() {
        role("debezium", true, false, false);

        Plan plan = plan(want("debezium"), state(), Map.of(), Set.of());

        assertThat(plan.statements()).containsExactly("GRANT \"rds_replication\" TO \"debezium\"");
        assertThat(plan.ledger()).containsEntry("debezium", new Ownership(false, false, true, false));
    }

    @Test
    void aSecondRunOwnsWhatTheFirstRecordedAndRunsNothing() {
        role("debezium", true, true, false);
        Ownership first = new Ownership(true, true, true, false);

        Plan plan = plan(want("debezium"), state(), Map.of("debezium", first), Set.of());

        assertThat(plan.statements()).isEmpty();
        assertThat(plan.ledger()).containsEntry("debezium", first);
    }

    @Test
    void aRemovedUserLosesOnlyWhatWeGrantedAndRevokesComeFirst() {
        role("kept", true, true, false);
        role("added", false, false, false);

        Plan plan = plan(want("added"), state(),
                Map.of("kept", new Ownership(false, false, true, false)), Set.of());

        assertThat(plan.statements()).containsExactly("REVOKE \"rds_replication\" FROM \"kept\"",
                "GRANT \"rds_iam\" TO \"added\"", "GRANT \"rds_replication\" TO \"added\"");
        assertThat(plan.ledger()).doesNotContainKey("kept");
    }

    @Test
    void aRoleWeCreatedIsDroppedWhenItOwnsNothingElseKeptWithAWarning() {
        role("free", true, true, false);
        roles.put("owner", new RoleState("owner", nextOid(), false, true, true, true, false, List.of(), false));
        Ownership created = new Ownership(true, true, true, false);

        Plan plan = plan(DesiredState.NOTHING, state(), Map.of("free", created, "owner", created),
                Set.of());

        assertThat(plan.statements()).containsExactly("DROP ROLE \"free\"",
                "REVOKE \"rds_replication\" FROM \"owner\"", "REVOKE \"rds_iam\" FROM \"owner\"");
        assertThat(plan.warnings()).singleElement().asString().contains("'owner'").contains("kept");
    }

    @Test
    void aRoleGoneByHandIsSkippedWithAWarning() {
        Plan plan = plan(DesiredState.NOTHING, state(),
                Map.of("gone", new Ownership(true, true, true, false)), Set.of());

        assertThat(plan.statements()).isEmpty();
        assertThat(plan.warnings()).singleElement().asString().contains("'gone' no longer exists");
    }

    @Test
    void aUserAnotherResourceAlsoManagesIsHandedOverNotUndone() {
        role("shared", true, true, false);
        Ownership ours = new Ownership(true, true, true, false);

        Plan plan = plan(DesiredState.NOTHING, state(), Map.of("shared", ours), Set.of("shared"));

        assertThat(plan.statements()).isEmpty();
        assertThat(plan.handedOver()).containsEntry("shared", ours);
    }

    @Test
    void alterRoleModeSetsTheAttributeAndSwitchingBackUndoesIt() {
        role("debezium", true, false, false);
        DesiredState alter = new DesiredState(List.of("debezium"), true, ReplicationGrant.ALTER_ROLE, true);

        Plan set = plan(alter, state(14, true), Map.of(), Set.of());
        assertThat(set.statements()).containsExactly("ALTER ROLE \"debezium\" WITH REPLICATION");
        assertThat(set.ledger().get("debezium").setReplicationAttribute()).isTrue();

        role("debezium", true, false, true);
        Plan back = plan(want("debezium"), state(14, true), set.ledger(), Set.of());
        assertThat(back.statements()).containsExactly("GRANT \"rds_replication\" TO \"debezium\"",
                "ALTER ROLE \"debezium\" WITH NOREPLICATION");
    }

    @Test
    void alterRoleNeedsASuperuserBefore16AndSuperuserOrReplicationFrom16() {
        DesiredState alter = new DesiredState(List.of("debezium"), true, ReplicationGrant.ALTER_ROLE, true);

        assertThatThrownBy(() -> plan(alter, state(14, false), Map.of(), Set.of()))
                .hasMessageContaining("a superuser)").hasMessageContaining("rds_replication (the default)");
        assertThatThrownBy(() -> plan(alter, state(16, false), Map.of(), Set.of()))
                .hasMessageContaining("or a role with REPLICATION");
        ClusterState replicationAdmin = new ClusterState(ADMIN, false, true, 16, roles);
        assertThat(plan(alter, replicationAdmin, Map.of(), Set.of()).statements()).isNotEmpty();
    }

    @Test
    void theAdminAndUsersWhoseRightsItInheritsAreRefused() {
        roles.put("group", new RoleState("group", nextOid(), false, false, false, false, true, List.of(), false));

        assertThatThrownBy(() -> plan(want(ADMIN), state(), Map.of(), Set.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("is the admin user");
        assertThatThrownBy(() -> plan(want("group"), state(), Map.of(), Set.of()))
                .hasMessageContaining("'master' is a member of replication user 'group'");
    }

    @Test
    void missingUsersWithoutCreateUsersAreRefused() {
        DesiredState noCreate = new DesiredState(List.of("absent"), false, ReplicationGrant.RDS_REPLICATION, true);

        assertThatThrownBy(() -> plan(noCreate, state(), Map.of(), Set.of()))
                .hasMessageContaining("'absent' does not exist and CreateUsers is false");
    }

    @Test
    void turnedOffTheFeatureRevokesOnlyOurRdsIamAndKeepsReplication() {
        role("ours", true, true, false);
        role("theirs", true, true, false);
        DesiredState off = new DesiredState(List.of("ours", "theirs", "fresh"), true,
                ReplicationGrant.RDS_REPLICATION, false);

        Plan plan = plan(off, state(), Map.of("ours", new Ownership(true, true, true, false),
                "theirs", Ownership.NONE), Set.of());

        assertThat(plan.statements()).containsExactly("REVOKE \"rds_iam\" FROM \"ours\"",
                "CREATE ROLE \"fresh\" WITH LOGIN", "GRANT \"rds_replication\" TO \"fresh\"");
        assertThat(plan.ledger().get("ours")).isEqualTo(new Ownership(true, false, true, false));
        assertThat(plan.ledger().get("theirs")).isEqualTo(Ownership.NONE);
    }

    @Test
    void namesAreQuotedSoThatInjectionStaysInsideTheIdentifier() {
        Plan plan = plan(want("x\"; DROP ROLE master; --"), state(), Map.of(), Set.of());

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

        Plan plan = plan(create, state(), earlier, Set.of("old_user"));

        assertThat(plan.statements()).as("no REVOKE, no DROP, no NOREPLICATION on a Create").containsExactly(
                "CREATE ROLE \"new_user\" WITH LOGIN", "GRANT \"rds_replication\" TO \"new_user\"");
        assertThat(plan.ledger()).containsEntry("old_user", new Ownership(true, true, true, false))
                .containsEntry("kept_user", new Ownership(false, true, false, true));
        assertThat(plan.handedOver()).isEmpty();
    }

    @Test
    void aRoleWithMembersOrInRdsSuperuserIsNeverGivenRdsIam() {
        roles.put("app_group", new RoleState("app_group", nextOid(), false, false, false, false, false,
                List.of("app_alice", "app_bob"), false));
        roles.put("ops", new RoleState("ops", nextOid(), false, false, false, false, false, List.of(), true));

        assertThatThrownBy(() -> plan(want("app_group"), state(), Map.of(), Set.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'app_group' is a group role with members [app_alice, app_bob]")
                .hasMessageContaining("forced to log in with IAM");
        assertThatThrownBy(() -> plan(want("ops"), state(), Map.of(), Set.of()))
                .hasMessageContaining("'ops' is a member of rds_superuser");
        roles.put("done_group", new RoleState("done_group", nextOid(), false, true, true, false, false, List.of("x"),
                false));
        assertThat(plan(want("done_group"), state(), Map.of(), Set.of()).statements())
                .as("nothing to grant: nothing widens").isEmpty();
    }

    // ---- roles are known by OID: one dropped and created again is not this resource's ----

    /**
     * The role {@code name} exists now (with these memberships); the ledger recorded {@code owned} for the role
     * of that name that existed before it, whose OID was another.
     */
    private LedgerRows recordedBeforeItWasCreatedAgain(String name, boolean iam, boolean rdsReplication,
            boolean attribute, Ownership owned, Set<String> others) {
        role(name, iam, rdsReplication, attribute);
        return new LedgerRows(Map.of(name, owned), Map.of(name, roles.get(name).oid() - 1), others, false);
    }

    @Test
    void aRoleCreatedAgainUnderTheSameNameIsNeverDroppedRevokedOrStrippedAndItsRowIsForgotten() {
        Ownership everything = new Ownership(true, true, true, true);
        LedgerRows rows = recordedBeforeItWasCreatedAgain("recreated", true, true, true, everything,
                Set.of("recreated"));
        long oldOid = rows.roleOids().get("recreated");

        for (DesiredState undo : List.of(DesiredState.NOTHING, want("someone_else"))) {
            Plan plan = GrantPlanner.plan(undo, state(14, true), rows);

            assertThat(plan.statements()).as("for " + undo.users()).noneMatch(sql -> sql.contains("\"recreated\""));
            assertThat(plan.ledger()).doesNotContainKey("recreated");
            assertThat(plan.handedOver()).as("not handed over either: it was never this resource's").isEmpty();
            assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("'recreated'")
                    .contains("dropped and created again").contains("OID " + oldOid).contains("left untouched"));
        }
    }

    @Test
    void aRoleCreatedAgainThatIsStillWantedIsTreatedAsOneThatWasThereBefore() {
        LedgerRows rows = recordedBeforeItWasCreatedAgain("recreated", true, true, false,
                new Ownership(true, true, true, false), Set.of());
        DesiredState off = new DesiredState(List.of("recreated"), true, ReplicationGrant.RDS_REPLICATION, false);

        Plan plan = GrantPlanner.plan(off, state(), rows);

        assertThat(plan.statements()).as("its rds_iam was not granted by this resource: not revoked").isEmpty();
        assertThat(plan.ledger()).containsEntry("recreated", Ownership.NONE);
    }

    @Test
    void aCreateDoesNotAdoptARowWhoseRoleWasCreatedAgain() {
        LedgerRows rows = recordedBeforeItWasCreatedAgain("recreated", true, true, false,
                new Ownership(true, true, true, false), Set.of());
        DesiredState create = new DesiredState(List.of("fresh"), true, ReplicationGrant.RDS_REPLICATION, true, true);

        Plan plan = GrantPlanner.plan(create, state(), rows);

        assertThat(plan.ledger()).containsOnlyKeys("fresh");
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("'recreated'").contains("forgotten"));
    }

    @Test
    void aRecordedRoleWithItsOwnOidIsStillUndone() {
        role("same", true, true, false);
        LedgerRows rows = new LedgerRows(Map.of("same", new Ownership(true, true, true, false)),
                Map.of("same", roles.get("same").oid()), Set.of(), false);

        assertThat(GrantPlanner.plan(DesiredState.NOTHING, state(), rows).statements())
                .containsExactly("DROP ROLE \"same\"");
        assertThat(rows.sameRolesIn(state())).isTrue();
        roles.remove("same");
        role("same", true, true, false);
        assertThat(rows.sameRolesIn(state())).as("created again: another OID").isFalse();
    }
}
