package io.github.rdsiamreplication.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.rdsiamreplication.cdk.HandlerOptions;
import io.github.rdsiamreplication.cdk.IamReplicationAuth;
import io.github.rdsiamreplication.cdk.ImportedDatabaseProps;
import io.github.rdsiamreplication.contract.RebootPolicy;
import io.github.rdsiamreplication.cdk.ReplicationTarget;
import io.github.rdsiamreplication.sample.ReplicationStack;
import io.github.rdsiamreplication.sample.SampleSettings;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterAttributes;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseClusterFromSnapshot;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.SnapshotCredentials;
import software.amazon.awscdk.services.rds.IDatabaseCluster;
import software.amazon.awscdk.services.rds.IDatabaseInstance;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AWS Solutions rules over the sample stack: no unsuppressed error, and every suppression has a reason. */
class CdkNagTest {
    @Test
    void theSampleStackHasNoUnsuppressedAwsSolutionsErrors() {
        App app = CdkJsonContext.app();
        ReplicationStack stack = new ReplicationStack(app, ReplicationStack.STACK_NAME, SampleSettings.cheapest());
        assertNoUnsuppressedErrors(app, stack);
    }

    /** The matrix (-c variant=matrix with a snapshot): a replica, Aurora, a Multi-AZ DB cluster, a restored instance. */
    @Test
    void theSampleMatrixHasNoUnsuppressedAwsSolutionsErrors() {
        App app = CdkJsonContext.app();
        ReplicationStack stack = new ReplicationStack(app, ReplicationStack.STACK_NAME,
                SampleSettings.matrix(SampleSnapshotTest.SNAPSHOT));
        assertNoUnsuppressedErrors(app, stack);
    }

    /** Databases made outside the stack and the reboot policy bring the RDS API handlers and a waiter. */
    @Test
    void aBrownfieldStackHasNoUnsuppressedAwsSolutionsErrors() {
        App app = new App();
        Stack stack = new Stack(app, "Brownfield");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        NagSuppressions.addResourceSuppressions(vpc, List.of(NagPackSuppression.builder().id("AwsSolutions-VPC7")
                .reason("The test VPC stands for the user's network; flow logs are the user's choice.").build()), true);
        IDatabaseInstance orders = DatabaseInstance.fromDatabaseInstanceAttributes(stack, "Orders",
                DatabaseInstanceAttributes.builder().instanceIdentifier("orders-db")
                        .instanceEndpointAddress("orders-db.abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .instanceResourceId("db-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(stack, "Sg", "sg-0123456789abcdef0")))
                        .build());
        IamReplicationAuth.Builder.create(stack, "Repl")
                .target(ReplicationTarget.importedInstance(ImportedDatabaseProps.builder().instance(orders).vpc(vpc)
                        .parameterGroupName("orders-pg16").build()))
                .adminSecret(Secret.fromSecretNameV2(stack, "Admin", "orders/admin"))
                .replicationUsers(List.of("debezium"))
                .rebootPolicy(RebootPolicy.IF_PENDING)
                .build();
        IDatabaseCluster billing = DatabaseCluster.fromDatabaseClusterAttributes(stack, "Billing",
                DatabaseClusterAttributes.builder().clusterIdentifier("billing")
                        .clusterEndpointAddress("billing.cluster-abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .clusterResourceIdentifier("cluster-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(stack, "BillingSg", "sg-0abc")))
                        .build());
        IamReplicationAuth.Builder.create(stack, "BillingRepl")
                .target(ReplicationTarget.importedCluster(ImportedDatabaseProps.builder().cluster(billing).vpc(vpc)
                        .parameterGroupName("billing-cluster-pg").build()))
                .adminSecret(Secret.fromSecretNameV2(stack, "BillingAdmin", "billing/admin"))
                .replicationUsers(List.of("billing_cdc"))
                .build();
        assertNoUnsuppressedErrors(app, stack);
    }

    /** The opt-in login check brings one more function, its Provider and an rds-db:connect statement. */
    @Test
    void aStackWithTheLoginCheckHasNoUnsuppressedAwsSolutionsErrors() {
        App app = new App();
        Stack stack = new Stack(app, "LoginCheck");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        NagSuppressions.addResourceSuppressions(vpc, List.of(NagPackSuppression.builder().id("AwsSolutions-VPC7")
                .reason("The test VPC stands for the user's network; flow logs are the user's choice.").build()), true);
        IDatabaseInstance orders = DatabaseInstance.fromDatabaseInstanceAttributes(stack, "Orders",
                DatabaseInstanceAttributes.builder().instanceIdentifier("orders-db")
                        .instanceEndpointAddress("orders-db.abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .instanceResourceId("db-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(stack, "Sg", "sg-0123456789abcdef0")))
                        .build());
        IamReplicationAuth.Builder.create(stack, "Repl")
                .target(ReplicationTarget.importedInstance(ImportedDatabaseProps.builder().instance(orders).vpc(vpc)
                        .parameterGroupName("orders-pg16").build()))
                .adminSecret(Secret.fromSecretNameV2(stack, "Admin", "orders/admin"))
                .replicationUsers(List.of("debezium"))
                .verifyReplicationLogin(true)
                .build();
        assertNoUnsuppressedErrors(app, stack);
    }

    /**
     * An imported cluster whose member instances are listed: the reboot permission names them, so the
     * only wildcard left is rds:DescribeEvents (which has no resource-level permissions), suppressed
     * with its reason; the cluster-member wildcard and its suppression are absent.
     */
    @Test
    void anImportedClusterWithItsMembersListedNeedsNoMemberWildcard() {
        App app = new App();
        Stack stack = new Stack(app, "ScopedReboots");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        NagSuppressions.addResourceSuppressions(vpc, List.of(NagPackSuppression.builder().id("AwsSolutions-VPC7")
                .reason("The test VPC stands for the user's network; flow logs are the user's choice.").build()), true);
        IDatabaseCluster ledger = DatabaseCluster.fromDatabaseClusterAttributes(stack, "Ledger",
                DatabaseClusterAttributes.builder().clusterIdentifier("ledger")
                        .clusterEndpointAddress("ledger.cluster-abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .clusterResourceIdentifier("cluster-ABCDEFGHIJKLMNOPQRSTUVWX34")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(stack, "LedgerSg", "sg-0def")))
                        .build());
        IamReplicationAuth.Builder.create(stack, "LedgerRepl")
                .target(ReplicationTarget.importedCluster(ImportedDatabaseProps.builder().cluster(ledger).vpc(vpc)
                        .parameterGroupName("ledger-cluster-pg")
                        .memberInstanceIdentifiers(List.of("ledger-1", "ledger-2")).build()))
                .adminSecret(Secret.fromSecretNameV2(stack, "LedgerAdmin", "ledger/admin"))
                .replicationUsers(List.of("ledger_cdc"))
                .rebootPolicy(RebootPolicy.IF_PENDING)
                .build();
        assertNoUnsuppressedErrors(app, stack);
        String template = Template.fromStack(stack).toJSON().toString();
        assertThat(template).doesNotContain(":db:*").doesNotContain("are not known at synth and none were given")
                .contains("rds:DescribeEvents supports no resource-level permissions");
    }

    /** A read replica as the publisher, an Aurora cluster restored from a snapshot, and handler options. */
    @Test
    void aReplicaAndARestoredClusterWithHandlerOptionsHaveNoUnsuppressedAwsSolutionsErrors() {
        App app = new App();
        Stack stack = new Stack(app, "Reach");
        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        NagSuppressions.addResourceSuppressions(vpc, List.of(NagPackSuppression.builder().id("AwsSolutions-VPC7")
                .reason("The test VPC stands for the user's network; flow logs are the user's choice.").build()), true);
        SubnetSelection privateSubnets = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
        SecurityGroup handlerGroup = SecurityGroup.Builder.create(stack, "HandlerGroup").vpc(vpc)
                .description("role-grant handler").build();
        HandlerOptions options = HandlerOptions.builder().architecture(Architecture.ARM_64).memorySize(1024)
                .logRetention(RetentionDays.THREE_MONTHS).securityGroups(List.of(handlerGroup)).build();

        DatabaseInstance primary = DatabaseInstance.Builder.create(stack, "Primary")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO)).vpc(vpc).vpcSubnets(privateSubnets)
                .credentials(Credentials.fromGeneratedSecret("postgres")).storageEncrypted(true).multiAz(true)
                .deletionProtection(true).build();
        DatabaseInstanceReadReplica replica = DatabaseInstanceReadReplica.Builder.create(stack, "Replica")
                .sourceDatabaseInstance(primary).instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .vpc(vpc).vpcSubnets(privateSubnets).storageEncrypted(true).multiAz(true).deletionProtection(true).build();
        IamReplicationAuth.Builder.create(stack, "ReplicaRepl").target(ReplicationTarget.readReplica(replica, primary))
                .replicationUsers(List.of("debezium")).handlerOptions(options).build();

        DatabaseClusterFromSnapshot restored = DatabaseClusterFromSnapshot.Builder.create(stack, "Restored")
                .snapshotIdentifier("arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:orders")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_4).build()))
                .writer(ClusterInstance.provisioned("writer")).vpc(vpc).vpcSubnets(privateSubnets).storageEncrypted(true)
                .deletionProtection(true).snapshotCredentials(SnapshotCredentials.fromGeneratedSecret("postgres"))
                .build();
        IamReplicationAuth.Builder.create(stack, "RestoredRepl").target(ReplicationTarget.auroraCluster(restored))
                .replicationUsers(List.of("orders_cdc")).handlerOptions(options).build();

        for (software.constructs.IConstruct database : List.of(primary, replica, restored)) {
            NagSuppressions.addResourceSuppressions(database, List.of(
                    NagPackSuppression.builder().id("AwsSolutions-RDS11").reason("Consumers are configured for "
                            + "5432; access is limited by security groups and IAM.").build(),
                    NagPackSuppression.builder().id("AwsSolutions-SMG4").reason("Admin password rotation is the "
                            + "operator's choice; the grant handler reads the secret at every deploy.").build()),
                    true);
        }
        assertNoUnsuppressedErrors(app, stack);
    }

    /** Runs the AWS Solutions pack over the app and expects no error that is not suppressed with a reason. */
    private static void assertNoUnsuppressedErrors(App app, Stack stack) {
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));

        List<SynthesisMessage> errors = Annotations.fromStack(stack)
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertThat(errors.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).collect(Collectors.toList()))
                .isEmpty();
    }
}
