package io.github.rdsiamreplication.cdk;

import static io.github.rdsiamreplication.cdk.IamReplicationAuthTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.RebootPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterAttributes;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.ParameterGroup;

/**
 * Least privilege for reboots (the member instances when they are known), the removal policy of the
 * parameter-group patch, and the option that lets a reboot apply other pending changes.
 */
class RebootPermissionsAndRemovalTest {
    private static Map<String, Object> arn(String instance) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":rds:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":db:" + instance)));
    }

    private static Map<String, Object> arnOfRef(String logicalId) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":rds:",
                Map.of("Ref", "AWS::Region"), ":", Map.of("Ref", "AWS::AccountId"), ":db:",
                Map.of("Ref", logicalId))));
    }

    private static IDatabaseCluster importedCluster(TestStacks t) {
        return DatabaseCluster.fromDatabaseClusterAttributes(t.stack, "Orders", DatabaseClusterAttributes.builder()
                .clusterIdentifier("orders").clusterEndpointAddress("orders.cluster-abc.eu-west-1.rds.amazonaws.com")
                .port(5432).clusterResourceIdentifier("cluster-ABCDEFGHIJKLMNOPQRSTUVWX12")
                .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(t.stack, "Sg", "sg-0abc"))).build());
    }

    private static ImportedDatabaseProps.Builder clusterProps(TestStacks t) {
        return ImportedDatabaseProps.builder().cluster(importedCluster(t)).vpc(t.vpc)
                .parameterGroupName("orders-cluster-pg");
    }

    /** Every Resource of every statement with {@code action} in the stack's IAM policies. */
    @SuppressWarnings("unchecked")
    private static List<Object> resourcesOf(Template template, String action) {
        List<Object> resources = new ArrayList<>();
        for (Map<String, Object> policy : template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> document = (Map<String, Object>) ((Map<String, Object>) policy.get("Properties"))
                    .get("PolicyDocument");
            for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
                Object actions = statement.get("Action");
                if (actions.equals(action) || (actions instanceof List<?> list && list.contains(action))) {
                    Object resource = statement.get("Resource");
                    if (resource instanceof List<?> list) {
                        resources.addAll(list);
                    } else {
                        resources.add(resource);
                    }
                }
            }
        }
        return resources;
    }

    @Test
    void anImportedClusterWithItsMembersListedIsScopedToThem() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", ReplicationTarget.importedCluster(clusterProps(t)
                .memberInstanceIdentifiers(List.of("orders-1", "orders-2")).build()), "debezium")
                .adminSecret(t.adminSecret())
                .rebootPolicy(RebootPolicy.IF_PENDING).build();

        Template template = Template.fromStack(t.stack);

        assertThat(resourcesOf(template, "rds:RebootDBInstance")).containsOnly(arn("orders-1"), arn("orders-2"))
                .hasSize(4); // the same statement on the onEvent and the isComplete role
        assertThat(resourcesOf(template, "rds:DescribeDBInstances")).containsOnly(arn("orders-1"), arn("orders-2"));
        assertThat(template.toJSON().toString()).doesNotContain(":db:*");
        assertThat(template.toJSON().toString()).doesNotContain("are not known at synth and none were given");
    }

    @Test
    void anImportedClusterWithoutMembersKeepsTheWildcardWithItsReason() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", ReplicationTarget.importedCluster(clusterProps(t).build()), "debezium")
                .adminSecret(t.adminSecret())
                .rebootPolicy(RebootPolicy.IF_PENDING).build();

        Template template = Template.fromStack(t.stack);

        assertThat(resourcesOf(template, "rds:RebootDBInstance")).containsOnly(arn("*"));
        assertThat(template.toJSON().toString()).contains("none were given (ImportedDatabaseProps."
                + "memberInstanceIdentifiers)");
    }

    @Test
    void anAuroraClusterOfTheStackIsScopedToItsInstances() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseCluster cluster = t.auroraBuilder("Aurora")
                .readers(List.of(ClusterInstance.provisioned("reader1"))).build();
        t.auth("Repl", ReplicationTarget.auroraCluster(cluster), "debezium")
                .rebootPolicy(RebootPolicy.IF_PENDING).build();

        Template template = Template.fromStack(t.stack);

        List<Object> instances = template.findResources("AWS::RDS::DBInstance").keySet().stream()
                .map(id -> (Object) arnOfRef(id)).toList();
        assertThat(instances).hasSize(2);
        assertThat(resourcesOf(template, "rds:RebootDBInstance")).containsOnlyElementsOf(instances)
                .containsAll(instances);
        assertThat(template.toJSON().toString()).doesNotContain(":db:*");
    }

    @Test
    void readingEventsIsGrantedToTheWaiterOnlyWhenItMayReboot() {
        TestStacks never = TestStacks.withPrivateSubnets();
        never.auth("Repl", ReplicationTarget.importedCluster(clusterProps(never).build()), "debezium")
                .adminSecret(never.adminSecret()).build();
        assertThat(resourcesOf(Template.fromStack(never.stack), "rds:DescribeEvents")).isEmpty();

        TestStacks rebooting = TestStacks.withPrivateSubnets();
        rebooting.auth("Repl", ReplicationTarget.importedCluster(clusterProps(rebooting).build()), "debezium")
                .adminSecret(rebooting.adminSecret())
                .rebootPolicy(RebootPolicy.IF_PENDING).build();
        Template template = Template.fromStack(rebooting.stack);
        assertThat(resourcesOf(template, "rds:DescribeEvents")).containsExactly("*");
        assertThat(template.toJSON().toString()).contains("rds:DescribeEvents supports no resource-level");
    }

    @Test
    void memberInstanceIdentifiersAreRefusedForAnInstanceAndWhenBlank() {
        TestStacks t = TestStacks.withPrivateSubnets();
        assertThatThrownBy(() -> ReplicationTarget.importedCluster(clusterProps(t)
                .memberInstanceIdentifiers(List.of("orders-1", " ")).build()))
                .hasMessageContaining("memberInstanceIdentifiers has a blank entry");
        assertThatThrownBy(() -> ReplicationTarget.importedInstance(ImportedDatabaseProps.builder()
                .instance(software.amazon.awscdk.services.rds.DatabaseInstance.fromDatabaseInstanceAttributes(t.stack,
                        "Db", software.amazon.awscdk.services.rds.DatabaseInstanceAttributes.builder()
                                .instanceIdentifier("orders-db").instanceEndpointAddress("h").port(5432)
                                .securityGroups(List.of()).build()))
                .vpc(t.vpc).parameterGroupName("orders-pg16").memberInstanceIdentifiers(List.of("orders-db"))
                .build())).hasMessageContaining("for a DB instance leave it unset");
    }

    @Test
    void theParameterPatchIsRetainedByDefaultAndDeletedWithDestroy() {
        TestStacks retain = TestStacks.withPrivateSubnets();
        retain.auth("Repl", ReplicationTarget.importedCluster(clusterProps(retain).build()), "debezium")
                .adminSecret(retain.adminSecret()).build();
        Template kept = Template.fromStack(retain.stack);
        Map<String, Object> patch = kept.findResources("Custom::RdsIamReplicationParameters").values().iterator()
                .next();
        assertThat(patch).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");

        TestStacks destroy = TestStacks.withPrivateSubnets();
        destroy.auth("Repl", ReplicationTarget.importedCluster(clusterProps(destroy).build()), "debezium")
                .adminSecret(destroy.adminSecret())
                .removalPolicy(RemovalPolicy.DESTROY).build();
        Map<String, Object> restoring = Template.fromStack(destroy.stack)
                .findResources("Custom::RdsIamReplicationParameters").values().iterator().next();
        assertThat(restoring).containsEntry("DeletionPolicy", "Delete");
    }

    @Test
    void aGroupOfTheStackIsNotGivenTheRemovalPolicy() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ParameterGroup group = ParameterGroup.Builder.create(t.stack, "Own")
                .engine(TestStacks.postgres(software.amazon.awscdk.services.rds.PostgresEngineVersion.VER_16)).build();
        t.auth("Repl", t.instanceBuilder("Db").parameterGroup(group).build(), "debezium").build();

        Map<String, Object> resource = Template.fromStack(t.stack).findResources("AWS::RDS::DBParameterGroup")
                .values().iterator().next();
        assertThat(resource).doesNotContainKey("DeletionPolicy");
    }

    @Test
    void applyOtherPendingChangesReachesTheHandlerAndNeedsIfPending() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", ReplicationTarget.importedCluster(clusterProps(t).build()), "debezium")
                .adminSecret(t.adminSecret())
                .rebootPolicy(RebootPolicy.IF_PENDING).applyOtherPendingChanges(true).build();
        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("Custom::RdsIamReplicationDatabase", Map.of("RebootPolicy", "if_pending",
                "ApplyOtherPendingChanges", "true"));

        TestStacks never = TestStacks.withPrivateSubnets();
        assertThatThrownBy(() -> never.auth("Repl", ReplicationTarget.importedCluster(clusterProps(never).build()),
                "debezium")
                .adminSecret(never.adminSecret()).applyOtherPendingChanges(true).build())
                .hasMessageContaining("applyOtherPendingChanges(true) only matters when the construct reboots")
                .hasMessageContaining("rebootPolicy(RebootPolicy.IF_PENDING)");
    }

    @Test
    void byDefaultThePropertyIsLeftOutSoExistingResourcesDoNotChange() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", ReplicationTarget.importedCluster(clusterProps(t).build()), "debezium")
                .adminSecret(t.adminSecret())
                .rebootPolicy(RebootPolicy.IF_PENDING).build();
        Map<String, Object> resource = Template.fromStack(t.stack).findResources("Custom::RdsIamReplicationDatabase")
                .values().iterator().next();
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
        assertThat(properties).doesNotContainKey("ApplyOtherPendingChanges");
        assertThat(logicalId(Template.fromStack(t.stack), "Custom::RdsIamReplicationDatabase")).isNotBlank();
    }

    @Test
    void engineDefaultGroupsAreRecognisedInAnyCase() {
        TestStacks t = TestStacks.withPrivateSubnets();
        t.auth("Repl", t.instanceBuilder("Db").parameterGroup(ParameterGroup.fromParameterGroupName(t.stack,
                "Default", "Default.Postgres16")).build(), "debezium").build();
        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("Custom::RdsIamReplicationParameters", 0);
        template.resourceCountIs("AWS::RDS::DBParameterGroup", 1);

        TestStacks imported = TestStacks.withPrivateSubnets();
        assertThatThrownBy(() -> ReplicationTarget.importedCluster(clusterProps(imported)
                .parameterGroupName("DEFAULT.aurora-postgresql16").build()))
                .hasMessageContaining("is an engine default group, which cannot be modified");
    }
}
