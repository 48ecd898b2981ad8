package io.github.rdsiamreplication.cdk;

import static io.github.rdsiamreplication.cdk.IamReplicationAuthTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;

/** Turning the feature off, removing the construct, and use across stacks. */
class LifecycleTest {

    // ---- enabled(false) ----

    @Test
    void turnedOffSetsTheParameterToZeroExplicitlyAndKeepsIamAuthAndLogicalReplication() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").enabled(false).build();

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Parameters", Map.of(
                "rds.iam_auth_for_replication", "0", "rds.logical_replication", "1")));
        template.hasResourceProperties("AWS::RDS::DBInstance", Map.of("EnableIAMDatabaseAuthentication", true));
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of("Enabled", "false"));
    }

    @Test
    void turnedOnIsTheDefaultAndSaysSo() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").build();

        Template.fromStack(t.stack).hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of("Enabled", "true"));
    }

    @Test
    void turnedOffConflictsWithAGroupThatForcesTheFeatureOn() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ParameterGroup own = ParameterGroup.Builder.create(t.stack, "Own")
                .engine(TestStacks.postgres(PostgresEngineVersion.VER_16))
                .parameters(new TreeMap<>(Map.of("rds.iam_auth_for_replication", "1"))).build();
        DatabaseInstance db = t.instanceBuilder("Db").parameterGroup(own).build();

        assertThatThrownBy(() -> t.auth("Repl", db, "debezium").enabled(false).build())
                .hasMessageContaining("sets rds.iam_auth_for_replication to '1', but IamReplicationAuth sets it to '0'");
    }

    // ---- removal ----

    @Test
    void byDefaultRemovingTheConstructKeepsRolesAndGrants() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").build();

        Template.fromStack(t.stack).hasResource(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain",
                // The handler changes nothing on a Delete CloudFormation would never send for it.
                "Properties", Match.objectLike(Map.of("UndoOnDelete", "false"))));
    }

    @Test
    void destroyLetsTheHandlerUndoItsGrantsOnRemoval() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instance("Db"), "debezium").removalPolicy(RemovalPolicy.DESTROY).build();

        Template.fromStack(t.stack).hasResource(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete",
                "Properties", Match.objectLike(Map.of("UndoOnDelete", "true"))));
    }

    @Test
    void otherRemovalPoliciesAreRefused() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");

        assertThatThrownBy(() -> t.auth("Repl", db, "debezium").removalPolicy(RemovalPolicy.SNAPSHOT).build())
                .hasMessageContaining("removalPolicy SNAPSHOT is not supported");
    }

    // ---- several stacks ----

    @Test
    void grantConnectToARoleInAnotherStackImportsTheResourceId() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").build();
        Stack consumers = new Stack(t.app, "Consumers");
        Role role = Role.Builder.create(consumers, "Debezium").assumedBy(new AccountRootPrincipal()).build();

        auth.grantConnect(role, "debezium");

        Template consumerTemplate = Template.fromStack(consumers);
        consumerTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                List.of(Map.of("Action", "rds-db:connect", "Effect", "Allow", "Resource", Map.of("Fn::Join",
                        List.of("", Match.arrayWith(List.of(Map.of("Fn::ImportValue",
                                Match.stringLikeRegexp("TestStack:.*DbiResourceId.*")), "/debezium")))))))));
        Template.fromStack(t.stack).hasOutput("*", Map.of("Value", Map.of("Fn::GetAtt",
                List.of(logicalId(Template.fromStack(t.stack), "AWS::RDS::DBInstance"), "DbiResourceId"))));
    }

    @Test
    void theConstructExposesTypedAttributesForOtherStacks() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");
        IIamReplicationAuth auth = t.auth("Repl", db, "debezium", "analytics").build();

        Stack stack = t.stack;
        String dbId = logicalId(Template.fromStack(stack), "AWS::RDS::DBInstance");
        assertThat(stack.resolve(auth.getResourceId())).isEqualTo(Map.of("Fn::GetAtt", List.of(dbId, "DbiResourceId")));
        assertThat(stack.resolve(auth.getEndpointAddress()))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(dbId, "Endpoint.Address")));
        assertThat(stack.resolve(auth.getEndpointPort())).isEqualTo(Map.of("Fn::GetAtt", List.of(dbId, "Endpoint.Port")));
        assertThat(auth.getReplicationUsers()).containsExactly("debezium", "analytics");
    }

    @Test
    void anImportedConstructGrantsConnectAndAddsNoResources() {
        App app = new App();
        Stack stack = new Stack(app, "ConsumerApp");
        IIamReplicationAuth imported = IamReplicationAuth.fromAttributes(stack, "Repl",
                IamReplicationAuthAttributes.builder().resourceId("db-ABCDEFGHIJKL0123456789AB")
                        .replicationUsers(List.of("debezium")).endpointAddress("db.example.com").build());
        Role role = Role.Builder.create(stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();

        imported.grantConnect(role, "debezium");

        Template template = Template.fromStack(stack);
        template.resourceCountIs(IamReplicationAuth.RESOURCE_TYPE, 0);
        template.resourceCountIs("AWS::Lambda::Function", 0);
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", "rds-db:connect", "Effect", "Allow", "Resource", Map.of("Fn::Join", List.of("",
                        List.of("arn:", Map.of("Ref", "AWS::Partition"), ":rds-db:", Map.of("Ref", "AWS::Region"),
                                ":", Map.of("Ref", "AWS::AccountId"),
                                ":dbuser:db-ABCDEFGHIJKL0123456789AB/debezium"))))))));
        assertThat(imported.getEndpointAddress()).isEqualTo("db.example.com");
        assertThat(imported.getEndpointPort()).isNull();
        assertThatThrownBy(() -> imported.grantConnect(role, "postgres")).hasMessageContaining("not one of");
        assertThatThrownBy(() -> IamReplicationAuth.fromAttributes(stack, "Bad",
                IamReplicationAuthAttributes.builder().replicationUsers(List.of("x")).build()))
                .hasMessageContaining("needs resourceId");
    }
}
