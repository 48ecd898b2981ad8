package io.github.rdsiamreplication.sample;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.rdsiamreplication.cdk.IamReplicationAuth;
import io.github.rdsiamreplication.cdk.MultiAzClusterProps;
import io.github.rdsiamreplication.cdk.ReplicationTarget;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
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
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.ProvisionedClusterInstanceProps;
import software.amazon.awscdk.services.rds.SnapshotCredentials;
import software.amazon.awscdk.services.rds.StorageType;
import software.constructs.Construct;

/**
 * The matrix variant ({@code -c variant=matrix}): beside the sample's instance, a read replica of it as
 * a publisher, an Aurora PostgreSQL 16 cluster, a Multi-AZ DB cluster (PostgreSQL 16, three instances)
 * and, when {@code -c snapshotIdentifier=...} names a PostgreSQL 16 snapshot, an instance restored from
 * it. Each has its own replication user and a consumer role allowed to log in as that user; all share
 * one role-grant handler (same stack, same subnets). Like the default, everything is removed by
 * {@code cdk destroy}. Much dearer than the default: see the cost notes.
 */
final class SampleMatrix extends Construct {
    /** Annotation id of the note printed when no snapshot is given. */
    static final String NO_SNAPSHOT = "rds-iam-replication-sample:noSnapshot";

    private final ReplicationStack stack;

    /**
     * @param stack the sample stack
     * @param primary the sample's instance, the read replica's source
     * @param settings the snapshot to restore, if any
     */
    SampleMatrix(ReplicationStack stack, DatabaseInstance primary, SampleSettings settings) {
        super(stack, "Matrix");
        this.stack = stack;
        addReadReplica(primary);
        addAuroraCluster();
        addMultiAzCluster();
        if (settings.snapshotIdentifier() != null) {
            addRestoredInstance(settings.snapshotIdentifier(), settings.snapshotAdminUser());
        } else {
            Annotations.of(stack).addInfo("The matrix leaves out the instance restored from a snapshot: pass "
                    + "-c " + SampleSettings.SNAPSHOT_IDENTIFIER + "=<ARN or name of a PostgreSQL 16 DB snapshot in "
                    + "this account and region> (and -c " + SampleSettings.SNAPSHOT_ADMIN_USER + "=<its master user> "
                    + "when it is not " + SampleSettings.DEFAULT_ADMIN_USER + ") to add it [" + NO_SNAPSHOT + "]");
        }
    }

    /** A read replica of the sample's instance as the publisher: consumers connect to it, the grants run on its source. */
    private void addReadReplica(DatabaseInstance primary) {
        DatabaseInstanceReadReplica replica = DatabaseInstanceReadReplica.Builder.create(stack, "Replica")
                .sourceDatabaseInstance(primary)
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .storageType(StorageType.GP3)
                .vpc(stack.sampleVpc())
                .vpcSubnets(stack.isolatedSubnets())
                .deletionProtection(false)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        NagSuppressions.addResourceSuppressions(replica, List.of(ReplicationStack.defaultPortReason(),
                singleAzReason(), noDeletionProtectionReason(),
                NagPackSuppression.builder().id("AwsSolutions-RDS2").reason("A read replica has its source's "
                        + "encryption (CloudFormation refuses StorageEncrypted on a replica); the source is "
                        + "encrypted.").build()), true);
        withConsumer(stack.replicationAuth("ReplicaReplicationAuth", ReplicationTarget.readReplica(replica, primary),
                List.of("replica_cdc")), "ReplicaCdcConsumer", "May log in to the read replica as replica_cdc",
                "Replica", replica.getDbInstanceEndpointAddress());
    }

    /** An Aurora PostgreSQL 16 cluster whose user {@code orders_cdc} replicates with IAM. */
    private void addAuroraCluster() {
        DatabaseCluster aurora = DatabaseCluster.Builder.create(stack, "Aurora")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_4).build()))
                .writer(ClusterInstance.provisioned("writer", ProvisionedClusterInstanceProps.builder()
                        .instanceType(InstanceType.of(InstanceClass.R6G, InstanceSize.LARGE)).build()))
                .vpc(stack.sampleVpc())
                .vpcSubnets(stack.isolatedSubnets())
                .credentials(Credentials.fromGeneratedSecret(SampleSettings.DEFAULT_ADMIN_USER))
                .storageEncrypted(true)
                .deletionProtection(false)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        NagSuppressions.addResourceSuppressions(aurora, List.of(ReplicationStack.rotationReason(),
                noDeletionProtectionReason()), true);
        IamReplicationAuth auth = stack.replicationAuth("AuroraReplicationAuth", ReplicationTarget.auroraCluster(aurora),
                List.of("orders_cdc"));
        withConsumer(auth, "OrdersCdcConsumer", "May log in to the Aurora cluster as orders_cdc", "Aurora",
                aurora.getClusterEndpoint().getHostname());
    }

    /** A Multi-AZ DB cluster (PostgreSQL 16, three instances) whose user {@code billing_cdc} replicates with IAM. */
    private void addMultiAzCluster() {
        Vpc vpc = stack.sampleVpc();
        SecurityGroup securityGroup = SecurityGroup.Builder.create(stack, "MultiAzSecurityGroup")
                .vpc(vpc).description("Multi-AZ DB cluster").allowAllOutbound(false).build();
        CfnDBSubnetGroup subnets = CfnDBSubnetGroup.Builder.create(stack, "MultiAzSubnets")
                .dbSubnetGroupDescription("Multi-AZ DB cluster subnets (three Availability Zones)")
                .subnetIds(vpc.selectSubnets(stack.isolatedSubnets()).getSubnetIds())
                .build();
        CfnDBCluster cluster = CfnDBCluster.Builder.create(stack, "MultiAzCluster")
                .engine("postgres")
                .engineVersion("16.4")
                .dbClusterInstanceClass("db.m6gd.large")
                .allocatedStorage(100)
                .storageType("io1")
                .iops(1000)
                .masterUsername(SampleSettings.DEFAULT_ADMIN_USER)
                .manageMasterUserPassword(true)
                .dbSubnetGroupName(subnets.getRef())
                .vpcSecurityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .storageEncrypted(true)
                .deletionProtection(false)
                .backupRetentionPeriod(1)
                .build();
        cluster.applyRemovalPolicy(RemovalPolicy.DESTROY);
        NagSuppressions.addResourceSuppressions(cluster, List.of(ReplicationStack.defaultPortReason(),
                noDeletionProtectionReason()), true);
        IamReplicationAuth auth = stack.replicationAuth("MultiAzReplicationAuth",
                ReplicationTarget.multiAzCluster(MultiAzClusterProps.builder()
                        .cluster(cluster).vpc(vpc).securityGroups(List.of(securityGroup)).build()),
                List.of("billing_cdc"));
        withConsumer(auth, "BillingCdcConsumer", "May log in to the Multi-AZ cluster as billing_cdc", "MultiAz",
                cluster.getAttrEndpointAddress());
    }

    /**
     * An instance restored from the user's snapshot, whose user {@code reporting_cdc} replicates with IAM;
     * the restore keeps the snapshot's master user and generates a new password for it, which the grants use.
     */
    private void addRestoredInstance(String snapshotIdentifier, String adminUser) {
        DatabaseInstanceFromSnapshot restored = DatabaseInstanceFromSnapshot.Builder.create(stack, "Reporting")
                .snapshotIdentifier(snapshotIdentifier)
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .vpc(stack.sampleVpc())
                .vpcSubnets(stack.isolatedSubnets())
                .credentials(SnapshotCredentials.fromGeneratedSecret(adminUser))
                .multiAz(false)
                .deletionProtection(false)
                .deleteAutomatedBackups(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        NagSuppressions.addResourceSuppressions(restored, List.of(ReplicationStack.defaultPortReason(),
                ReplicationStack.rotationReason(), singleAzReason(), noDeletionProtectionReason(),
                NagPackSuppression.builder().id("AwsSolutions-RDS2").reason("A restored instance keeps the "
                        + "encryption of its snapshot, which the user chooses.").build()), true);
        IamReplicationAuth auth = stack.replicationAuth("ReportingReplicationAuth", ReplicationTarget.instance(restored),
                List.of("reporting_cdc"));
        withConsumer(auth, "ReportingCdcConsumer", "May log in to the restored instance as reporting_cdc", "Reporting",
                restored.getDbInstanceEndpointAddress());
    }

    /** A consumer role allowed to log in as the construct's first user, and the outputs that name them. */
    private void withConsumer(IamReplicationAuth auth, String roleId, String description, String outputPrefix,
            String endpoint) {
        String user = auth.getReplicationUsers().get(0);
        Role consumer = stack.consumerRole(roleId, description);
        auth.grantConnect(consumer, user);
        CfnOutput.Builder.create(stack, outputPrefix + "Endpoint").value(endpoint).build();
        CfnOutput.Builder.create(stack, roleId + "RoleArn").value(consumer.getRoleArn()).build();
    }

    private static NagPackSuppression singleAzReason() {
        return NagPackSuppression.builder().id("AwsSolutions-RDS3").reason("A single-AZ instance keeps the "
                + "sample cheap; production databases would be Multi-AZ.").build();
    }

    private static NagPackSuppression noDeletionProtectionReason() {
        return NagPackSuppression.builder().id("AwsSolutions-RDS10").reason("The sample is meant to be torn "
                + "down with cdk destroy, so it has no deletion protection.").build();
    }
}
