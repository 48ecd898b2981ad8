package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.AllowedTargets;
import io.github.rdsiamreplication.contract.Sha256;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
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
    private final Secret allowList;
    private final Provider provider;
    private final HandlerOptions options;
    private final String firstOwner;
    /** Grants resource path -> its entry; sorted by path, so the list is the same every synth. */
    private final Map<String, Map<String, Object>> allowedTargets = new TreeMap<>();

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
                .build();
        allowList = allowListSecret();
        handler.addEnvironment(AllowedTargets.SECRET_VARIABLE, allowList.getSecretArn());
        allowList.grantRead(handler);
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
     * The allow-list lives in a secret of its own rather than in the function's environment: Lambda allows
     * 4 KB of environment variables, a secret 64 KB. It holds no credential (each grants resource's stack,
     * logical id and properties: endpoints, secret ARNs, users, all in the template), hence no rotation and
     * DESTROY.
     */
    private Secret allowListSecret() {
        Secret secret = Secret.Builder.create(this, "AllowedTargets")
                .description("rds-iam-replication: the databases the role-grant handler may serve (no credential)")
                .secretStringValue(SecretValue.unsafePlainText("[]"))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        NagSuppressions.suppress((CfnSecret) secret.getNode().getDefaultChild(), "AwsSolutions-SMG4",
                "Holds no credential, only the role-grant handler's allow-list (the grants resources' stack, logical "
                        + "ids and properties, all in the template); the construct rewrites it on every deployment.");
        return secret;
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

    /**
     * Lets the handler serve this grants resource, and only as deployed: the handler refuses every event
     * whose stack, logical id and properties are not, together, one of those added here, before it reads
     * the admin secret. So an invoker can choose neither the server nor the users, the grant or the database.
     * The resource then waits for the handler (which waits for its role's permissions) and for the list
     * holding its entry; not for the whole provider: its security group's egress rules grow with the
     * databases, and depending on them all would make the template grow with their square.
     *
     * @param grants the grants resource (one entry each)
     * @param properties its properties, as given to it (tokens for the endpoint and secret)
     */
    void allow(CustomResource grants, Map<String, Object> properties) {
        Stack stack = Stack.of(grants);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(AllowedTargets.STACK_ID, stack.getStackId());
        entry.put(AllowedTargets.LOGICAL_RESOURCE_ID, stack.getLogicalId((CfnElement) grants.getNode().getDefaultChild()));
        entry.put(AllowedTargets.PROPERTIES, new TreeMap<>(properties));
        allowedTargets.put(grants.getNode().getPath(), entry);
        writeAllowedTargets();
        grants.getNode().addDependency(handler, allowList);
    }

    /**
     * (Re)writes the whole list: each construct sharing the handler adds its entry, and the last write holds
     * them all. Rewritten on every addition rather than produced lazily, because a Java producer called back
     * during resolution breaks on older aws-cdk-lib versions (its resolve context cannot be serialized).
     */
    private void writeAllowedTargets() {
        ((CfnSecret) allowList.getNode().getDefaultChild()).setSecretString(
                Stack.of(this).toJsonString(new ArrayList<>(allowedTargets.values())));
    }

    /**
     * Opens the database's port to the handler's security groups, and nothing else. Stated from the
     * handler's side, so that when the database lives in another stack the CDK puts its ingress rule in
     * the handler's stack: in the database's, it would reference the handler's group while this stack's
     * grants depend on the database, a dependency cycle. In one stack the rules are the same either way.
     */
    void allowConnectionTo(Connections database, String description) {
        new Connections(ConnectionsProps.builder().securityGroups(securityGroups).build())
                .allowTo(database, database.getDefaultPort(), description);
    }

    private static String shortHash(String text) {
        return Sha256.shortHex(text, 4).toUpperCase(Locale.ROOT);
    }
}
