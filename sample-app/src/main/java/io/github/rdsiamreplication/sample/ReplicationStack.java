package io.github.rdsiamreplication.sample;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.rdsiamreplication.cdk.IamReplicationAuth;
import io.github.rdsiamreplication.cdk.ReplicationTarget;
import io.github.rdsiamreplication.contract.LoginCheckResource;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.constructs.Construct;

/**
 * The sample: one PostgreSQL 16 DB instance whose replication users must log in with IAM, a consumer
 * role allowed to log in as one of them, and, with {@code -c variant=matrix}, every other kind of database
 * the construct supports ({@link SampleMatrix}).
 *
 * <p>Built to be cheap and to leave nothing behind: one single-AZ {@code db.t4g.micro} with 20 GiB of gp3,
 * a VPC with isolated subnets only (no NAT gateway, no internet gateway, no public address) and one
 * Secrets Manager interface endpoint in one Availability Zone, through which the construct's handler reads
 * the admin secret. Every database, the construct and every log group are removed by {@code cdk destroy}
 * (no final snapshot, automated backups deleted). The deployment itself proves the feature: the
 * construct's login check logs in for replication as {@code debezium} with an IAM token and fails the
 * deploy, with a diagnosis, if the login is refused.
 *
 * <p>Environment-agnostic: {@code cdk synth} needs no AWS account, looks nothing up (no default VPC) and
 * deploys to whatever account and region the CLI's credentials name.
 */
public class ReplicationStack extends Stack {
    /** The stack name the sample app uses; {@code cdk deploy}/{@code cdk destroy} act on it. */
    public static final String STACK_NAME = "RdsIamReplicationSample";
    /** The replication user the consumer role may log in as, and the login check logs in as. */
    public static final String CONSUMER_USER = "debezium";

    private final SampleSettings settings;
    private final Vpc vpc;
    private final InterfaceVpcEndpoint secretsManager;

    /**
     * The default variant (one instance).
     *
     * @param scope the app
     * @param id the stack name
     */
    public ReplicationStack(Construct scope, String id) {
        this(scope, id, SampleSettings.cheapest());
    }

    /**
     * @param scope the app
     * @param id the stack name
     * @param settings what to deploy
     */
    public ReplicationStack(Construct scope, String id, SampleSettings settings) {
        super(scope, id, StackProps.builder()
                .description("rds-iam-replication sample (" + settings.variant().contextValue()
                        + "): IAM authentication for logical replication")
                .build());
        this.settings = settings;
        this.vpc = vpc();
        this.secretsManager = secretsManagerEndpoint();

        DatabaseInstance database = DatabaseInstance.Builder.create(this, "Database")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_16).build()))
                .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO))
                .allocatedStorage(20)
                .storageType(StorageType.GP3)
                .vpc(vpc)
                .vpcSubnets(isolatedSubnets())
                .credentials(Credentials.fromGeneratedSecret(SampleSettings.DEFAULT_ADMIN_USER))
                .storageEncrypted(true)
                .multiAz(false)
                .deletionProtection(false)
                .deleteAutomatedBackups(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        NagSuppressions.addResourceSuppressions(database, List.of(defaultPortReason(), rotationReason(),
                NagPackSuppression.builder().id("AwsSolutions-RDS3").reason("A single-AZ instance keeps the "
                        + "sample cheap; production databases would be Multi-AZ.").build(),
                NagPackSuppression.builder().id("AwsSolutions-RDS10").reason("The sample is meant to be torn "
                        + "down with cdk destroy, so it has no deletion protection.").build()), true);

        IamReplicationAuth auth = replicationAuth("ReplicationAuth", ReplicationTarget.instance(database),
                List.of(CONSUMER_USER, "analytics"));
        Role consumer = consumerRole("DebeziumConsumer", "Assumed by the Debezium connector: may log in to the "
                + "DB instance as " + CONSUMER_USER);
        auth.grantConnect(consumer, CONSUMER_USER);

        CfnOutput.Builder.create(this, "DatabaseEndpoint").value(database.getDbInstanceEndpointAddress())
                .description("Host for replication connections").build();
        CfnOutput.Builder.create(this, "DatabasePort").value(database.getDbInstanceEndpointPort()).build();
        CfnOutput.Builder.create(this, "DatabaseResourceId").value(database.getInstanceResourceId())
                .description("DbiResourceId, the part of rds-db:connect ARNs that names the instance").build();
        CfnOutput.Builder.create(this, "ConsumerRoleArn").value(consumer.getRoleArn()).build();
        CfnOutput.Builder.create(this, "ReplicationLogin")
                .description("How the login check's replication login as " + CONSUMER_USER + " with an IAM token "
                        + "went at deploy time, from inside the VPC (a refused login fails the deploy)")
                .value(auth.getLoginCheck().getAttString(LoginCheckResource.DATA_LOGIN)).build();
        CfnOutput.Builder.create(this, "VerifyCommand")
                .description("The same check again, from a clone of the repository on a host that reaches the "
                        + "database, with credentials allowed rds-db:connect as " + CONSUMER_USER)
                .value(Fn.join("", List.of("mvn -q -B -pl replication-client -am -DskipTests -Pverify-login package "
                        + "\"-Dexec.args=--host ", database.getDbInstanceEndpointAddress(), " --port ",
                        database.getDbInstanceEndpointPort(), " --user " + CONSUMER_USER + " --region ", getRegion(),
                        "\"")))
                .build();

        if (settings.variant() == SampleSettings.Variant.MATRIX) {
            new SampleMatrix(this, database, settings);
        }
        Aspects.of(this).add(new DestroyLogGroups());
    }

    /**
     * An environment-agnostic stack gets two Availability Zones; the matrix needs three (a Multi-AZ DB
     * cluster spans three), taken from the region at deploy time like the first two.
     *
     * @return two zones for the default variant, three for the matrix
     */
    @Override
    public List<String> getAvailabilityZones() {
        if (settings == null || settings.variant() != SampleSettings.Variant.MATRIX) {
            return super.getAvailabilityZones();
        }
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            zones.add(Fn.select(i, Fn.getAzs()));
        }
        return zones;
    }

    /** Isolated subnets only: no NAT gateway, no internet gateway, nothing reachable from outside. */
    private Vpc vpc() {
        LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                .retention(RetentionDays.ONE_WEEK)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        return Vpc.Builder.create(this, "Vpc")
                .maxAzs(settings.variant() == SampleSettings.Variant.MATRIX ? 3 : 2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder().name("data")
                        .subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                .flowLogs(java.util.Collections.singletonMap("all", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs)).build()))
                .build();
    }

    /**
     * The handler reads the admin secret through Secrets Manager; isolated subnets reach it through this
     * endpoint. One Availability Zone is enough for a handler that runs at deploy time (each zone costs an
     * endpoint-hour), and the endpoint's private DNS name serves the whole VPC.
     */
    private InterfaceVpcEndpoint secretsManagerEndpoint() {
        return vpc.addInterfaceEndpoint("SecretsManager", InterfaceVpcEndpointOptions.builder()
                .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                .subnets(SubnetSelection.builder().subnets(List.of(vpc.getIsolatedSubnets().get(0))).build())
                .privateDnsEnabled(true)
                .build());
    }

    /** @return the VPC's isolated subnets, where every database of the sample lives */
    SubnetSelection isolatedSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }

    /** @return the sample's VPC */
    Vpc sampleVpc() {
        return vpc;
    }

    /**
     * The construct as the sample uses it for every database: removed with the stack (the grants are
     * revoked first), the replication login checked at deploy, the handler after the Secrets Manager
     * endpoint (created before it, deleted after it).
     *
     * @param id construct id
     * @param target the database
     * @param users its replication users; the first is the one the login check logs in as
     * @return the construct
     */
    IamReplicationAuth replicationAuth(String id, ReplicationTarget target, List<String> users) {
        IamReplicationAuth auth = IamReplicationAuth.Builder.create(this, id)
                .target(target)
                .replicationUsers(users)
                .removalPolicy(RemovalPolicy.DESTROY)
                .verifyReplicationLogin(true)
                .build();
        auth.getNode().addDependency(secretsManager);
        Annotations.of(auth).acknowledgeWarning("rds-iam-replication:isolatedSubnets",
                "The sample's VPC has a Secrets Manager interface endpoint instead of a NAT gateway.");
        return auth;
    }

    /**
     * @param id construct id
     * @param description what the role is for
     * @return a role the account's principals may assume (what a consumer would run as)
     */
    Role consumerRole(String id, String description) {
        return Role.Builder.create(this, id).description(description).assumedBy(new AccountRootPrincipal()).build();
    }

    /** @return the reason the sample keeps PostgreSQL's default port */
    static NagPackSuppression defaultPortReason() {
        return NagPackSuppression.builder().id("AwsSolutions-RDS11").reason("Replication consumers such as Debezium "
                + "are configured for 5432; access is limited by security groups and IAM, not by the port.").build();
    }

    /** @return the reason the sample leaves admin password rotation off */
    static NagPackSuppression rotationReason() {
        return NagPackSuppression.builder().id("AwsSolutions-SMG4").reason("The sample leaves admin password "
                + "rotation to the operator; the grant handler reads the secret at every deploy, so it works with "
                + "rotation.").build();
    }
}
