package io.github.rdsiamreplication.sample;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.rdsiamreplication.cdk.IamReplicationAuth;
import io.github.rdsiamreplication.cdk.MultiAzClusterProps;
import io.github.rdsiamreplication.cdk.ReplicationTarget;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
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
import software.amazon.awscdk.services.rds.DatabaseInstanceFromSnapshot;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.ProvisionedClusterInstanceProps;
import software.amazon.awscdk.services.rds.SnapshotCredentials;
import software.constructs.Construct;

/**
 * One VPC and the three kinds of database, each with replication users that must log in with IAM and
 * a consumer role allowed to log in as one of them: a PostgreSQL 16 DB instance, an Aurora PostgreSQL
 * cluster, a Multi-AZ DB cluster and a DB instance restored from a snapshot. All share one role-grant handler (same stack, same subnets).
 * Environment-agnostic: synth needs no AWS account.
 */
public class ReplicationStack extends Stack {
    /**
     * @param scope the app
     * @param id the stack name
     */
    public ReplicationStack(Construct scope, String id) {
        super(scope, id, StackProps.builder()
                .description("rds-iam-replication sample: IAM authentication for logical replication")
                .build());

        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).build(),
                        SubnetConfiguration.builder().name("app").subnetType(SubnetType.PRIVATE_WITH_EGRESS).build(),
                        SubnetConfiguration.builder().name("data").subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                .flowLogs(java.util.Collections.singletonMap("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs()).build()))
                .build();

        DatabaseInstance database = DatabaseInstance.Builder.create(this, "Database")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .credentials(Credentials.fromGeneratedSecret("postgres"))
                .storageEncrypted(true)
                .multiAz(true)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();

        NagSuppressions.addResourceSuppressions(database, List.of(defaultPortReason(), rotationReason()), true);

        IamReplicationAuth auth = IamReplicationAuth.Builder.create(this, "ReplicationAuth")
                .target(ReplicationTarget.instance(database))
                .replicationUsers(List.of("debezium", "analytics"))
                .build();

        Role consumer = consumerRole("DebeziumConsumer", "Assumed by the Debezium connector: may log in to the "
                + "DB instance as debezium");
        auth.grantConnect(consumer, "debezium");

        CfnOutput.Builder.create(this, "DatabaseEndpoint").value(database.getDbInstanceEndpointAddress())
                .description("Host for replication connections").build();
        CfnOutput.Builder.create(this, "DatabasePort").value(database.getDbInstanceEndpointPort()).build();
        CfnOutput.Builder.create(this, "DatabaseResourceId").value(database.getInstanceResourceId())
                .description("DbiResourceId, the part of rds-db:connect ARNs that names the instance").build();
        CfnOutput.Builder.create(this, "ConsumerRoleArn").value(consumer.getRoleArn()).build();

        addAuroraCluster(vpc);
        addMultiAzCluster(vpc);
        addRestoredInstance(vpc);
    }

    /**
     * A reporting copy restored from a snapshot of the orders database, whose user {@code reporting_cdc}
     * replicates with IAM; the restore generates a new admin password in a secret, which the grants use.
     */
    private void addRestoredInstance(Vpc vpc) {
        DatabaseInstanceFromSnapshot restored = DatabaseInstanceFromSnapshot.Builder.create(this, "Reporting")
                .snapshotIdentifier("arn:aws:rds:eu-west-1:123456789012:snapshot:orders-2026-11-01")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .credentials(SnapshotCredentials.fromGeneratedSecret("postgres"))
                .multiAz(true)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();
        NagSuppressions.addResourceSuppressions(restored, List.of(defaultPortReason(), rotationReason(),
                NagPackSuppression.builder().id("AwsSolutions-RDS2").reason("A restored instance keeps the "
                        + "encryption of its snapshot; the orders snapshot is encrypted.").build()), true);

        IamReplicationAuth auth = IamReplicationAuth.Builder.create(this, "ReportingReplicationAuth")
                .target(ReplicationTarget.instance(restored))
                .replicationUsers(List.of("reporting_cdc"))
                .build();
        Role consumer = consumerRole("ReportingCdcConsumer", "May log in to the restored instance as reporting_cdc");
        auth.grantConnect(consumer, "reporting_cdc");

        CfnOutput.Builder.create(this, "ReportingEndpoint").value(restored.getDbInstanceEndpointAddress()).build();
        CfnOutput.Builder.create(this, "ReportingCdcConsumerRoleArn").value(consumer.getRoleArn()).build();
    }

    /** An Aurora PostgreSQL 16 cluster whose user {@code orders_cdc} replicates with IAM. */
    private void addAuroraCluster(Vpc vpc) {
        DatabaseCluster aurora = DatabaseCluster.Builder.create(this, "Aurora")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_4).build()))
                .writer(ClusterInstance.provisioned("writer", ProvisionedClusterInstanceProps.builder()
                        .instanceType(InstanceType.of(InstanceClass.R6G, InstanceSize.LARGE)).build()))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .credentials(Credentials.fromGeneratedSecret("postgres"))
                .storageEncrypted(true)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();
        NagSuppressions.addResourceSuppressions(aurora, List.of(rotationReason()), true);

        IamReplicationAuth auth = IamReplicationAuth.Builder.create(this, "AuroraReplicationAuth")
                .target(ReplicationTarget.auroraCluster(aurora))
                .replicationUsers(List.of("orders_cdc"))
                .build();
        Role consumer = consumerRole("OrdersCdcConsumer", "May log in to the Aurora cluster as orders_cdc");
        auth.grantConnect(consumer, "orders_cdc");

        CfnOutput.Builder.create(this, "AuroraWriterEndpoint").value(aurora.getClusterEndpoint().getHostname())
                .build();
        CfnOutput.Builder.create(this, "AuroraResourceId").value(aurora.getClusterResourceIdentifier()).build();
        CfnOutput.Builder.create(this, "OrdersCdcConsumerRoleArn").value(consumer.getRoleArn()).build();
    }

    /** A Multi-AZ DB cluster (PostgreSQL 16, three instances) whose user {@code billing_cdc} replicates with IAM. */
    private void addMultiAzCluster(Vpc vpc) {
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "MultiAzSecurityGroup")
                .vpc(vpc).description("Multi-AZ DB cluster").allowAllOutbound(false).build();
        CfnDBSubnetGroup subnets = CfnDBSubnetGroup.Builder.create(this, "MultiAzSubnets")
                .dbSubnetGroupDescription("Multi-AZ DB cluster subnets")
                .subnetIds(vpc.selectSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                        .getSubnetIds())
                .build();
        CfnDBCluster cluster = CfnDBCluster.Builder.create(this, "MultiAzCluster")
                .engine("postgres")
                .engineVersion("16.4")
                .dbClusterInstanceClass("db.m6gd.large")
                .allocatedStorage(100)
                .storageType("io1")
                .iops(1000)
                .masterUsername("postgres")
                .manageMasterUserPassword(true)
                .dbSubnetGroupName(subnets.getRef())
                .vpcSecurityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .storageEncrypted(true)
                .deletionProtection(true)
                .backupRetentionPeriod(7)
                .build();
        cluster.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
        NagSuppressions.addResourceSuppressions(cluster, List.of(defaultPortReason()), true);

        IamReplicationAuth auth = IamReplicationAuth.Builder.create(this, "MultiAzReplicationAuth")
                .target(ReplicationTarget.multiAzCluster(MultiAzClusterProps.builder()
                        .cluster(cluster).vpc(vpc).securityGroups(List.of(securityGroup)).build()))
                .replicationUsers(List.of("billing_cdc"))
                .build();
        Role consumer = consumerRole("BillingCdcConsumer", "May log in to the Multi-AZ cluster as billing_cdc");
        auth.grantConnect(consumer, "billing_cdc");

        CfnOutput.Builder.create(this, "MultiAzWriterEndpoint").value(cluster.getAttrEndpointAddress()).build();
        CfnOutput.Builder.create(this, "MultiAzResourceId").value(cluster.getAttrDbClusterResourceId()).build();
        CfnOutput.Builder.create(this, "BillingCdcConsumerRoleArn").value(consumer.getRoleArn()).build();
    }

    private Role consumerRole(String id, String description) {
        return Role.Builder.create(this, id).description(description).assumedBy(new AccountRootPrincipal()).build();
    }

    private static NagPackSuppression defaultPortReason() {
        return NagPackSuppression.builder().id("AwsSolutions-RDS11").reason("Replication consumers such as Debezium "
                + "are configured for 5432; access is limited by security groups and IAM, not by the port.").build();
    }

    private static NagPackSuppression rotationReason() {
        return NagPackSuppression.builder().id("AwsSolutions-SMG4").reason("The sample leaves admin password "
                + "rotation to the operator; the grant handler reads the secret at every deploy, so it works with "
                + "rotation.").build();
    }
}
