package com.example.replication;

import io.github.rdsiamreplication.cdk.IamReplicationAuth;
import io.github.rdsiamreplication.cdk.ReplicationTarget;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;

/**
 * A PostgreSQL 16 instance whose replication user {@code debezium} must log in with IAM, and a role allowed
 * to log in as that user: the construct in a few lines, in an app of your own.
 */
public final class GettingStartedApp {
    private GettingStartedApp() {
    }

    /** @param args unused */
    public static void main(String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "GettingStarted");

        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        DatabaseInstance database = DatabaseInstance.Builder.create(stack, "Database")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .vpc(vpc)
                .credentials(Credentials.fromGeneratedSecret("postgres"))
                .storageEncrypted(true)
                .build();

        IamReplicationAuth auth = IamReplicationAuth.Builder.create(stack, "ReplicationAuth")
                .target(ReplicationTarget.instance(database))
                .replicationUsers(List.of("debezium"))
                .build();

        Role consumer = Role.Builder.create(stack, "Consumer").assumedBy(new AccountRootPrincipal()).build();
        auth.grantConnect(consumer, "debezium");

        CfnOutput.Builder.create(stack, "DatabaseEndpoint").value(database.getDbInstanceEndpointAddress()).build();
        CfnOutput.Builder.create(stack, "ConsumerRoleArn").value(consumer.getRoleArn()).build();
        app.synth();
    }
}
