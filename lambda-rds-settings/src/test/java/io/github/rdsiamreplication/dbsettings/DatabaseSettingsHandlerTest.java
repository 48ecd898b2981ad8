package io.github.rdsiamreplication.dbsettings;


import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.rdsiamreplication.paramgroup.RdsQueryApiStub.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.lambdakit.LocalContext;
import io.github.rdsiamreplication.paramgroup.RdsQueryApiStub;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
    private final LocalContext context = LocalContext.recording();

    @BeforeEach
    void start() {
        rds = new RdsQueryApiStub();
        RdsDatabases databases = new RdsDatabases(rds.client());
        handler = new DatabaseSettingsHandler(() -> databases,
                Clock.fixed(Instant.parse("2026-11-30T05:00:00Z"), ZoneOffset.UTC));
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
    void withRebootPolicyNeverThePendingStatusIsReportedNotActedOn() {
        rds.sequence("DescribeDBInstances", List.of(instance("orders-db", "available", true, "pending-reboot")));
        Map<String, Object> event = event("Create", "instance", "orders-db", "never");
        event.put(DatabaseSettingsHandler.DEPLOYMENT_START, "2026-11-30T05:00:00Z");

        Map<String, Object> result = handler.isComplete(event, context());

        assertThat(result.get("IsComplete")).isEqualTo(true);
        assertThat(result.get("Data")).isEqualTo(Map.of("ParameterApplyStatus", "pending-reboot"));
        rds.server().verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=RebootDB")));
        rds.server().verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeEvents")));
    }

    @Test
    void onEventTellsThePollsWhenTheDeploymentBegan() {
        rds.sequence("DescribeDBInstances", List.of(instance("orders-db", "available", true, "in-sync")));

        Map<String, Object> response = handler.handleRequest(event("Update", "instance", "orders-db", "if_pending"),
                context());

        assertThat(response.get(DatabaseSettingsHandler.DEPLOYMENT_START)).isEqualTo("2026-11-30T05:00:00Z");
    }

    @Test
    void aPollWithoutTheDeploymentStartRebootsNothing() {
        rds.sequence("DescribeDBInstances", List.of(instance("orders-db", "available", true, "pending-reboot")));

        assertThatThrownBy(() -> handler.isComplete(event("Update", "instance", "orders-db", "if_pending"),
                context())).hasMessageContaining("no valid DeploymentStartedAt").hasMessageContaining("Deploy again");
        rds.server().verify(0, postRequestedFor(urlEqualTo("/")));
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
