package io.github.rdsiamreplication.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rdsiamreplication.sample.ReplicationStack;
import io.github.rdsiamreplication.sample.SampleSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * What each variant of the sample deploys, read from the synthesized template: the default is one cheap,
 * disposable instance in a VPC without NAT; the matrix adds the other kinds; the context that picks them is
 * checked before anything is built. Synthesized through {@code app.synth()} with cdk.json's flags, so the
 * CDK's built-in CloudFormation validation runs as it does under {@code cdk synth}.
 */
class SampleVariantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDefaultIsOneSingleAzMicroInstanceThatCdkDestroyRemoves(@TempDir Path out) throws Exception {
        Synth synth = synth(Map.of(), out);
        Template template = synth.template();

        template.resourceCountIs("AWS::RDS::DBInstance", 1);
        template.resourceCountIs("AWS::RDS::DBCluster", 0);
        template.hasResource("AWS::RDS::DBInstance", Map.of("DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete",
                "Properties", Map.of("DBInstanceClass", "db.t4g.micro", "Engine", "postgres", "EngineVersion", "16",
                        "MultiAZ", false, "DeletionProtection", false, "DeleteAutomatedBackups", true,
                        "AllocatedStorage", "20", "StorageType", "gp3", "StorageEncrypted", true,
                        "EnableIAMDatabaseAuthentication", true)));
        assertThat(synth.json().toString()).doesNotContain("SnapshotIdentifier");
        // Every resource that keeps data or costs money goes with the stack.
        for (String type : List.of("AWS::RDS::DBInstance", "AWS::Logs::LogGroup", "AWS::SecretsManager::Secret",
                "Custom::RdsIamReplicationGrants")) {
            for (Map.Entry<String, Map<String, Object>> resource : template.findResources(type).entrySet()) {
                assertThat(resource.getValue().get("DeletionPolicy")).as(resource.getKey()).isEqualTo("Delete");
            }
        }
        assertThat(synth.assembly().getStackByName(ReplicationStack.STACK_NAME).getTemplate()).isNotNull();
    }

    @Test
    void theDefaultVpcHasNoNatNoInternetGatewayAndOneSecretsManagerEndpointTheGrantsWaitFor(@TempDir Path out)
            throws Exception {
        Template template = synth(Map.of(), out).template();

        for (String type : List.of("AWS::EC2::NatGateway", "AWS::EC2::InternetGateway", "AWS::EC2::EIP")) {
            template.resourceCountIs(type, 0);
        }
        template.resourceCountIs("AWS::EC2::Subnet", 2);
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
        Map<String, Map<String, Object>> endpoints = template.findResources("AWS::EC2::VPCEndpoint",
                Match.objectLike(Map.of("Properties", Map.of("VpcEndpointType", "Interface", "PrivateDnsEnabled", true))));
        assertThat(endpoints).hasSize(1);
        String endpointId = endpoints.keySet().iterator().next();
        assertThat(JSON.valueToTree(endpoints.get(endpointId)).at("/Properties/SubnetIds").size())
                .as("one Availability Zone: one endpoint-hour").isEqualTo(1);
        assertThat(JSON.valueToTree(endpoints.get(endpointId)).at("/Properties/ServiceName").toString())
                .contains(".secretsmanager");
        for (String type : List.of("Custom::RdsIamReplicationGrants", "Custom::RdsIamReplicationLoginCheck")) {
            for (Map<String, Object> resource : template.findResources(type).values()) {
                assertThat(JSON.valueToTree(resource).get("DependsOn").toString()).as(type).contains(endpointId);
            }
        }
    }

    @Test
    void theDefaultProvesTheLoginAtDeployAndGrantsTheConsumerRoleConnectAsDebezium(@TempDir Path out) throws Exception {
        Synth synth = synth(Map.of(), out);
        Template template = synth.template();

        template.resourceCountIs("Custom::RdsIamReplicationLoginCheck", 1);
        template.hasResourceProperties("Custom::RdsIamReplicationLoginCheck", Match.objectLike(Map.of("User", "debezium")));
        assertThat(synth.json().at("/Outputs/ReplicationLogin/Value/Fn::GetAtt/1").asText()).isEqualTo("Login");
        String consumerPolicy = policiesOf(synth.json(), logicalIdStartingWith(synth.json(), "DebeziumConsumer"));
        assertThat(consumerPolicy).contains("rds-db:connect").contains("/debezium").doesNotContain("/analytics");
        assertThat(synth.json().at("/Outputs/VerifyCommand/Value").toString())
                .contains("-Pverify-login").contains("--user debezium");
    }

    @Test
    void theMatrixAddsAReplicaAnAuroraClusterAndAMultiAzClusterInThreeZones(@TempDir Path out) throws Exception {
        Synth synth = synth(Map.of(SampleSettings.VARIANT, "matrix"), out);
        Template template = synth.template();

        template.resourceCountIs("AWS::RDS::DBInstance", 3); // the instance, its replica, the Aurora writer
        template.resourceCountIs("AWS::RDS::DBCluster", 2); // Aurora and the Multi-AZ DB cluster
        template.resourceCountIs("Custom::RdsIamReplicationGrants", 4);
        template.resourceCountIs("AWS::EC2::Subnet", 3);
        template.hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of("SourceDBInstanceIdentifier",
                Match.anyValue())));
        for (Map.Entry<String, Map<String, Object>> cluster : template.findResources("AWS::RDS::DBCluster").entrySet()) {
            assertThat(cluster.getValue().get("DeletionPolicy")).as(cluster.getKey()).isEqualTo("Delete");
            assertThat(JSON.valueToTree(cluster.getValue()).at("/Properties/DeletionProtection").asBoolean())
                    .as(cluster.getKey()).isFalse();
        }
        assertThat(synth.json().toString()).doesNotContain("SnapshotIdentifier");
    }

    @Test
    void theMatrixWithoutASnapshotLeavesTheRestoredInstanceOutAndSaysHowToAddIt(@TempDir Path out) throws Exception {
        Synth synth = synth(Map.of(SampleSettings.VARIANT, "matrix"), out);

        Annotations.fromStack(synth.stack()).hasInfo("/" + ReplicationStack.STACK_NAME,
                Match.stringLikeRegexp(".*-c snapshotIdentifier=.*rds-iam-replication-sample:noSnapshot.*"));
        assertThat(synth.stack().getNode().tryFindChild("Reporting")).isNull();
    }

    @Test
    void theMatrixWithASnapshotRestoresItWithANewPasswordForItsMasterUser(@TempDir Path out) throws Exception {
        Synth synth = synth(Map.of(SampleSettings.VARIANT, "matrix", SampleSettings.SNAPSHOT_IDENTIFIER,
                "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-2026-11-01",
                SampleSettings.SNAPSHOT_ADMIN_USER, "orders_admin"), out);
        Template template = synth.template();

        template.resourceCountIs("AWS::RDS::DBInstance", 4);
        template.hasResource("AWS::RDS::DBInstance", Map.of("DeletionPolicy", "Delete", "Properties", Match.objectLike(
                Map.of("DBSnapshotIdentifier", "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-2026-11-01",
                        "DeletionProtection", false, "MultiAZ", false))));
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of("GenerateSecretString",
                Match.objectLike(Map.of("SecretStringTemplate", "{\"username\":\"orders_admin\"}")))));
        Annotations.fromStack(synth.stack()).hasNoInfo("*", Match.stringLikeRegexp(".*noSnapshot.*"));
    }

    @Test
    void anUnknownVariantOrAMalformedSnapshotIsRefusedBeforeAnythingIsBuilt(@TempDir Path out) {
        assertThatThrownBy(() -> synth(Map.of(SampleSettings.VARIANT, "prod"), out))
                .hasMessageContaining("-c variant=prod is not a sample variant")
                .hasMessageContaining("-c variant=default").hasMessageContaining("-c variant=matrix");
        assertThatThrownBy(() -> synth(Map.of(SampleSettings.VARIANT, "MATRIX"), out))
                .hasMessageContaining("is not a sample variant");
        for (String hostile : List.of("x\"}, \"Fn::ImportValue\": {\"y", "orders snapshot", "../orders", "orders;rm")) {
            assertThatThrownBy(() -> synth(Map.of(SampleSettings.VARIANT, "matrix",
                    SampleSettings.SNAPSHOT_IDENTIFIER, hostile), out)).as(hostile)
                    .hasMessageContaining("-c snapshotIdentifier must be a DB snapshot ARN or name");
        }
        assertThatThrownBy(() -> synth(Map.of(SampleSettings.VARIANT, "matrix", SampleSettings.SNAPSHOT_IDENTIFIER,
                "orders", SampleSettings.SNAPSHOT_ADMIN_USER, "admin\"; DROP ROLE x; --"), out))
                .hasMessageContaining("-c snapshotAdminUser must be the master user name");
    }

    @Test
    void noVariantIsChosenByDefaultAndBlankContextCountsAsUnset() {
        App app = new App();
        app.getNode().setContext(SampleSettings.VARIANT, " ");
        app.getNode().setContext(SampleSettings.SNAPSHOT_IDENTIFIER, "");
        assertThat(SampleSettings.fromContext(app.getNode())).isEqualTo(SampleSettings.cheapest());
        assertThat(SampleSettings.fromContext(new App().getNode())).isEqualTo(SampleSettings.cheapest());
    }

    /**
     * Both variants pass the CDK's built-in CloudFormation validation, which {@code cdk synth} runs and reports
     * as errors (it caught {@code StorageEncrypted} on the read replica, which CloudFormation refuses).
     */
    @Test
    void bothVariantsPassTheCloudFormationValidationCdkSynthRuns(@TempDir Path out) throws Exception {
        for (Map<String, Object> context : List.<Map<String, Object>>of(Map.of(), Map.of(SampleSettings.VARIANT,
                "matrix", SampleSettings.SNAPSHOT_IDENTIFIER, SampleSnapshotTest.SNAPSHOT))) {
            Path dir = out.resolve("v" + context.size());
            synth(context, dir);
            JsonNode report = JSON.readTree(dir.resolve("validation-report.json").toFile());
            List<String> failures = new ArrayList<>();
            for (JsonNode plugin : report.path("pluginReports")) {
                for (JsonNode violation : plugin.path("violations")) {
                    failures.add(violation.path("ruleName").asText() + " " + violation.path("description").asText());
                }
            }
            assertThat(failures).as("validation report for " + context).isEmpty();
        }
    }

    /** The app as {@code cdk synth -c ...} builds it: cdk.json's flags, the given context, SampleApp's wiring. */
    private static Synth synth(Map<String, Object> context, Path out) throws Exception {
        App app = CdkJsonContext.app(context, out);
        ReplicationStack stack = new ReplicationStack(app, ReplicationStack.STACK_NAME,
                SampleSettings.fromContext(app.getNode()));
        CloudAssembly assembly = app.synth();
        return new Synth(stack, assembly);
    }

    private record Synth(ReplicationStack stack, CloudAssembly assembly) {
        Template template() {
            return Template.fromJSON(JSON.convertValue(json(), Map.class));
        }

        JsonNode json() {
            return JSON.valueToTree(assembly.getStackByName(ReplicationStack.STACK_NAME).getTemplate());
        }
    }

    private static String logicalIdStartingWith(JsonNode template, String prefix) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").fieldNames().forEachRemaining(id -> {
            if (id.startsWith(prefix) && "AWS::IAM::Role".equals(template.path("Resources").path(id).path("Type").asText())) {
                ids.add(id);
            }
        });
        assertThat(ids).as("one role named " + prefix + "*").hasSize(1);
        return ids.get(0);
    }

    /** @return every IAM policy attached to the role, as JSON text */
    private static String policiesOf(JsonNode template, String roleId) {
        StringBuilder policies = new StringBuilder();
        template.path("Resources").forEach(resource -> {
            if (resource.path("Type").asText().startsWith("AWS::IAM::") && resource.path("Type").asText().endsWith("Policy")
                    && resource.path("Properties").path("Roles").toString().contains("\"" + roleId + "\"")) {
                policies.append(resource.path("Properties").path("PolicyDocument"));
            }
        });
        return policies.toString();
    }
}
