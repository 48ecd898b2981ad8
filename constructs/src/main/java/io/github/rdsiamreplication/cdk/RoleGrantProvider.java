package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.Sha256;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
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

    private final List<ISecurityGroup> securityGroups;
    private final Function handler;
    private final Provider provider;
    private final HandlerOptions options;
    private final String firstOwner;

    private RoleGrantProvider(Construct scope, String id, IVpc vpc, SubnetSelection subnets,
            IamReplicationAuth owner) {
        super(scope, id);
        this.options = owner.handlerOptions();
        this.firstOwner = owner.getNode().getPath();
        securityGroups = options.getSecurityGroups().isEmpty() ? List.of(securityGroup(vpc))
                : options.getSecurityGroups();
        handler = JavaHandlers.function(this, HandlerJar.ROLE_GRANT,
                        "rds-iam-replication: grants rds_iam and rds_replication inside PostgreSQL", TIMEOUT,
                        options)
                .vpc(vpc)
                .vpcSubnets(subnets)
                .securityGroups(securityGroups)
                .paramsAndSecrets(SecretsExtensionLayer.layer())
                .build();
        provider = JavaHandlers.provider(this, options).onEventHandler(handler).build();
        JavaHandlers.applyToFramework(this, options);
        JavaHandlers.recordNagSuppressions(this, handler);
    }

    /**
     * Egress stated narrowly: HTTPS (Secrets Manager) and, added per database by
     * {@link #allowConnectionTo}, the database port to the database's security groups only.
     */
    private SecurityGroup securityGroup(IVpc vpc) {
        SecurityGroup group = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(vpc)
                .description("rds-iam-replication role-grant handler: reaches the databases and Secrets Manager")
                .allowAllOutbound(false)
                .build();
        group.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
                "HTTPS to Secrets Manager (through NAT or a VPC endpoint)");
        return group;
    }

    /**
     * @param stack the stack
     * @param vpc the VPC the handler runs in
     * @param subnets its subnets there
     * @param owner the construct that needs the handler (its handler options)
     * @return the stack's provider for that placement, created on first use
     * @throws IllegalArgumentException when the provider exists with other handler options
     */
    static RoleGrantProvider forPlacement(Stack stack, IVpc vpc, SubnetSelection subnets, IamReplicationAuth owner) {
        List<ISubnet> selected = vpc.selectSubnets(subnets).getSubnets();
        String placement = vpc.getNode().getPath() + "|" + selected.stream().map(s -> s.getNode().getPath())
                .sorted().collect(Collectors.joining(","));
        String id = "RdsIamReplicationHandler" + shortHash(placement);
        Object existing = stack.getNode().tryFindChild(id);
        if (existing instanceof RoleGrantProvider provider) {
            JavaHandlers.requireSameOptions("the role-grant handler of this stack and subnets", provider.firstOwner,
                    provider.options, owner, owner.handlerOptions());
            return provider;
        }
        return new RoleGrantProvider(stack, id, vpc, subnets, owner);
    }

    /** @return the service token for custom resources */
    String serviceToken() {
        return provider.getServiceToken();
    }

    /** Lets the handler read the admin secret (and decrypt it with its key). */
    void allowSecretRead(ISecret secret) {
        secret.grantRead(handler);
    }

    /** Opens the database's port to the handler's security groups, and nothing else. */
    void allowConnectionTo(Connections database, String description) {
        for (ISecurityGroup group : securityGroups) {
            database.allowDefaultPortFrom(group, description);
        }
    }

    private static String shortHash(String text) {
        return Sha256.shortHex(text, 4).toUpperCase(Locale.ROOT);
    }
}
