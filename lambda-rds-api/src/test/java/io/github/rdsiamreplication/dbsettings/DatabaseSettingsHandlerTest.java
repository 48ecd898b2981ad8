package io.github.rdsiamreplication.dbsettings;


import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.rdsiamreplication.paramgroup.RdsQueryApiStub.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.rdsiamreplication.paramgroup.RdsQueryApiStub;
import io.github.rdsiamreplication.paramgroup.RecordingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database-settings handler with the real RDS client against a local endpoint speaking the Query API. */
class DatabaseSettingsHandlerTest {
    private RdsQueryApiStub rds;
    private DatabaseSettingsHandler handler;
    private final RecordingContext context = new RecordingContext();

    @BeforeEach
    void start() {
        rds = new RdsQueryApiStub();
        RdsDatabases databases = new RdsDatabases(rds.client());
        handler = new DatabaseSettingsHandler(() -> databases);
    }

    @AfterEach
    void stop() {
        rds.close();
    }

    private static String instance(String id, String status, boolean iam, String applyStatus) {
        return response("DescribeDBInstances", "<DBInstances>" + instanceXml(id, status, iam, applyStatus)
                + "</DBInstances>");
    }

    private static String instanceXml(String id, String status, boolean iam, String applyStatus) {
        return "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier><DBInstanceStatus>" + status
                + "</DBInstanceStatus><Engine>postgres</Engine><IAMDatabaseAuthenticationEnabled>" + iam
                + "</IAMDatabaseAuthenticationEnabled><DBParameterGroups><DBParameterGroup><DBParameterGroupName>"
                + "shared-pg16</DBParameterGroupName><ParameterApplyStatus>" + applyStatus
                + "</ParameterApplyStatus></DBParameterGroup></DBParameterGroups></DBInstance>";
    }

    private static String cluster(String status, String member1, String member2) {
        return response("DescribeDBClusters", "<DBClusters><DBCluster><DBClusterIdentifier>orders</DBClusterIdentifier>"
                + "<Status>" + status + "</Status><IAMDatabaseAuthenticationEnabled>true"
                + "</IAMDatabaseAuthenticationEnabled><DBClusterMembers>"
                + "<DBClusterMember><DBInstanceIdentifier>orders-1</DBInstanceIdentifier><IsClusterWriter>true"
                + "</IsClusterWriter><DBClusterParameterGroupStatus>" + member1 + "</DBClusterParameterGroupStatus>"
                + "</DBClusterMember><DBClusterMember><DBInstanceIdentifier>orders-2</DBInstanceIdentifier>"
                + "<IsClusterWriter>false</IsClusterWriter><DBClusterParameterGroupStatus>" + member2
                + "</DBClusterParameterGroupStatus></DBClusterMember></DBClusterMembers></DBCluster></DBClusters>");
    }

    private static String members(String status1, String status2) {
        return response("DescribeDBInstances", "<DBInstances>" + instanceXml("orders-1", status1, true, "in-sync")
                + instanceXml("orders-2", status2, true, "in-sync") + "</DBInstances>");
    }

    private Map<String, Object> event(String type, String kind, String id, String rebootPolicy) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("Kind", kind);
        props.put("Identifier", id);
        props.put("RebootPolicy", rebootPolicy);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("ResourceProperties", props);
        event.put("PhysicalResourceId", "rds-iam-replication-database:" + kind + ":" + id);
        return event;
    }

    @Test
    void createSwitchesIamAuthenticationOnImmediately() {
        rds.sequence("DescribeDBInstances", List.of(instance("orders-db", "available", false, "in-sync")));
        rds.accept("ModifyDBInstance", false, "orders-db");

        Map<String, Object> response = handler.handleRequest(event("Create", "instance", "orders-db", "never"),
                context());

        assertThat(response.get("PhysicalResourceId")).isEqualTo("rds-iam-replication-database:instance:orders-db");
        rds.server().verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyDBInstance"))
                .withRequestBody(containing("EnableIAMDatabaseAuthentication=true"))
                .withRequestBody(containing("ApplyImmediately=true")));
    }

    @Test
    void iamAuthenticationAlreadyOnIsLeftAlone() {
        rds.sequence("DescribeDBInstances", List.of(instance("orders-db", "available", true, "in-sync")));

        handler.handleRequest(event("Update", "instance", "orders-db", "never"), context());

        rds.server().verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyDB")));
    }

    @Test
    void aPendingRebootIsAppliedAndWaitedForOverSeveralPolls() {
        rds.sequence("DescribeDBInstances", List.of(
                instance("orders-db", "modifying", false, "in-sync"),
                instance("orders-db", "available", true, "pending-reboot"),
                instance("orders-db", "rebooting", true, "applying"),
                instance("orders-db", "rebooting", true, "applying"),
                instance("orders-db", "available", true, "in-sync")));
        rds.accept("RebootDBInstance", false, "orders-db");
        Map<String, Object> event = event("Create", "instance", "orders-db", "if_pending");

        List<Object> polls = new java.util.ArrayList<>();
        Map<String, Object> last = null;
        for (int i = 0; i < 5; i++) {
            last = handler.isComplete(event, context());
            polls.add(last.get("IsComplete"));
        }

        assertThat(polls).containsExactly(false, false, false, false, true);
        assertThat(last.get("Data")).isEqualTo(Map.of("ParameterApplyStatus", "in-sync"));
        rds.server().verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RebootDBInstance"))
                .withRequestBody(containing("DBInstanceIdentifier=orders-db")));
        assertThat(context.log()).contains("waiting for status modifying").contains("waiting for reboot of orders-db");
    }

    @Test
    void withRebootPolicyNeverThePendingStatusIsReportedNotActedOn() {
        rds.sequence("DescribeDBInstances", List.of(instance("orders-db", "available", true, "pending-reboot")));

        Map<String, Object> result = handler.isComplete(event("Create", "instance", "orders-db", "never"), context());

        assertThat(result.get("IsComplete")).isEqualTo(true);
        assertThat(result.get("Data")).isEqualTo(Map.of("ParameterApplyStatus", "pending-reboot"));
        rds.server().verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RebootDB")));
    }

    @Test
    void aClusterIsRebootedOneInstanceAtATime() {
        rds.sequence("DescribeDBClusters", List.of(
                cluster("available", "pending-reboot", "pending-reboot"),
                cluster("available", "pending-reboot", "pending-reboot"),
                cluster("available", "in-sync", "pending-reboot"),
                cluster("available", "in-sync", "in-sync")));
        rds.sequence("DescribeDBInstances", List.of(
                members("available", "available"),
                members("rebooting", "available"),
                members("available", "available"),
                members("available", "available")));
        rds.accept("RebootDBInstance", false, "x");
        Map<String, Object> event = event("Update", "cluster", "orders", "if_pending");

        List<Object> polls = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            polls.add(handler.isComplete(event, context()).get("IsComplete"));
        }

        assertThat(polls).containsExactly(false, false, false, true);
        var reboots = rds.server().findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=RebootDBInstance")));
        assertThat(reboots).hasSize(2);
        assertThat(reboots.get(0).getBodyAsString()).contains("DBInstanceIdentifier=orders-1");
        assertThat(reboots.get(1).getBodyAsString()).contains("DBInstanceIdentifier=orders-2");
    }

    @Test
    void anUnknownDatabaseIsAClearErrorAndDeleteChangesNothing() {
        rds.notFound("DescribeDBInstances", "DBInstanceNotFound", "gone-db");

        assertThatThrownBy(() -> handler.handleRequest(event("Create", "instance", "gone-db", "never"), context()))
                .hasMessageContaining("DB instance 'gone-db' does not exist");
        handler.handleRequest(event("Delete", "instance", "gone-db", "never"), context());
        assertThat(handler.isComplete(event("Delete", "instance", "gone-db", "never"), context()).get("IsComplete"))
                .isEqualTo(true);
        rds.server().verify(1, postRequestedFor(urlEqualTo("/")));
    }

    private Context context() {
        return context;
    }
}
