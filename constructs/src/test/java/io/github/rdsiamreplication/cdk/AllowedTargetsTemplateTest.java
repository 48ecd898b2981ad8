package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.contract.AllowedTargets;
import io.github.rdsiamreplication.contract.SslMode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.rds.DatabaseInstance;

/**
 * The role-grant handler's allow-list (the secret named in {@link AllowedTargets#SECRET_VARIABLE}) holds, for
 * each construct sharing the handler, its grants resource's stack, logical id and properties as in the
 * template, sorted by construct path; the function's environment only names that secret, so it does not
 * grow with the constructs.
 */
class AllowedTargetsTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSharedHandlerListsEachConstructsTargetAsDeployed() throws Exception {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance orders = t.instance("Orders");
        DatabaseInstance billing = t.instance("Billing");
        // Made in reverse path order: the list is sorted by construct path, not by creation order.
        t.auth("ReplB", billing, "cdc").sslMode(SslMode.REQUIRE).build();
        t.auth("ReplA", orders, "debezium").build();

        Template template = Template.fromStack(t.stack);
        String list = allowList(template);

        String expected = "[" + entry(template, "ReplA") + "," + entry(template, "ReplB") + "]";
        assertThat(list).isEqualTo(expected);
        // The entry holds what an invoker could otherwise choose: the users, the grant, the TLS mode.
        assertThat(list).contains("\"Users\":[\"debezium\"]", "\"Users\":[\"cdc\"]", "\"SslMode\":\"require\"",
                "\"ReplicationGrant\":\"rds_replication\"", "\"UndoOnDelete\":\"false\"");
    }

    @Test
    void twoSynthesesWriteTheSameList() throws Exception {
        assertThat(allowList(twoConstructs())).isEqualTo(allowList(twoConstructs()));
    }

    @Test
    void theEnvironmentDoesNotGrowWithTheConstructsSharingTheHandler() {
        assertThat(handlerEnvironment(constructs(40))).isEqualTo(handlerEnvironment(constructs(1)));
    }

    @Test
    void onlyTheHandlerMayReadTheListAndEachGrantsResourceWaitsForIt() {
        Template template = constructs(2);
        String secret = allowListSecretId(template);
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                        "Resource", Map.of("Ref", secret))))))));
        Map<String, Map<String, Object>> grants = template.findResources(IamReplicationAuth.RESOURCE_TYPE);
        assertThat(grants).hasSize(2);
        grants.values().forEach(g -> assertThat(String.valueOf(g.get("DependsOn"))).contains(secret));
        template.hasResource("AWS::SecretsManager::Secret", Map.of("DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of("Description", Match.stringLikeRegexp("no credential")))));
    }

    @Test
    void aGrantsResourceWaitsForAsManyResourcesWhateverTheNumberOfConstructs() {
        // Depending on all of the shared handler's resources (its egress rule per database among them) would
        // make every grants resource list every database's rule: a template growing with the square.
        assertThat(dependsOnOfFirstGrants(constructs(12))).isEqualTo(dependsOnOfFirstGrants(constructs(2)));
    }

    @SuppressWarnings("unchecked")
    private static int dependsOnOfFirstGrants(Template template) {
        Map<String, Map<String, Object>> grants = template.findResources(IamReplicationAuth.RESOURCE_TYPE);
        String first = grants.keySet().stream().filter(id -> id.startsWith("Repl0")).findFirst().orElseThrow();
        return ((List<Object>) grants.get(first).get("DependsOn")).size();
    }

    private static Template constructs(int count) {
        TestStacks t = TestStacks.withPrivateSubnets();
        for (int i = 0; i < count; i++) {
            t.auth("Repl" + i, t.instance("Db" + i), "debezium").build();
        }
        return Template.fromStack(t.stack);
    }

    @SuppressWarnings("unchecked")
    private static Object handlerEnvironment(Template template) {
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Environment", Map.of("Variables",
                        Match.objectLike(Map.of(AllowedTargets.SECRET_VARIABLE, Match.anyValue()))))));
        assertThat(functions).as("functions naming the allow-list: one shared handler").hasSize(1);
        Map<String, Object> properties = (Map<String, Object>) functions.values().iterator().next().get("Properties");
        return ((Map<String, Object>) properties.get("Environment")).get("Variables");
    }

    @SuppressWarnings("unchecked")
    private static String allowListSecretId(Template template) {
        Object named = ((Map<String, Object>) handlerEnvironment(template)).get(AllowedTargets.SECRET_VARIABLE);
        assertThat(named).isInstanceOf(Map.class);
        return String.valueOf(((Map<String, Object>) named).get("Ref"));
    }

    private static Template twoConstructs() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("ReplB", t.instance("Billing"), "cdc").build();
        t.auth("ReplA", t.instance("Orders"), "debezium").build();
        return Template.fromStack(t.stack);
    }

    /** The allow-list secret's value, rendered: text as is, each CloudFormation intrinsic as «its JSON». */
    @SuppressWarnings("unchecked")
    private static String allowList(Template template) throws JsonProcessingException {
        Map<String, Object> secret = (Map<String, Object>) template.findResources("AWS::SecretsManager::Secret")
                .get(allowListSecretId(template));
        assertThat(secret).as("the secret the handler's environment names").isNotNull();
        return render(((Map<String, Object>) secret.get("Properties")).get("SecretString"));
    }

    @SuppressWarnings("unchecked")
    private static String render(Object value) throws JsonProcessingException {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> intrinsic = (Map<String, Object>) value;
        if (intrinsic.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) intrinsic.get("Fn::Join");
            StringBuilder out = new StringBuilder();
            for (Object part : (List<Object>) join.get(1)) {
                out.append(render(part));
            }
            return out.toString();
        }
        return "«" + JSON.writeValueAsString(intrinsic) + "»";
    }

    /**
     * What the construct {@code constructId} must have written: its stack, its grants resource's logical id
     * and that resource's properties as in the template (less the service token), keys sorted.
     */
    @SuppressWarnings("unchecked")
    private static String entry(Template template, String constructId) throws JsonProcessingException {
        Map<String, Map<String, Object>> grants = template.findResources(IamReplicationAuth.RESOURCE_TYPE);
        String logicalId = grants.keySet().stream().filter(id -> id.startsWith(constructId + "Grants")).findFirst()
                .orElseThrow();
        Map<String, Object> properties = new TreeMap<>((Map<String, Object>) grants.get(logicalId).get("Properties"));
        properties.remove("ServiceToken");
        StringBuilder out = new StringBuilder("{\"" + AllowedTargets.STACK_ID + "\":\"" + render(Map.of("Ref", "AWS::StackId"))
                + "\",\"" + AllowedTargets.LOGICAL_RESOURCE_ID + "\":\"" + logicalId + "\",\"" + AllowedTargets.PROPERTIES
                + "\":{");
        String separator = "";
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            out.append(separator).append('"').append(property.getKey()).append("\":");
            out.append(property.getValue() instanceof List<?> list ? JSON.writeValueAsString(list)
                    : "\"" + render(property.getValue()) + "\"");
            separator = ",";
        }
        return out.append("}}").toString();
    }
}
