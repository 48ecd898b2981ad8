package io.github.rdsiamreplication.sample;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.rdsiamreplication.cdk.IamReplicationAuth;
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
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.constructs.Construct;

/**
 * A VPC, a PostgreSQL 16 instance whose replication users {@code debezium} and {@code analytics} must
 * log in with IAM, and a consumer role allowed to log in as {@code debezium}. Environment-agnostic:
 * synth needs no AWS account.
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

        NagSuppressions.addResourceSuppressions(database, List.of(
                NagPackSuppression.builder().id("AwsSolutions-RDS11").reason("Replication consumers such as Debezium "
                        + "are configured for 5432; access is limited by security groups and IAM, not by the port.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-SMG4").reason("The sample leaves admin password "
                        + "rotation to the operator; the grant handler reads the secret at every deploy, so it "
                        + "works with rotation.").build()), true);

        IamReplicationAuth auth = IamReplicationAuth.Builder.create(this, "ReplicationAuth")
                .target(ReplicationTarget.instance(database))
                .replicationUsers(List.of("debezium", "analytics"))
                .build();

        Role consumer = Role.Builder.create(this, "DebeziumConsumer")
                .description("Assumed by the Debezium connector: may log in to the database as debezium")
                .assumedBy(new AccountRootPrincipal())
                .build();
        auth.grantConnect(consumer, "debezium");

        CfnOutput.Builder.create(this, "DatabaseEndpoint").value(database.getDbInstanceEndpointAddress())
                .description("Host for replication connections").build();
        CfnOutput.Builder.create(this, "DatabasePort").value(database.getDbInstanceEndpointPort()).build();
        CfnOutput.Builder.create(this, "DatabaseResourceId").value(database.getInstanceResourceId())
                .description("DbiResourceId, the part of rds-db:connect ARNs that names the instance").build();
        CfnOutput.Builder.create(this, "ConsumerRoleArn").value(consumer.getRoleArn()).build();
    }
}
