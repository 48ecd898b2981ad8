package io.github.rdsiamreplication.cdk;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.CfnDBCluster;
import software.amazon.awscdk.services.rds.CfnDBSubnetGroup;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;

/** Small stacks for template tests: one App per template. */
final class TestStacks {
    final App app = new App();
    final Stack stack = new Stack(app, "TestStack");
    final Vpc vpc;

    private TestStacks(List<SubnetConfiguration> subnets) {
        vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(subnets.size() > 2 ? 1 : 0)
                .subnetConfiguration(subnets).build();
    }

    /** A VPC with public, private-with-egress and isolated subnets. */
    static TestStacks withPrivateSubnets() {
        return new TestStacks(List.of(
                SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).build(),
                SubnetConfiguration.builder().name("app").subnetType(SubnetType.PRIVATE_WITH_EGRESS).build(),
                SubnetConfiguration.builder().name("data").subnetType(SubnetType.PRIVATE_ISOLATED).build()));
    }

    /** A VPC with isolated subnets only. */
    static TestStacks isolatedOnly() {
        return new TestStacks(List.of(
                SubnetConfiguration.builder().name("data").subnetType(SubnetType.PRIVATE_ISOLATED).build()));
    }

    /** The two parameters at 1, as the templates must show them (a new map each call: tests add to it). */
    static Map<String, Object> requiredParameters() {
        Map<String, Object> params = new TreeMap<>();
        params.put("rds.iam_auth_for_replication", "1");
        params.put("rds.logical_replication", "1");
        return params;
    }

    static IInstanceEngine postgres(PostgresEngineVersion version) {
        return DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder().version(version).build());
    }

    DatabaseInstance.Builder instanceBuilder(String id) {
        return DatabaseInstance.Builder.create(stack, id)
                .engine(postgres(PostgresEngineVersion.VER_16))
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .storageEncrypted(true)
                .credentials(Credentials.fromGeneratedSecret("postgres"));
    }

    DatabaseInstance instance(String id) {
        return instanceBuilder(id).build();
    }

    DatabaseCluster.Builder auroraBuilder(String id) {
        return DatabaseCluster.Builder.create(stack, id)
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_4).build()))
                .writer(ClusterInstance.provisioned("writer"))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .storageEncrypted(true);
    }

    /** Security group of the Multi-AZ cluster made by {@link #multiAzBuilder}. */
    SecurityGroup multiAzSecurityGroup;

    CfnDBCluster.Builder multiAzBuilder(String id) {
        multiAzSecurityGroup = SecurityGroup.Builder.create(stack, id + "SecurityGroup").vpc(vpc).build();
        CfnDBSubnetGroup subnets = CfnDBSubnetGroup.Builder.create(stack, id + "Subnets")
                .dbSubnetGroupDescription("Multi-AZ cluster subnets")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                        .getSubnetIds())
                .build();
        return CfnDBCluster.Builder.create(stack, id)
                .engine("postgres").engineVersion("16.4")
                .dbClusterInstanceClass("db.m6gd.large").allocatedStorage(100).storageType("io1").iops(1000)
                .masterUsername("postgres").manageMasterUserPassword(true)
                .dbSubnetGroupName(subnets.getRef())
                .vpcSecurityGroupIds(List.of(multiAzSecurityGroup.getSecurityGroupId()))
                .storageEncrypted(true);
    }

    MultiAzClusterProps multiAz(CfnDBCluster cluster) {
        return MultiAzClusterProps.builder().cluster(cluster).vpc(vpc)
                .securityGroups(List.of(multiAzSecurityGroup)).build();
    }

    /** @return the admin secret set on the construct for a database made outside the stack (one per stack) */
    ISecret adminSecret() {
        Object existing = stack.getNode().tryFindChild("Admin");
        return existing != null ? (ISecret) existing : Secret.fromSecretNameV2(stack, "Admin", "orders/admin");
    }

    IamReplicationAuth.Builder auth(String id, ReplicationTarget target, String... users) {
        return IamReplicationAuth.Builder.create(stack, id).target(target).replicationUsers(List.of(users));
    }

    IamReplicationAuth.Builder auth(String id, DatabaseInstance db, String... users) {
        return IamReplicationAuth.Builder.create(stack, id).target(ReplicationTarget.instance(db))
                .replicationUsers(List.of(users));
    }
}
