package io.github.rdsiamreplication.paramgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Parameter;

/**
 * Create, a change by someone else, Delete: through the real SDK client against a local RDS Query API
 * endpoint that keeps the groups' values, so the handler and "the DBA" change the same group.
 */
class RestoreOnDeleteTest {
    private static final String LOGICAL = "rds.logical_replication";
    private static final String IAM = "rds.iam_auth_for_replication";
    private FakeParameterGroups rds;
    private RdsClient dba;
    private ParameterGroupHandler handler;
    private final LocalContext context = LocalContext.recording();

    @BeforeEach
    void start() {
        rds = new FakeParameterGroups();
        dba = rds.client();
        RdsParameterGroups groups = new RdsParameterGroups(rds.client());
        handler = new ParameterGroupHandler(() -> groups);
    }

    @AfterEach
    void stop() {
        dba.close();
        rds.close();
    }

    private static Map<String, Object> event(String type, String kind, String group, String iamValue, String id) {
        Map<String, Object> parameters = new TreeMap<>();
        parameters.put(LOGICAL, "1");
        parameters.put(IAM, iamValue);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("GroupName", group);
        props.put("GroupKind", kind);
        props.put("Parameters", parameters);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("ResourceProperties", props);
        if (id != null) {
            event.put("PhysicalResourceId", id);
        }
        return event;
    }

    private String create(String kind, String group) {
        return (String) handler.handleRequest(event("Create", kind, group, "1", null), context)
                .get("PhysicalResourceId");
    }

    @Test
    void deleteRestoresWhatItFoundWhenNobodyChangedIt() {
        rds.postgres16(false, "shared-pg16").get(IAM).value = "0";
        String id = create("instance", "shared-pg16");
        assertThat(rds.value(false, "shared-pg16", LOGICAL)).isEqualTo("1");
        assertThat(rds.value(false, "shared-pg16", IAM)).isEqualTo("1");

        Map<String, Object> response = handler.handleRequest(event("Delete", "instance", "shared-pg16", "1", id),
                context);

        assertThat(rds.value(false, "shared-pg16", LOGICAL)).isNull();
        assertThat(rds.value(false, "shared-pg16", IAM)).isEqualTo("0");
        assertThat(rds.writes()).contains("ResetDBParameterGroup rds.logical_replication=(engine default) "
                + "pending-reboot", "ModifyDBParameterGroup rds.iam_auth_for_replication=0 immediate");
        assertThat(response.get("Data")).isEqualTo(Map.of("GroupName", "shared-pg16",
                "Restored", IAM + "," + LOGICAL, "LeftAlone", ""));
    }

    @Test
    void aValueChangedAfterCreateIsLeftAloneAndSaidSo() {
        rds.postgres16(false, "shared-pg16");
        String id = create("instance", "shared-pg16");
        dba.modifyDBParameterGroup(r -> r.dbParameterGroupName("shared-pg16").parameters(Parameter.builder()
                .parameterName(IAM).parameterValue("0").applyMethod("immediate").build()));

        Map<String, Object> response = handler.handleRequest(event("Delete", "instance", "shared-pg16", "1", id),
                context);

        assertThat(rds.value(false, "shared-pg16", IAM)).isEqualTo("0");
        assertThat(rds.value(false, "shared-pg16", LOGICAL)).isNull();
        assertThat(rds.writes()).filteredOn(w -> w.contains(IAM)).containsExactly(
                "ModifyDBParameterGroup rds.iam_auth_for_replication=1 immediate",   // Create
                "ModifyDBParameterGroup rds.iam_auth_for_replication=0 immediate");  // the DBA; none by Delete
        assertThat(response.get("Data")).isEqualTo(Map.of("GroupName", "shared-pg16",
                "Restored", LOGICAL, "LeftAlone", IAM));
        assertThat(context.log()).contains("left alone in DB parameter group 'shared-pg16': "
                + "rds.iam_auth_for_replication=0 (changed after this resource set 1)");
    }

    @Test
    void aParameterResetByADbaIsNotWrittenAgainWhileTheOtherIsRestored() {
        rds.postgres16(true, "shared-cluster-pg");
        String id = create("cluster", "shared-cluster-pg");
        dba.resetDBClusterParameterGroup(r -> r.dbClusterParameterGroupName("shared-cluster-pg").parameters(
                Parameter.builder().parameterName(LOGICAL).applyMethod("pending-reboot").build()));

        handler.handleRequest(event("Delete", "cluster", "shared-cluster-pg", "1", id), context);

        assertThat(rds.value(true, "shared-cluster-pg", LOGICAL)).isNull();
        assertThat(rds.writes()).filteredOn(w -> w.startsWith("ResetDBClusterParameterGroup"))
                .containsExactly(
                        "ResetDBClusterParameterGroup rds.logical_replication=(engine default) pending-reboot", // DBA
                        "ResetDBClusterParameterGroup rds.iam_auth_for_replication=(engine default) immediate");
        assertThat(context.log()).contains("rds.logical_replication=(engine default) (changed after this "
                + "resource set 1)");
    }

    @Test
    void afterEnabledFalseTheDeleteComparesWithTheValueOfTheLastUpdate() {
        rds.postgres16(false, "shared-pg16");
        String id = create("instance", "shared-pg16");
        handler.handleRequest(event("Update", "instance", "shared-pg16", "0", id), context);

        Map<String, Object> response = handler.handleRequest(event("Delete", "instance", "shared-pg16", "0", id),
                context);

        assertThat(rds.value(false, "shared-pg16", IAM)).isNull();
        assertThat(rds.value(false, "shared-pg16", LOGICAL)).isNull();
        assertThat(response.get("Data")).isEqualTo(Map.of("GroupName", "shared-pg16",
                "Restored", IAM + "," + LOGICAL, "LeftAlone", ""));
    }

    @Test
    void aFamilyWithoutTheParameterIsAClearErrorAndNothingIsChanged() {
        rds.postgres10("legacy-pg10");

        assertThatThrownBy(() -> create("instance", "legacy-pg10"))
                .hasMessage("DB parameter group 'legacy-pg10' has no parameter rds.iam_auth_for_replication; its "
                        + "engine family does not support IAM authentication for replication (PostgreSQL 11 or "
                        + "later is needed)");
        assertThat(rds.writes()).isEmpty();
    }

    @Test
    void aParameterTheRdsApiRefusesOnUpdateIsAClearError() {
        rds.postgres10("legacy-pg10");
        Map<String, FoundParameter> found = new LinkedHashMap<>();
        found.put(IAM, new FoundParameter(IAM, null, true, false));
        found.put(LOGICAL, new FoundParameter(LOGICAL, null, true, true));
        String id = ParameterMemory.encode(new ParameterGroupRef("legacy-pg10", false), found);

        assertThatThrownBy(() -> handler.handleRequest(event("Update", "instance", "legacy-pg10", "1", id), context))
                .hasMessageContaining("the RDS API refused")
                .hasMessageContaining("in DB parameter group 'legacy-pg10': Could not find parameter with name: "
                        + "rds.iam_auth_for_replication")
                .hasMessageContaining("PostgreSQL 11 or later");
        assertThat(rds.writes()).isEmpty();
    }

    @Test
    void aGroupThatDoesNotExistIsAClearError() {
        assertThatThrownBy(() -> create("cluster", "missing-cluster-pg"))
                .hasMessageStartingWith("DB cluster parameter group 'missing-cluster-pg' does not exist in this "
                        + "account and region; check the name the database uses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default.postgres16", "Default.Postgres16", "DEFAULT.AURORA-POSTGRESQL16"})
    void defaultGroupsAreRefusedInAnyCaseBeforeAnyCall(String name) {
        assertThatThrownBy(() -> create("instance", name))
                .hasMessage("parameter group '" + name + "' is an engine default group, which cannot be modified; "
                        + "create a custom DB parameter group (a copy of it), attach it to the database, and use "
                        + "that");
        assertThat(rds.writes()).isEmpty();
    }

    @Test
    void withoutTheDeleteEventsPropertiesNothingIsRestored() {
        rds.postgres16(false, "shared-pg16");
        String id = create("instance", "shared-pg16");
        Map<String, Object> delete = new LinkedHashMap<>();
        delete.put("RequestType", "Delete");
        delete.put("PhysicalResourceId", id);

        handler.handleRequest(delete, context);

        assertThat(rds.value(false, "shared-pg16", IAM)).isEqualTo("1");
        assertThat(rds.writes()).hasSize(2);
        assertThat(List.of(context.log().split("\n"))).anyMatch(l -> l.contains("is not known"));
    }
}
