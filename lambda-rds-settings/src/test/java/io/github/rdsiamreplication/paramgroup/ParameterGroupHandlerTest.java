package io.github.rdsiamreplication.paramgroup;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler with the real RDS client against a local endpoint speaking the RDS Query API. */
class ParameterGroupHandlerTest {
    private static final String LOGICAL = "rds.logical_replication";
    private static final String IAM = "rds.iam_auth_for_replication";
    private RdsQueryApiStub rds;
    private ParameterGroupHandler handler;
    private final LocalContext context = LocalContext.recording();

    @BeforeEach
    void start() {
        rds = new RdsQueryApiStub();
        RdsParameterGroups groups = new RdsParameterGroups(rds.client());
        handler = new ParameterGroupHandler(() -> groups);
    }

    @AfterEach
    void stop() {
        rds.close();
    }

    private Map<String, Object> event(String type, String kind, String group, String physicalId) {
        Map<String, Object> parameters = new TreeMap<>();
        parameters.put(LOGICAL, "1");
        parameters.put(IAM, "1");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:p");
        props.put("GroupName", group);
        props.put("GroupKind", kind);
        props.put("Parameters", parameters);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("ResourceProperties", props);
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        return event;
    }

    private String physicalId(Map<String, Object> response) {
        return (String) response.get("PhysicalResourceId");
    }

    @Test
    void createSetsBothWithTheirApplyMethodsAndRemembersWhatItFound() {
        rds.describe(false, "shared-pg16", List.of(
                List.of(RdsQueryApiStub.parameter("autovacuum", "1", "engine-default", "dynamic")),
                List.of(RdsQueryApiStub.parameter(LOGICAL, "0", "engine-default", "static"),
                        RdsQueryApiStub.parameter(IAM, "0", "user", "dynamic"))));
        rds.accept("ModifyDBParameterGroup", false, "shared-pg16");

        String id = physicalId(handler.handleRequest(event("Create", "instance", "shared-pg16", null), context()));

        rds.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyDBParameterGroup"))
                .withRequestBody(containing("ParameterName=rds.logical_replication"))
                .withRequestBody(containing("ApplyMethod=pending-reboot"))
                .withRequestBody(containing("ParameterName=rds.iam_auth_for_replication"))
                .withRequestBody(containing("ApplyMethod=immediate")));
        assertThat(ParameterMemory.group(id)).isEqualTo(new ParameterGroupRef("shared-pg16", false));
        assertThat(ParameterMemory.found(id)).containsEntry(LOGICAL, new FoundParameter(LOGICAL, null, true, true))
                .containsEntry(IAM, new FoundParameter(IAM, "0", false, false));
    }

    @Test
    void deletePutsBackTheValuesItFoundAndResetsTheDefaults() {
        Map<String, FoundParameter> found = new LinkedHashMap<>();
        found.put(IAM, new FoundParameter(IAM, "0", false, false));
        found.put(LOGICAL, new FoundParameter(LOGICAL, null, true, true));
        String id = ParameterMemory.encode(new ParameterGroupRef("shared-pg16", false), found);
        rds.describe(false, "shared-pg16", List.of(List.of(
                RdsQueryApiStub.parameter(LOGICAL, "1", "user", "static"),
                RdsQueryApiStub.parameter(IAM, "1", "user", "dynamic"))));
        rds.accept("ModifyDBParameterGroup", false, "shared-pg16");
        rds.accept("ResetDBParameterGroup", false, "shared-pg16");

        handler.handleRequest(event("Delete", "instance", "shared-pg16", id), context());

        rds.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ModifyDBParameterGroup"))
                .withRequestBody(containing("ParameterName=rds.iam_auth_for_replication"))
                .withRequestBody(containing("ParameterValue=0")));
        rds.server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ResetDBParameterGroup"))
                .withRequestBody(containing("ParameterName=rds.logical_replication"))
                .withRequestBody(containing("ApplyMethod=pending-reboot")));
    }

    @Test
    void clusterGroupsUseTheClusterActions() {
        rds.describe(true, "shared-cluster-pg", List.of(List.of(
                RdsQueryApiStub.parameter(LOGICAL, "1", "user", "static"),
                RdsQueryApiStub.parameter(IAM, null, "engine-default", "dynamic"))));
        rds.accept("ModifyDBClusterParameterGroup", true, "shared-cluster-pg");

        String id = physicalId(handler.handleRequest(event("Create", "cluster", "shared-cluster-pg", null), context()));

        rds.server.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=ModifyDBClusterParameterGroup"))
                .withRequestBody(containing("DBClusterParameterGroupName=shared-cluster-pg")));
        assertThat(ParameterMemory.found(id).get(LOGICAL)).isEqualTo(new FoundParameter(LOGICAL, "1", false, true));
    }

    @Test
    void throttlingIsRetried() {
        rds.throttleOnce("DescribeDBParameters");
        rds.describe(false, "shared-pg16", List.of(List.of(
                RdsQueryApiStub.parameter(LOGICAL, "0", "engine-default", "static"),
                RdsQueryApiStub.parameter(IAM, "0", "engine-default", "dynamic"))));
        rds.accept("ModifyDBParameterGroup", false, "shared-pg16");

        String id = physicalId(handler.handleRequest(event("Create", "instance", "shared-pg16", null), context()));

        assertThat(id).startsWith("rds-iam-replication-parameters:instance:shared-pg16:");
        rds.server.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDBParameters")));
    }

    @Test
    void throttlingThatOutlastsTheSdkRetriesIsAClearErrorAndChangesNothing() {
        rds.throttleAlways("DescribeDBParameters");

        assertThatThrownBy(() -> handler.handleRequest(event("Create", "instance", "shared-pg16", null), context()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the RDS API kept throttling the requests (Throttling) after the SDK's retries; nothing "
                        + "more was changed. Deploy again when fewer RDS API calls run in this account and region");
        assertThat(rds.server.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeDBParameters")))).hasSizeGreaterThan(1);
        rds.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=Modify")));
    }

    @Test
    void aGroupThatDoesNotExistIsAClearErrorOnCreateAndNoObstacleOnDelete() {
        rds.notFound("DescribeDBParameters", "DBParameterGroupNotFound", "missing-pg");
        rds.notFound("ResetDBParameterGroup", "DBParameterGroupNotFound", "missing-pg");

        assertThatThrownBy(() -> handler.handleRequest(event("Create", "instance", "missing-pg", null), context()))
                .hasMessageContaining("DB parameter group 'missing-pg' does not exist");

        Map<String, FoundParameter> found = Map.of(LOGICAL, new FoundParameter(LOGICAL, null, true, true));
        String id = ParameterMemory.encode(new ParameterGroupRef("missing-pg", false), found);
        assertThat(physicalId(handler.handleRequest(event("Delete", "instance", "missing-pg", id), context())))
                .isEqualTo(id);
        assertThat(context.log()).contains("no longer exists");
    }

    @Test
    void defaultGroupsAreRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> handler.handleRequest(event("Create", "instance", "default.postgres16", null),
                context())).hasMessageContaining("engine default group").hasMessageContaining("create a custom DB");
        assertThat(rds.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void anUpdateOfTheSameGroupKeepsThePhysicalIdAndItsMemory() {
        Map<String, FoundParameter> found = new LinkedHashMap<>();
        found.put(IAM, new FoundParameter(IAM, null, true, false));
        found.put(LOGICAL, new FoundParameter(LOGICAL, null, true, true));
        String id = ParameterMemory.encode(new ParameterGroupRef("shared-pg16", false), found);
        rds.accept("ModifyDBParameterGroup", false, "shared-pg16");

        String updated = physicalId(handler.handleRequest(event("Update", "instance", "shared-pg16", id), context()));

        assertThat(updated).isEqualTo(id);
        rds.server.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeDB")));
    }

    private Context context() {
        return context;
    }
}
