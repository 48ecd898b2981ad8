package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.contract.AllowedTargets;
import io.github.rdsiamreplication.contract.SslMode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.rds.DatabaseInstance;

/**
 * The role-grant handler's allow-list ({@link AllowedTargets#ENVIRONMENT_VARIABLE}) holds, for each construct
 * sharing the handler, the secret, host, port and TLS mode it deployed, sorted by construct path.
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

        String list = allowList(Template.fromStack(t.stack));

        String expected = "[" + entry(t, orders, "verify-full") + "," + entry(t, billing, "require") + "]";
        assertThat(list).isEqualTo(expected);
    }

    @Test
    void twoSynthesesWriteTheSameList() throws Exception {
        assertThat(allowList(twoConstructs())).isEqualTo(allowList(twoConstructs()));
    }

    private static Template twoConstructs() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("ReplB", t.instance("Billing"), "cdc").build();
        t.auth("ReplA", t.instance("Orders"), "debezium").build();
        return Template.fromStack(t.stack);
    }

    /** The one handler's variable, rendered: text as is, each CloudFormation intrinsic as «its JSON». */
    @SuppressWarnings("unchecked")
    private static String allowList(Template template) throws JsonProcessingException {
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Map.of("Environment", Map.of("Variables",
                        Match.objectLike(Map.of(AllowedTargets.ENVIRONMENT_VARIABLE, Match.anyValue()))))));
        assertThat(functions).as("functions holding the allow-list: one shared handler").hasSize(1);
        Map<String, Object> properties = (Map<String, Object>) functions.values().iterator().next().get("Properties");
        Object value = ((Map<String, Map<String, Object>>) properties.get("Environment")).get("Variables")
                .get(AllowedTargets.ENVIRONMENT_VARIABLE);
        return render(value);
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

    /** What the construct on {@code db} must have written: its generated secret, its endpoint, its TLS mode. */
    private static String entry(TestStacks t, DatabaseInstance db, String sslMode) throws JsonProcessingException {
        return "{\"" + AllowedTargets.SECRET_ARN + "\":\"" + render(t.stack.resolve(db.getSecret().getSecretArn()))
                + "\",\"" + AllowedTargets.HOST + "\":\"" + render(t.stack.resolve(db.getDbInstanceEndpointAddress()))
                + "\",\"" + AllowedTargets.PORT + "\":\"" + render(t.stack.resolve(db.getDbInstanceEndpointPort()))
                + "\",\"" + AllowedTargets.SSL_MODE + "\":\"" + sslMode + "\"}";
    }
}
