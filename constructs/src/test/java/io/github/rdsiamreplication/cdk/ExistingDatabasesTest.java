package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.RebootPolicy;

import static io.github.rdsiamreplication.cdk.IamReplicationAuthTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterAttributes;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.IDatabaseInstance;

/** Databases made outside the stack, and the reboot policy. */
class ExistingDatabasesTest {
    private static Map<String, Object> arn(String resource) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":rds:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":" + resource)));
    }

    private static IDatabaseInstance importedInstance(TestStacks t, String resourceId) {
        return DatabaseInstance.fromDatabaseInstanceAttributes(t.stack, "Orders", DatabaseInstanceAttributes.builder()
                .instanceIdentifier("orders-db").instanceEndpointAddress("orders-db.abc.eu-west-1.rds.amazonaws.com")
                .port(5432).instanceResourceId(resourceId)
                .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(t.stack, "OrdersSg", "sg-0123456789abcdef0")))
                .build());
    }

    private static ImportedDatabaseProps.Builder instanceProps(TestStacks t, IDatabaseInstance instance) {
        return ImportedDatabaseProps.builder().instance(instance).vpc(t.vpc).parameterGroupName("orders-pg16");
    }

    @Test
    void anImportedInstanceIsChangedThroughTheRdsApiAndWarnsThatItNeedsAReboot() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IDatabaseInstance instance = importedInstance(t, "db-ABCDEFGHIJKLMNOPQRSTUVWX12");
        IamReplicationAuth auth = t.auth("Repl", ReplicationTarget.importedInstance(instanceProps(t, instance).build()),
                "debezium").adminSecret(t.adminSecret()).build();
        Role role = Role.Builder.create(t.stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();
        auth.grantConnect(role, "debezium");

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("Custom::RdsIamReplicationParameters", Map.of("GroupName", "orders-pg16",
                "GroupKind", "instance"));
        template.hasResourceProperties("Custom::RdsIamReplicationDatabase", Map.of("Kind", "instance",
                "Identifier", "orders-db", "RebootPolicy", "never"));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Map.of("Action", List.of("rds:DescribeDBInstances", "rds:ModifyDBInstance",
                        "rds:RebootDBInstance"), "Effect", "Allow", "Resource", arn("db:orders-db")))))));
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "Host", "orders-db.abc.eu-west-1.rds.amazonaws.com", "Port", "5432"));
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("GroupId", "sg-0123456789abcdef0",
                "FromPort", 5432));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", "rds-db:connect", "Effect", "Allow", "Resource", Match.objectLike(Map.of(
                        "Fn::Join", List.of("", Match.arrayWith(List.of(
                                ":dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWX12/debezium"))))))))));
        @SuppressWarnings("unchecked")
        List<String> dependsOn = (List<String>) template.findResources(IamReplicationAuth.RESOURCE_TYPE).values()
                .iterator().next().get("DependsOn");
        assertThat(dependsOn).contains(logicalId(template, "Custom::RdsIamReplicationDatabase"),
                logicalId(template, "Custom::RdsIamReplicationParameters"),
                logicalId(template, "AWS::EC2::SecurityGroupIngress"));
        Annotations.fromStack(t.stack).hasWarning("/TestStack/Repl",
                Match.stringLikeRegexp(".*static parameter.*rebootPolicy\\(RebootPolicy.IF_PENDING\\).*"));
        assertThat(template.findOutputs("*")).as("an L2 construct adds no stack output of its own").isEmpty();
        assertThat(t.stack.resolve(auth.getParameterApplyStatus())).isEqualTo(Map.of("Fn::GetAtt",
                List.of(logicalId(template, "Custom::RdsIamReplicationDatabase"), "ParameterApplyStatus")));
    }

    @Test
    void anImportedClusterWithRebootIfPendingRebootsThroughAPollingProvider() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IDatabaseCluster cluster = DatabaseCluster.fromDatabaseClusterAttributes(t.stack, "Orders",
                DatabaseClusterAttributes.builder().clusterIdentifier("orders")
                        .clusterEndpointAddress("orders.cluster-abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .clusterResourceIdentifier("cluster-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(t.stack, "Sg", "sg-0abc")))
                        .build());
        t.auth("Repl", ReplicationTarget.importedCluster(ImportedDatabaseProps.builder().cluster(cluster).vpc(t.vpc)
                .parameterGroupName("orders-cluster-pg").build()), "debezium").adminSecret(t.adminSecret())
                .rebootPolicy(RebootPolicy.IF_PENDING).build();

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("Custom::RdsIamReplicationParameters", Map.of("GroupKind", "cluster",
                "GroupName", "orders-cluster-pg"));
        template.hasResourceProperties("Custom::RdsIamReplicationDatabase", Map.of("Kind", "cluster",
                "Identifier", "orders", "RebootPolicy", "if_pending"));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(
                        Map.of("Action", List.of("rds:DescribeDBClusters", "rds:ModifyDBCluster"), "Effect", "Allow",
                                "Resource", arn("cluster:orders")),
                        Map.of("Action", List.of("rds:DescribeDBInstances", "rds:RebootDBInstance"), "Effect",
                                "Allow", "Resource", arn("db:*")))))));
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "Host", "orders.cluster-abc.eu-west-1.rds.amazonaws.com", "Port", "5432"));
        Annotations.fromStack(t.stack).hasNoWarning("*", Match.stringLikeRegexp(".*static parameter.*"));
    }

    @Test
    void aDatabaseOfTheStackGetsTheRebootResourceOnlyWithIfPending() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth plain = t.auth("Plain", t.instance("Db"), "a").build();
        IamReplicationAuth rebooting = t.auth("Rebooting", t.instance("Db2"), "b")
                .rebootPolicy(RebootPolicy.IF_PENDING).build();

        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("Custom::RdsIamReplicationDatabase", 1);
        assertThat(plain.getParameterApplyStatus()).as("no database-settings resource, no status").isNull();
        assertThat(t.stack.resolve(rebooting.getParameterApplyStatus())).isEqualTo(Map.of("Fn::GetAtt",
                List.of(logicalId(template, "Custom::RdsIamReplicationDatabase"), "ParameterApplyStatus")));
        template.hasResourceProperties("Custom::RdsIamReplicationDatabase", Map.of("Kind", "instance",
                "Identifier", Map.of("Ref", logicalId(template, "AWS::RDS::DBInstance", "Db2.*")),
                "RebootPolicy", "if_pending"));
        template.resourceCountIs("Custom::RdsIamReplicationParameters", 0);
    }

    @Test
    void anImportedDatabaseHasNoAdminSecretUntilTheConstructIsGivenOne() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IDatabaseInstance instance = importedInstance(t, "db-ABCDEFGHIJKLMNOPQRSTUVWX12");

        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.importedInstance(instanceProps(t, instance).build()),
                "debezium").build())
                .hasMessageContaining("TestStack/Repl")
                .hasMessageContaining("one made outside the stack never has")
                .hasMessageContaining("pass adminSecret on IamReplicationAuth");
        t.auth("Repl2", ReplicationTarget.importedInstance(instanceProps(t, instance).build()), "debezium")
                .adminSecret(t.adminSecret()).build();
        Template template = Template.fromStack(t.stack);
        assertThat(template.findResources(IamReplicationAuth.RESOURCE_TYPE).values()).singleElement()
                .satisfies(grants -> assertThat(grants.toString()).contains("orders/admin"));
    }

    @Test
    void badImportsAreErrorsWithTheRemedy() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IDatabaseInstance noResourceId = importedInstance(t, null);

        assertThatThrownBy(() -> ReplicationTarget.importedInstance(instanceProps(t, noResourceId)
                .parameterGroupName("default.postgres16").build()))
                .hasMessageContaining("engine default group").hasMessageContaining("create a custom DB parameter group");
        assertThatThrownBy(() -> ReplicationTarget.importedInstance(ImportedDatabaseProps.builder().vpc(t.vpc).build()))
                .hasMessageContaining("instance, vpc and parameterGroupName are required");
        IamReplicationAuth auth = t.auth("Repl", ReplicationTarget.importedInstance(
                instanceProps(t, noResourceId).build()), "debezium").adminSecret(t.adminSecret()).build();
        Role role = Role.Builder.create(t.stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();
        assertThatThrownBy(() -> auth.grantConnect(role, "debezium")).hasMessageContaining("instanceResourceId");
    }
}
