package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.ParameterGroup;

/**
 * The role-grant handler reads the admin secret through the AWS Parameters and Secrets Lambda Extension:
 * the function carries the AWS layer with its cache off; the RDS API handlers do not carry it.
 */
class SecretsExtensionLayerTest {
    private static final String ROLE_GRANT = "io.github.rdsiamreplication.grant.RoleGrantHandler::handleRequest";

    @Test
    void theRoleGrantHandlerHasTheExtensionLayerWithItsCacheOffAndKeepsItsJvmOptions() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", ROLE_GRANT,
                "Layers", Match.exact(List.of(Match.anyValue())),
                "Environment", Map.of("Variables", Map.of(
                        "JAVA_TOOL_OPTIONS", Match.stringLikeRegexp(".*TieredStopAtLevel=1.*"),
                        "PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED", "false"))));
        String layers = template.toJSON().toString();
        assertThat(layers).as("the layer is AWS's published extension").contains(
                "AWS-Parameters-and-Secrets-Lambda-Extension");
    }

    @Test
    void theRdsApiHandlersDoNotCarryTheLayer() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instanceBuilder("Db")
                .parameterGroup(ParameterGroup.fromParameterGroupName(t.stack, "Imported", "shared-pg16")).build();
        t.auth("Repl", db, "debezium").build();

        Template template = Template.fromStack(t.stack);
        Map<String, Map<String, Object>> parameterHandlers = template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Handler",
                        "io.github.rdsiamreplication.paramgroup.ParameterGroupHandler::handleRequest")));
        assertThat(parameterHandlers).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) parameterHandlers.values().iterator().next()
                .get("Properties");
        assertThat(properties).doesNotContainKey("Layers");
    }
}
