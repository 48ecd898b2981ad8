package io.github.rdsiamreplication.cdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The role-grant handler Lambda and its Provider: one per stack and network placement (VPC and
 * subnets), shared by every {@link IamReplicationAuth} placed there.
 */
final class RoleGrantProvider extends Construct {
    /** Handler memory: pgjdbc + a small SDK client start fast with this much (and its CPU share). */
    static final int MEMORY_MB = 512;
    /** Enough for connection retries while a new database settles; under the Provider's 14-minute limit. */
    static final Duration TIMEOUT = Duration.minutes(10);

    private final SecurityGroup securityGroup;
    private final Function handler;
    private final Provider provider;

    private RoleGrantProvider(Construct scope, String id, IVpc vpc, SubnetSelection subnets) {
        super(scope, id);
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(vpc)
                .description("rds-iam-replication role-grant handler: reaches the databases and Secrets Manager")
                .allowAllOutbound(false)
                .build();
        securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to Secrets Manager (through NAT or a VPC endpoint)");
        handler = Function.Builder.create(this, "Handler")
                .description("rds-iam-replication: grants rds_iam and rds_replication inside PostgreSQL")
                .runtime(Runtime.JAVA_21)
                .handler(HandlerJar.HANDLER)
                .code(Code.fromAsset(HandlerJar.file().toString()))
                .memorySize(MEMORY_MB)
                .environment(jvmOptions())
                .timeout(TIMEOUT)
                .vpc(vpc)
                .vpcSubnets(subnets)
                .securityGroups(List.of(securityGroup))
                .build();
        provider = Provider.Builder.create(this, "Provider").onEventHandler(handler).build();
        recordNagSuppressions();
    }

    /** The findings cdk-nag's AWS Solutions pack reports on these resources, and why each is acceptable. */
    private void recordNagSuppressions() {
        NagSuppressions.suppress((CfnResource) handler.getNode().getDefaultChild(), "AwsSolutions-L1",
                "The handler is built and tested for the java21 runtime (Java 17 bytecode); moving to a newer "
                        + "Java runtime is a tested change of its own.");
        for (IConstruct child : getNode().findAll()) {
            if (child instanceof CfnRole role) {
                NagSuppressions.suppress(role, "AwsSolutions-IAM4", "AWS managed policies for Lambda logging "
                        + "(and ENIs in a VPC) are the standard minimum for a Lambda execution role.",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
            } else if (child instanceof CfnPolicy policy && child.getNode().getPath().contains("/Provider/")) {
                NagSuppressions.suppress(policy, "AwsSolutions-IAM5", "The CDK Provider framework may invoke "
                        + "any version of this stack's own role-grant handler function, and nothing else.",
                        "regex:/^Resource::<.*Handler[0-9A-F]+\\.Arn>:\\*$/g");
            }
        }
    }

    /**
     * C1-only JIT: the handler runs once per deploy for about a second, where C2 never pays off; measured
     * 0.77-0.84x of the default cold start (README, Performance).
     */
    private static Map<String, String> jvmOptions() {
        Map<String, String> environment = new TreeMap<>();
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return environment;
    }

    /**
     * @param stack the stack
     * @param vpc the VPC the handler runs in
     * @param subnets its subnets there
     * @return the stack's provider for that placement, created on first use
     */
    static RoleGrantProvider forPlacement(Stack stack, IVpc vpc, SubnetSelection subnets) {
        List<ISubnet> selected = vpc.selectSubnets(subnets).getSubnets();
        String placement = vpc.getNode().getPath() + "|" + selected.stream().map(s -> s.getNode().getPath())
                .sorted().collect(Collectors.joining(","));
        String id = "RdsIamReplicationHandler" + shortHash(placement);
        Object existing = stack.getNode().tryFindChild(id);
        return existing instanceof RoleGrantProvider provider ? provider
                : new RoleGrantProvider(stack, id, vpc, subnets);
    }

    /** @return the service token for custom resources */
    String serviceToken() {
        return provider.getServiceToken();
    }

    /** Lets the handler read the admin secret (and decrypt it with its key). */
    void allowSecretRead(ISecret secret) {
        secret.grantRead(handler);
    }

    /** Opens the database's port to the handler's security group, and nothing else. */
    void allowConnectionTo(Connections database, String description) {
        database.allowDefaultPortFrom(securityGroup, description);
    }

    /** @return the handler function */
    Function handler() {
        return handler;
    }

    private static String shortHash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 4).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
