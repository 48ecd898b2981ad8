package io.github.rdsiamreplication.cdk;

import static io.github.rdsiamreplication.cdk.IamReplicationAuthTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseClusterFromSnapshot;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceFromSnapshot;
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.SnapshotCredentials;
import software.amazon.awscdk.services.secretsmanager.Secret;

/** Databases restored from a snapshot, and a read replica as the publisher. */
class SnapshotAndReplicaTargetsTest {
    private static final SubnetSelection ISOLATED = SubnetSelection.builder()
            .subnetType(SubnetType.PRIVATE_ISOLATED).build();

    private static DatabaseInstanceFromSnapshot.Builder restored(TestStacks t, String id) {
        return DatabaseInstanceFromSnapshot.Builder.create(t.stack, id)
                .snapshotIdentifier("arn:aws:rds:eu-west-1:123456789012:snapshot:orders-2026-11-01")
                .engine(TestStacks.postgres(PostgresEngineVersion.VER_16))
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .vpc(t.vpc).vpcSubnets(ISOLATED);
    }

    private static DatabaseInstanceReadReplica.Builder replicaOf(TestStacks t, String id,
            software.amazon.awscdk.services.rds.IDatabaseInstance source) {
        return DatabaseInstanceReadReplica.Builder.create(t.stack, id).sourceDatabaseInstance(source)
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .vpc(t.vpc).vpcSubnets(ISOLATED).storageEncrypted(true);
    }

    @Test
    void anInstanceRestoredFromASnapshotGetsTheGroupIamAuthAndTheGeneratedSecret() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstanceFromSnapshot db = restored(t, "Restored")
                .credentials(SnapshotCredentials.fromGeneratedSecret("postgres")).build();
        t.auth("Repl", ReplicationTarget.instance(db), "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Family", "postgres16",
                "Parameters", TestStacks.requiredParameters()));
        template.hasResourceProperties("AWS::RDS::DBInstance", Map.of(
                "DBSnapshotIdentifier", "arn:aws:rds:eu-west-1:123456789012:snapshot:orders-2026-11-01",
                "EnableIAMDatabaseAuthentication", true,
                "DBParameterGroupName", Map.of("Ref", logicalId(template, "AWS::RDS::DBParameterGroup"))));
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "SecretArn", t.stack.resolve(db.getSecret().getSecretArn()),
                "Host", Map.of("Fn::GetAtt", List.of(logicalId(template, "AWS::RDS::DBInstance"), "Endpoint.Address"))));
    }

    @Test
    void aRestoredInstanceWithoutAGeneratedSecretNeedsAdminSecretAndItsEngineIsChecked() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstanceFromSnapshot noSecret = restored(t, "NoSecret")
                .credentials(SnapshotCredentials.fromPassword(SecretValue.unsafePlainText("from-the-snapshot")))
                .build();
        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.instance(noSecret), "debezium").build())
                .hasMessageContaining("adminSecret").hasMessageContaining("SnapshotCredentials.fromGeneratedSecret");
        t.auth("WithSecret", ReplicationTarget.instance(noSecret), "debezium")
                .adminSecret(Secret.fromSecretNameV2(t.stack, "Admin", "orders/admin")).build();

        DatabaseInstanceFromSnapshot old = restored(t, "Old")
                .engine(TestStacks.postgres(PostgresEngineVersion.VER_10)).build();
        assertThatThrownBy(() -> t.auth("OldRepl", ReplicationTarget.instance(old), "debezium")
                .adminSecret(Secret.fromSecretNameV2(t.stack, "OldAdmin", "old/admin")).build())
                .hasMessageContaining("TestStack/Old").hasMessageContaining("PostgreSQL 11 or later");
    }

    @Test
    void anAuroraClusterRestoredFromASnapshotGetsTheClusterGroupAndIamAuth() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseClusterFromSnapshot cluster = DatabaseClusterFromSnapshot.Builder.create(t.stack, "Restored")
                .snapshotIdentifier("arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:orders")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_4).build()))
                .writer(ClusterInstance.provisioned("writer"))
                .vpc(t.vpc).vpcSubnets(ISOLATED).storageEncrypted(true)
                .snapshotCredentials(SnapshotCredentials.fromGeneratedSecret("postgres"))
                .build();
        t.auth("Repl", ReplicationTarget.auroraCluster(cluster), "debezium").build();

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Map.of("Family", "aurora-postgresql16",
                "Parameters", TestStacks.requiredParameters()));
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of(
                "SnapshotIdentifier", "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:orders",
                "EnableIAMDatabaseAuthentication", true,
                "DBClusterParameterGroupName", Map.of("Ref", logicalId(template, "AWS::RDS::DBClusterParameterGroup"))));
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "SecretArn", t.stack.resolve(cluster.getSecret().getSecretArn())));
    }

    @Test
    void aReadReplicaPublishesWhileTheGrantsRunOnItsSource() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance source = t.instance("Primary");
        DatabaseInstanceReadReplica replica = replicaOf(t, "Replica", source).build();
        IamReplicationAuth auth = t.auth("Repl", ReplicationTarget.readReplica(replica, source), "debezium").build();
        Role consumer = Role.Builder.create(t.stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();
        auth.grantConnect(consumer, "debezium");

        Template template = Template.fromStack(t.stack);
        String primaryId = logicalId(template, "AWS::RDS::DBInstance", "Primary.*");
        String replicaId = logicalId(template, "AWS::RDS::DBInstance", "Replica.*");
        Map<String, Object> logicalOnly = new TreeMap<>(Map.of("rds.logical_replication", "1"));
        template.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Parameters", logicalOnly));
        template.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Parameters",
                TestStacks.requiredParameters()));
        String sourceGroup = logicalId(template, "AWS::RDS::DBParameterGroup", "ReplSource.*");
        String replicaGroup = logicalId(template, "AWS::RDS::DBParameterGroup", "ReplParameterGroup.*");
        template.hasResource("AWS::RDS::DBInstance", Map.of(
                "Properties", Match.objectLike(Map.of("DBParameterGroupName", Map.of("Ref", sourceGroup))),
                "Type", "AWS::RDS::DBInstance"));
        template.hasResource("AWS::RDS::DBInstance", Map.of(
                "Properties", Match.objectLike(Map.of("EnableIAMDatabaseAuthentication", true,
                        "DBParameterGroupName", Map.of("Ref", replicaGroup))),
                "DependsOn", Match.arrayWith(List.of(sourceGroup))));
        template.hasResourceProperties(IamReplicationAuth.RESOURCE_TYPE, Map.of(
                "Host", Map.of("Fn::GetAtt", List.of(primaryId, "Endpoint.Address")),
                "SecretArn", t.stack.resolve(source.getSecret().getSecretArn())));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", "rds-db:connect", "Effect", "Allow", "Resource", Match.objectLike(Map.of(
                        "Fn::Join", List.of("", Match.arrayWith(List.of(
                                Map.of("Fn::GetAtt", List.of(replicaId, "DbiResourceId"))))))))))));
        assertThat(t.stack.resolve(auth.getEndpointAddress()))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(replicaId, "Endpoint.Address")));
    }

    @Test
    void aReplicaBelowPostgres16IsRefusedWithTheRuleAndItsSource() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance source = t.instanceBuilder("Primary")
                .engine(TestStacks.postgres(PostgresEngineVersion.VER_15_7)).build();
        DatabaseInstanceReadReplica replica = replicaOf(t, "Replica", source).build();

        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.readReplica(replica, source), "debezium").build())
                .hasMessageContaining("TestStack/Replica").hasMessageContaining("PostgreSQL 15.7")
                .hasMessageContaining("16.1 or later").hasMessageContaining("Logical decoding on a read replica");
    }

    @Test
    void aReplicaOfAnotherSourceIsRefused() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance source = t.instance("Primary");
        DatabaseInstance other = t.instance("Other");
        DatabaseInstanceReadReplica replica = replicaOf(t, "Replica", source).build();

        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.readReplica(replica, other), "debezium").build())
                .hasMessageContaining("sourceDatabaseInstance is not TestStack/Other");
    }

    @Test
    void aSourceGroupThatTurnsLogicalReplicationOffIsAnError() {
        TestStacks t = TestStacks.withPrivateSubnets();
        ParameterGroup off = ParameterGroup.Builder.create(t.stack, "SourceGroup")
                .engine(TestStacks.postgres(PostgresEngineVersion.VER_16))
                .parameters(new TreeMap<>(Map.of("rds.logical_replication", "0"))).build();
        DatabaseInstance source = t.instanceBuilder("Primary").parameterGroup(off).build();
        DatabaseInstanceReadReplica replica = replicaOf(t, "Replica", source).build();

        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.readReplica(replica, source), "debezium").build())
                .hasMessageContaining("TestStack/SourceGroup sets rds.logical_replication to '0'");
    }

    @Test
    void aReplicaWithIamAuthenticationOffIsAnError() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance source = t.instance("Primary");
        DatabaseInstanceReadReplica replica = replicaOf(t, "Replica", source).iamAuthentication(false).build();

        assertThatThrownBy(() -> t.auth("Repl", ReplicationTarget.readReplica(replica, source), "debezium").build())
                .hasMessageContaining("iamAuthentication on the read replica is false");
    }
}
