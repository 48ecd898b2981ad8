package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.RebootPolicy;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.RoleNameRules;
import io.github.rdsiamreplication.contract.SslMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Requires IAM authentication for the logical-replication connections of an Amazon RDS for PostgreSQL
 * database: sets {@code rds.logical_replication} and {@code rds.iam_auth_for_replication} to 1 in its
 * parameter group, switches IAM database authentication on, and at deploy time grants {@code rds_iam}
 * and {@code rds_replication} to the replication users inside the database (a custom resource).
 *
 * <pre>{@code
 * IamReplicationAuth auth = IamReplicationAuth.Builder.create(this, "ReplicationAuth")
 *         .target(ReplicationTarget.instance(db))
 *         .replicationUsers(List.of("debezium"))
 *         .build();
 * auth.grantConnect(consumerRole, "debezium");
 * }</pre>
 */
public class IamReplicationAuth extends Construct implements IIamReplicationAuth {
    /** CloudFormation type of the grants custom resource. */
    public static final String RESOURCE_TYPE = "Custom::RdsIamReplicationGrants";

    private final ReplicationTarget target;
    private final List<String> replicationUsers;
    private final IConstruct parameterGroup;
    private final CustomResource grants;
    private CustomResource databaseSettings;
    private HandlerOptions handlerOptions;

    /**
     * @param scope parent construct
     * @param id construct id
     * @param props the properties; see {@link IamReplicationAuthProps}
     */
    public IamReplicationAuth(Construct scope, String id, IamReplicationAuthProps props) {
        super(scope, id);
        if (props == null || props.getTarget() == null) {
            throw SynthChecks.error(this, "target is required: pass ReplicationTarget.instance(...), "
                    + ".auroraCluster(...), .multiAzCluster(...), .importedInstance(...) or .importedCluster(...)");
        }
        if (props.getReplicationGrant() == null || props.getSslMode() == null || props.getDatabaseName() == null
                || props.getDatabaseName().isBlank()) {
            throw SynthChecks.error(this, "replicationGrant, sslMode and databaseName cannot be "
                    + "null or blank; leave them unset for their defaults");
        }
        if (props.getRemovalPolicy() != RemovalPolicy.RETAIN && props.getRemovalPolicy() != RemovalPolicy.DESTROY) {
            throw SynthChecks.error(this, "removalPolicy " + props.getRemovalPolicy() + " is not "
                    + "supported; use RETAIN (keep roles and grants, the default) or DESTROY (undo them)");
        }
        this.target = props.getTarget();
        target.validate();
        ReplicationTarget grantsOn = target.primary(); // a read replica's source; else the target itself
        List<String> problems = RoleNameRules.problemsWith(props.getReplicationUsers(),
                grantsOn.adminUsernameIfKnown());
        if (!problems.isEmpty()) {
            throw SynthChecks.error(this, "replicationUsers: " + String.join("; ", problems));
        }
        this.replicationUsers = List.copyOf(props.getReplicationUsers());
        ISecret adminSecret = props.getAdminSecret() != null ? props.getAdminSecret() : grantsOn.generatedAdminSecret(this);
        if (adminSecret == null) {
            throw SynthChecks.error(this, "the database has no generated admin secret; pass "
                    + "adminSecret: a secret holding JSON with the admin \"username\" and \"password\" (a database "
                    + "restored from a snapshot gets one with SnapshotCredentials.fromGeneratedSecret(\"postgres\"))");
        }

        this.handlerOptions = props.getHandlerOptions() != null ? props.getHandlerOptions()
                : HandlerOptions.defaults();
        this.parameterGroup = target.enableReplicationParameters(this, ReplicationParameters.values(props.isEnabled()));
        target.enableIamAuthentication();
        IConstruct databaseSettings = databaseSettings(props.getRebootPolicy());

        RoleGrantProvider provider = RoleGrantProvider.forPlacement(Stack.of(this), grantsOn.vpc(),
                handlerSubnets(grantsOn.vpc(), props.getVpcSubnets()), this);
        provider.allowSecretRead(adminSecret);
        provider.allowConnectionTo(grantsOn.connections(), "rds-iam-replication role-grant handler");

        this.grants = CustomResource.Builder.create(this, "Grants")
                .serviceToken(provider.serviceToken())
                .resourceType(RESOURCE_TYPE)
                .properties(properties(props, grantsOn, adminSecret))
                .removalPolicy(props.getRemovalPolicy())
                .build();
        grants.getNode().addDependency(target.database());
        grants.getNode().addDependency(parameterGroup);
        if (databaseSettings != null) {
            grants.getNode().addDependency(databaseSettings);
        }
        for (ISecurityGroup group : grantsOn.connections().getSecurityGroups()) {
            grants.getNode().addDependency(group); // holds the ingress rule for the handler
        }
    }

    /**
     * A database made outside the stack gets IAM authentication through the RDS API; any database can
     * have its pending static parameter applied by a controlled reboot. Both wait for "available".
     */
    private IConstruct databaseSettings(RebootPolicy policy) {
        if (policy == null) {
            throw SynthChecks.error(this, "rebootPolicy cannot be null; leave it unset for NEVER");
        }
        if (target.definedInThisStack() && policy == RebootPolicy.NEVER) {
            return null;
        }
        CustomResource settings = DatabaseSettingsProvider.settings(this, target, policy);
        settings.getNode().addDependency(parameterGroup); // the parameters first, then any reboot
        settings.getNode().addDependency(target.database());
        if (!target.definedInThisStack() && policy == RebootPolicy.NEVER) {
            Annotations.of(this).addWarningV2("rds-iam-replication:rebootNeeded", "rds.logical_replication is a "
                    + "static parameter: on a database made outside this stack it applies only after a reboot, and "
                    + "until then IAM authentication for replication does nothing. Reboot the database in a window "
                    + "you choose (the construct's parameterApplyStatus attribute says when: output it with a "
                    + "CfnOutput if you want it in the stack outputs), or set rebootPolicy(RebootPolicy.IF_PENDING)");
        }
        this.databaseSettings = settings;
        return settings;
    }

    private Map<String, Object> properties(IamReplicationAuthProps props, ReplicationTarget grantsOn,
            ISecret adminSecret) {
        Map<String, Object> properties = new TreeMap<>();
        properties.put("Host", grantsOn.endpointAddress());
        properties.put("Port", grantsOn.endpointPort());
        properties.put("Database", props.getDatabaseName());
        properties.put("SecretArn", adminSecret.getSecretArn());
        properties.put("Users", replicationUsers);
        properties.put("CreateUsers", String.valueOf(props.isCreateUsers()));
        properties.put("ReplicationGrant", props.getReplicationGrant().propertyValue());
        properties.put("SslMode", props.getSslMode().propertyValue());
        properties.put("Enabled", String.valueOf(props.isEnabled()));
        return properties;
    }

    private SubnetSelection handlerSubnets(IVpc vpc, SubnetSelection given) {
        SubnetSelection selection = given;
        if (selection == null) {
            if (!vpc.getPrivateSubnets().isEmpty()) {
                return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
            }
            if (vpc.getIsolatedSubnets().isEmpty()) {
                throw SynthChecks.error(this, "the database's VPC has no private "
                        + "or isolated subnets for the handler Lambda; pass vpcSubnets");
            }
            selection = SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        }
        Set<String> isolated = new HashSet<>();
        vpc.getIsolatedSubnets().forEach(s -> isolated.add(s.getNode().getPath()));
        List<ISubnet> chosen = vpc.selectSubnets(selection).getSubnets();
        if (!chosen.isEmpty() && chosen.stream().allMatch(s -> isolated.contains(s.getNode().getPath()))) {
            Annotations.of(this).addWarningV2("rds-iam-replication:isolatedSubnets", "The role-grant handler runs "
                    + "in isolated subnets, which cannot reach Secrets Manager on their own: add an interface VPC "
                    + "endpoint for Secrets Manager (vpc.addInterfaceEndpoint(\"SecretsManager\", "
                    + "InterfaceVpcEndpointOptions.builder().service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)"
                    + ".build())), or pass vpcSubnets with private subnets that have egress");
        }
        return selection;
    }

    /**
     * Imports a construct made in another stack or app, for {@link #grantConnect} and its attributes only
     * (no resources are added).
     *
     * @param scope parent construct
     * @param id construct id
     * @param attributes the resource id and replication users (endpoint optional)
     * @return the imported construct
     */
    public static IIamReplicationAuth fromAttributes(Construct scope, String id,
            IamReplicationAuthAttributes attributes) {
        return new ImportedIamReplicationAuth(scope, id, attributes);
    }

    @Override
    public Grant grantConnect(IGrantable grantee, String user) {
        return DbUserGrants.grantConnect(this, target.resourceId(), replicationUsers, grantee, user);
    }

    @Override
    public String getResourceId() {
        return target.resourceId();
    }

    @Override
    public String getEndpointAddress() {
        return target.endpointAddress();
    }

    @Override
    public String getEndpointPort() {
        return target.endpointPort();
    }

    @Override
    public List<String> getReplicationUsers() {
        return new ArrayList<>(replicationUsers);
    }

    /** @return the parameter group that carries the two parameters (created here or the database's own) */
    public IConstruct getParameterGroup() {
        return parameterGroup;
    }

    /**
     * Whether the database still waits for a reboot to apply {@code rds.logical_replication}:
     * {@code in-sync} or {@code pending-reboot}, read at deploy time by the database-settings custom
     * resource. No stack output is created; pass it to a {@code CfnOutput} to see it there.
     *
     * @return a token for the apply status; Default: null when the construct has no database-settings
     *     resource (a database defined in this stack with {@link RebootPolicy#NEVER}, where CloudFormation
     *     applies the parameter group itself)
     */
    public String getParameterApplyStatus() {
        return databaseSettings == null ? null : databaseSettings.getAttString("ParameterApplyStatus");
    }

    /** @return the options its handler Lambdas are made with (shared ones must match) */
    HandlerOptions handlerOptions() {
        return handlerOptions;
    }

    /** @return the custom resource that runs the grants at deploy time */
    public CustomResource getGrants() {
        return grants;
    }

    /** Fluent builder in the style of the AWS CDK: {@code IamReplicationAuth.Builder.create(scope, id)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final IamReplicationAuthProps.Builder props = IamReplicationAuthProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * @param scope parent construct
         * @param id construct id
         * @return a new builder
         */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @param target the database to configure (required) @return this */
        public Builder target(ReplicationTarget target) {
            props.target(target);
            return this;
        }

        /** @param users replication users, one or more (required) @return this */
        public Builder replicationUsers(List<String> users) {
            props.replicationUsers(users);
            return this;
        }

        /** @param createUsers create missing users as LOGIN roles; default true @return this */
        public Builder createUsers(boolean createUsers) {
            props.createUsers(createUsers);
            return this;
        }

        /** @param adminSecret admin secret; default the database's generated secret @return this */
        public Builder adminSecret(ISecret adminSecret) {
            props.adminSecret(adminSecret);
            return this;
        }

        /** @param vpcSubnets subnets for the handler; default private with egress, else isolated @return this */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /** @param replicationGrant how replication rights are given; default RDS_REPLICATION @return this */
        public Builder replicationGrant(ReplicationGrant replicationGrant) {
            props.replicationGrant(replicationGrant);
            return this;
        }

        /** @param sslMode TLS for the handler; default VERIFY_FULL @return this */
        public Builder sslMode(SslMode sslMode) {
            props.sslMode(sslMode);
            return this;
        }

        /** @param databaseName database the handler logs into; default postgres @return this */
        public Builder databaseName(String databaseName) {
            props.databaseName(databaseName);
            return this;
        }

        /** @param enabled IAM authentication for replication on or off; default true @return this */
        public Builder enabled(boolean enabled) {
            props.enabled(enabled);
            return this;
        }

        /** @param removalPolicy RETAIN (default) or DESTROY, for the grants inside the database @return this */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            props.removalPolicy(removalPolicy);
            return this;
        }

        /** @param rebootPolicy NEVER (default) or IF_PENDING @return this */
        public Builder rebootPolicy(RebootPolicy rebootPolicy) {
            props.rebootPolicy(rebootPolicy);
            return this;
        }

        /** @param handlerOptions options for all its Lambda functions; default HandlerOptions.defaults() @return this */
        public Builder handlerOptions(HandlerOptions handlerOptions) {
            props.handlerOptions(handlerOptions);
            return this;
        }

        /** @return the construct */
        public IamReplicationAuth build() {
            return new IamReplicationAuth(scope, id, props.build());
        }
    }
}
