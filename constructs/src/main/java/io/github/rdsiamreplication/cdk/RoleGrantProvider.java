package io.github.rdsiamreplication.cdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
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
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The role-grant handler Lambda and its Provider: one per stack and network placement (VPC and
 * subnets), shared by every {@link IamReplicationAuth} placed there.
 */
final class RoleGrantProvider extends Construct {
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
        handler = JavaHandlers.function(this, HandlerJar.ROLE_GRANT,
                        "rds-iam-replication: grants rds_iam and rds_replication inside PostgreSQL", TIMEOUT)
                .vpc(vpc)
                .vpcSubnets(subnets)
                .securityGroups(List.of(securityGroup))
                .paramsAndSecrets(SecretsExtensionLayer.layer())
                .build();
        provider = Provider.Builder.create(this, "Provider").onEventHandler(handler).build();
        JavaHandlers.recordNagSuppressions(this, handler);
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

    private static String shortHash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 4).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
