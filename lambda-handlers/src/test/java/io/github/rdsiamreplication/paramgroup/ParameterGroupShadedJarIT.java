package io.github.rdsiamreplication.paramgroup;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.onejar.JarHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The built handler jar, not the classes: the parameter-group entry is loaded from the jar alone and its own
 * SDK client (built from the environment, as in Lambda: region, credentials, and the SDK's standard
 * {@code aws.endpointUrlRds} endpoint setting) pages through DescribeDBParameters and sends
 * ModifyDBParameterGroup to a local endpoint speaking the RDS Query API.
 */
class ParameterGroupShadedJarIT {
    private static final String LOGICAL = "rds.logical_replication";
    private static final String IAM = "rds.iam_auth_for_replication";

    @Test
    void theJarsRdsClientReadsAndChangesTheGroup() throws Exception {
        Map<String, Object> parameters = new TreeMap<>();
        parameters.put(LOGICAL, "1");
        parameters.put(IAM, "1");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ServiceToken", "arn:aws:lambda:eu-west-1:123456789012:function:p");
        props.put("GroupName", "shared-pg16");
        props.put("GroupKind", "instance");
        props.put("Parameters", parameters);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", "Create");
        event.put("ResourceProperties", props);
        Map<String, String> environment = new LinkedHashMap<>();

        try (RdsQueryApiStub rds = new RdsQueryApiStub()) {
            rds.describe(false, "shared-pg16", List.of(
                    List.of(RdsQueryApiStub.parameter("autovacuum", "1", "engine-default", "dynamic")),
                    List.of(RdsQueryApiStub.parameter(LOGICAL, "0", "engine-default", "static"),
                            RdsQueryApiStub.parameter(IAM, "0", "user", "dynamic"))));
            rds.accept("ModifyDBParameterGroup", false, "shared-pg16");
            environment.put("aws.region", "eu-west-1");
            environment.put("aws.accessKeyId", "AKIDLOCAL");
            environment.put("aws.secretAccessKey", "local-secret");
            environment.put("aws.endpointUrlRds", "http://localhost:" + rds.server().port());
            environment.forEach(System::setProperty);
            try (JarHandler handler = JarHandler.load(
                    "io.github.rdsiamreplication.paramgroup.ParameterGroupHandler")) {
                Map<?, ?> response = handler.invoke(event);

                assertThat((String) response.get("PhysicalResourceId")).as(handler.log()).isNotBlank();
                rds.server().verify(2, postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=DescribeDBParameters")));
                rds.server().verify(postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=ModifyDBParameterGroup"))
                        .withRequestBody(containing("ParameterName=rds.logical_replication"))
                        .withRequestBody(containing("ApplyMethod=pending-reboot")));
            }
        } finally {
            environment.keySet().forEach(System::clearProperty);
        }
    }
}
