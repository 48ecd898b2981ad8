package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.DatabaseSettingsResource;
import io.github.rdsiamreplication.contract.GrantsResource;
import io.github.rdsiamreplication.contract.RebootPolicy;
import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.RoleNameRules;
import io.github.rdsiamreplication.contract.SettingsInEffect;
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
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
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
    public static final String RESOURCE_TYPE = GrantsResource.TYPE;

    private final ReplicationTarget target;
    private final List<String> replicationUsers;
    private final String databaseName;
    private final IConstruct parameterGroup;
    private final CustomResource grants;
    private final CustomResource loginCheck;
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
        warnAboutWeakTls(props.getSslMode());
        this.target = props.getTarget();
        ReplicationTarget grantsOn = target.primary(); // a read replica's source; else the target itself
        List<String> problems = RoleNameRules.problemsWith(props.getReplicationUsers(),
                grantsOn.adminUsernameIfKnown());
        if (!problems.isEmpty()) {
            throw SynthChecks.error(this, "replicationUsers: " + String.join("; ", problems));
        }
        this.replicationUsers = List.copyOf(props.getReplicationUsers());
        this.databaseName = props.getDatabaseName();
        ISecret adminSecret = props.getAdminSecret() != null ? props.getAdminSecret() : grantsOn.generatedAdminSecret(this);
        if (adminSecret == null) {
            throw SynthChecks.error(this, "the database has no generated admin secret (one made outside the "
                    + "stack never has; a Multi-AZ DB cluster has one only with manageMasterUserPassword: true; a "
                    + "database restored from a snapshot only with SnapshotCredentials.fromGeneratedSecret(\"postgres\")): "
                    + "pass adminSecret on IamReplicationAuth: a secret holding JSON with the admin \"username\" and "
                    + "\"password\"");
        }

        this.handlerOptions = props.getHandlerOptions() != null ? props.getHandlerOptions()
                : HandlerOptions.defaults();
        // Checks the engine, then the parameters and (in the template) IAM database authentication.
        ReplicationTarget.Binding binding = target.bind(this, ReplicationParameters.values(props.isEnabled()));
        this.parameterGroup = binding.parameterGroup();
        if (parameterGroup instanceof CustomResource patch) {
            // A group made outside the stack: RETAIN leaves the parameters on, DESTROY puts back what it found.
            patch.applyRemovalPolicy(props.getRemovalPolicy());
        }
        IConstruct databaseSettings = databaseSettings(binding.settingsThroughRdsApi(), props.getRebootPolicy(),
                props.isApplyOtherPendingChanges());

        SubnetSelection subnets = handlerSubnets(grantsOn.vpc(), props.getVpcSubnets());
        RoleGrantProvider provider = RoleGrantProvider.forPlacement(Stack.of(this), grantsOn.vpc(), subnets, this);
        provider.allowSecretRead(adminSecret);
        provider.allowConnectionTo(grantsOn.connections(), "rds-iam-replication role-grant handler");

        Map<String, Object> grantsProperties = properties(props, grantsOn, adminSecret);
        this.grants = CustomResource.Builder.create(this, "Grants")
                .serviceToken(provider.serviceToken())
                .resourceType(RESOURCE_TYPE)
                .properties(grantsProperties)
                .removalPolicy(props.getRemovalPolicy())
                .build();
        grants.getNode().addDependency(target.database());
        grants.getNode().addDependency(parameterGroup);
        provider.allow(grants, grantsProperties);
        if (databaseSettings != null) {
            grants.getNode().addDependency(databaseSettings);
        }
        for (ISecurityGroup group : grantsOn.connections().getSecurityGroups()) {
            grants.getNode().addDependency(group); // holds the ingress rule for the handler
        }
        this.loginCheck = loginCheck(props, subnets);
    }

    /** The opt-in login check, after the grants; null when not asked for. */
    private CustomResource loginCheck(IamReplicationAuthProps props, SubnetSelection subnets) {
        String user = props.getVerifyReplicationLoginUser();
        if (!props.isVerifyReplicationLogin()) {
            if (user != null) {
                throw SynthChecks.error(this, "verifyReplicationLoginUser is set but verifyReplicationLogin is "
                        + "false; set verifyReplicationLogin(true), or drop verifyReplicationLoginUser");
            }
            return null;
        }
        if (!props.isEnabled()) {
            throw SynthChecks.error(this, "verifyReplicationLogin needs IAM authentication for replication, but "
                    + "enabled is false; set verifyReplicationLogin(false) while it is switched off");
        }
        String loginUser = user != null ? user : replicationUsers.get(0);
        if (!replicationUsers.contains(loginUser)) {
            throw SynthChecks.error(this, "verifyReplicationLoginUser '" + loginUser + "' is not one of the "
                    + "replicationUsers " + replicationUsers + "; name one of them");
        }
        return new ReplicationLoginCheck(this, target, subnets, grants, new ReplicationLoginCheck.Settings(
                props.getDatabaseName(), loginUser, props.getSslMode(), props.isFailOnRefusedLogin())).resource();
    }

    /** Warning id for {@link SslMode#REQUIRE}, to acknowledge with {@code Annotations.acknowledgeWarning}. */
    static final String SSL_REQUIRE_WARNING = "rds-iam-replication:sslModeRequire";
    /** Warning id for {@link SslMode#DISABLE}, to acknowledge with {@code Annotations.acknowledgeWarning}. */
    static final String SSL_DISABLE_WARNING = "rds-iam-replication:sslModeDisable";

    /** TLS weaker than verify-full exposes the master password: say so at synth, in a way users can acknowledge. */
    private void warnAboutWeakTls(SslMode sslMode) {
        if (sslMode == SslMode.REQUIRE) {
            Annotations.of(this).addWarningV2(SSL_REQUIRE_WARNING, "sslMode REQUIRE encrypts but does not check "
                    + "the server's certificate: whoever answers at the database address (a spoofed DNS name, another "
                    + "host in the VPC) can ask for the password in clear and receives the master password. Use "
                    + "SslMode.VERIFY_FULL (the default) for RDS; keep REQUIRE only for self-managed or test servers "
                    + "and acknowledge this warning there");
        } else if (sslMode == SslMode.DISABLE) {
            Annotations.of(this).addWarningV2(SSL_DISABLE_WARNING, "sslMode DISABLE sends the master password and "
                    + "every statement in clear over the network. Use SslMode.VERIFY_FULL (the default) for RDS; keep "
                    + "DISABLE only for local test servers and acknowledge this warning there");
        }
    }

    /**
     * A database made outside the stack gets IAM authentication through the RDS API; any database can
     * have its pending static parameter applied by a controlled reboot. Both wait for "available".
     */
    private IConstruct databaseSettings(boolean throughRdsApi, RebootPolicy policy, boolean applyOtherPendingChanges) {
        if (policy == null) {
            throw SynthChecks.error(this, "rebootPolicy cannot be null; leave it unset for NEVER");
        }
        if (applyOtherPendingChanges && policy != RebootPolicy.IF_PENDING) {
            throw SynthChecks.error(this, "applyOtherPendingChanges(true) only matters when the construct "
                    + "reboots: set rebootPolicy(RebootPolicy.IF_PENDING), or remove applyOtherPendingChanges");
        }
        if (!throughRdsApi && policy == RebootPolicy.NEVER) {
            return null;
        }
        CustomResource settings = DatabaseSettingsProvider.settings(this, target, policy, applyOtherPendingChanges);
        settings.getNode().addDependency(parameterGroup); // the parameters first, then any reboot
        settings.getNode().addDependency(target.database());
        if (throughRdsApi && policy == RebootPolicy.NEVER) {
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
        properties.put(GrantsResource.HOST, grantsOn.endpointAddress());
        properties.put(GrantsResource.PORT, grantsOn.endpointPort());
        properties.put(GrantsResource.DATABASE, props.getDatabaseName());
        properties.put(GrantsResource.SECRET_ARN, adminSecret.getSecretArn());
        properties.put(GrantsResource.USERS, replicationUsers);
        properties.put(GrantsResource.CREATE_USERS, String.valueOf(props.isCreateUsers()));
        properties.put(GrantsResource.REPLICATION_GRANT, props.getReplicationGrant().propertyValue());
        properties.put(GrantsResource.SSL_MODE, props.getSslMode().propertyValue());
        properties.put(GrantsResource.ENABLED, String.valueOf(props.isEnabled()));
        // RETAIN: CloudFormation never sends a Delete, so the handler refuses to undo on one that arrives.
        properties.put(GrantsResource.UNDO_ON_DELETE, String.valueOf(props.getRemovalPolicy() == RemovalPolicy.DESTROY));
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
        return databaseSettings == null ? null : databaseSettings.getAttString(DatabaseSettingsResource.DATA_PARAMETER_APPLY_STATUS);
    }

    /** @return the options its handler Lambdas are made with (shared ones must match) */
    HandlerOptions handlerOptions() {
        return handlerOptions;
    }

    /** @return the custom resource that runs the grants at deploy time */
    public CustomResource getGrants() {
        return grants;
    }

    /**
     * @return the login check's custom resource (its attribute {@code Login} is {@code succeeded},
     *     {@code refused} or {@code failed}), or null when {@code verifyReplicationLogin} is false (the default)
     */
    public CustomResource getLoginCheck() {
        return loginCheck;
    }

    /** @return {@code wal_level} in effect after the grants ({@code logical} once the parameter applied) */
    public String getAttrWalLevel() {
        return grants.getAttString(SettingsInEffect.WAL_LEVEL);
    }

    /** @return {@code rds.logical_replication} in effect: {@code on}, {@code off} (waits for a reboot) or {@code absent} */
    public String getAttrLogicalReplication() {
        return grants.getAttString(SettingsInEffect.LOGICAL_REPLICATION);
    }

    /** @return {@code rds.iam_auth_for_replication} in effect: {@code on}, {@code off} or {@code absent} */
    public String getAttrIamAuthForReplication() {
        return grants.getAttString(SettingsInEffect.IAM_AUTH_FOR_REPLICATION);
    }

    /** @return replication users not in {@code rds_iam} (directly or inherited), comma-separated; empty when none */
    public String getAttrUsersWithoutRdsIam() {
        return grants.getAttString(SettingsInEffect.USERS_WITHOUT_RDS_IAM);
    }

    /** @return replication users without {@code rds_replication} (or REPLICATION), comma-separated; empty when none */
    public String getAttrUsersWithoutRdsReplication() {
        return grants.getAttString(SettingsInEffect.USERS_WITHOUT_RDS_REPLICATION);
    }

    /** @return {@code true} when IAM authentication for replication is in effect for every user, else {@code false} */
    public String getAttrInEffect() {
        return grants.getAttString(SettingsInEffect.IN_EFFECT);
    }

    /** @return why it is not in effect yet and what to do (reboot, wait for the parameter); empty when it is */
    public String getAttrAdvice() {
        return grants.getAttString(SettingsInEffect.ADVICE);
    }

    /**
     * @return {@code OldestReplicationSlotLag} (bytes of WAL the most lagging slot holds back), maximum over
     *     5 minutes, for DB instances and Aurora PostgreSQL clusters
     * @throws IllegalArgumentException for Multi-AZ DB clusters and imported clusters (see README)
     */
    public Metric metricOldestReplicationSlotLag() {
        return metricOldestReplicationSlotLag(null);
    }

    /**
     * @param options overrides of the metric options. Default: statistic Maximum, period 5 minutes
     * @return the metric
     */
    public Metric metricOldestReplicationSlotLag(MetricOptions options) {
        return new ReplicationMetrics(this, target).metric(ReplicationMetrics.OLDEST_REPLICATION_SLOT_LAG, options);
    }

    /** @return {@code TransactionLogsDiskUsage} (bytes of WAL on disk), maximum over 5 minutes */
    public Metric metricTransactionLogsDiskUsage() {
        return metricTransactionLogsDiskUsage(null);
    }

    /**
     * @param options overrides of the metric options. Default: statistic Maximum, period 5 minutes
     * @return the metric
     */
    public Metric metricTransactionLogsDiskUsage(MetricOptions options) {
        return new ReplicationMetrics(this, target).metric(ReplicationMetrics.TRANSACTION_LOGS_DISK_USAGE, options);
    }

    /** @return {@code ReplicationSlotDiskUsage} (bytes of replication slot files), maximum over 5 minutes */
    public Metric metricReplicationSlotDiskUsage() {
        return metricReplicationSlotDiskUsage(null);
    }

    /**
     * @param options overrides of the metric options. Default: statistic Maximum, period 5 minutes
     * @return the metric
     */
    public Metric metricReplicationSlotDiskUsage(MetricOptions options) {
        return new ReplicationMetrics(this, target).metric(ReplicationMetrics.REPLICATION_SLOT_DISK_USAGE, options);
    }

    /**
     * @return {@code IamDbAuthConnectionRequests}, sum over 5 minutes (DB instances only: Aurora does not
     *     publish it)
     */
    public Metric metricIamDbAuthConnectionRequests() {
        return metricIamDbAuthConnectionRequests(null);
    }

    /**
     * @param options overrides of the metric options. Default: statistic Sum, period 5 minutes
     * @return the metric
     */
    public Metric metricIamDbAuthConnectionRequests(MetricOptions options) {
        return new ReplicationMetrics(this, target).metric(ReplicationMetrics.IAM_DB_AUTH_CONNECTION_REQUESTS,
                options);
    }

    /** @return the slot-health alarms with their defaults; see {@link #alarms(SlotHealthAlarmProps)} */
    public SlotHealthAlarms alarms() {
        return alarms(SlotHealthAlarmProps.builder().build());
    }

    /**
     * Creates the slot-health alarms: OldestReplicationSlotLag over the threshold, and (DB instances)
     * FreeStorageSpace under it, each for {@code evaluationPeriods} periods in a row. No actions are added.
     *
     * @param props thresholds. Default: 1 GiB lag, 5 GiB free storage, 3 periods of 5 minutes
     * @return the alarms
     */
    public SlotHealthAlarms alarms(SlotHealthAlarmProps props) {
        return new SlotHealthAlarms(this, new ReplicationMetrics(this, target), props);
    }

    /**
     * @param user one of the replication users
     * @return the Debezium PostgreSQL connector properties for {@code user}, sorted: host, port, this
     *     construct's database, the IAM connection factory of the {@code debezium-iam} module, the stack's
     *     region, sslmode verify-full with the RDS CA bundle carried in that module's jar
     */
    public Map<String, String> debeziumConnectorProperties(String user) {
        return debeziumConnectorProperties(user, databaseName, null);
    }

    /**
     * @param user one of the replication users
     * @param database the database with the publication and slot. Default: the construct's databaseName
     * @param caBundlePath a CA bundle file on the connector's machine for {@code database.sslrootcert}.
     *     Default (null): the RDS CA bundle in the connection factory's jar
     * @return the properties, sorted by name
     */
    public Map<String, String> debeziumConnectorProperties(String user, String database, String caBundlePath) {
        if (user == null || !replicationUsers.contains(user)) {
            throw SynthChecks.error(this, "debeziumConnectorProperties: '" + user + "' is not one of the "
                    + "replicationUsers " + replicationUsers + "; only they can log in with IAM for replication");
        }
        return DebeziumConnectorProperties.of(target.endpointAddress(), target.endpointPort(),
                database == null ? databaseName : database, user, Stack.of(this).getRegion(), caBundlePath);
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

        /**
         * @param target the database to configure (required)
         * @return this
         */
        public Builder target(ReplicationTarget target) {
            props.target(target);
            return this;
        }

        /**
         * @param users replication users, one or more (required)
         * @return this
         */
        public Builder replicationUsers(List<String> users) {
            props.replicationUsers(users);
            return this;
        }

        /**
         * @param createUsers create missing users as LOGIN roles. Default: true
         * @return this
         */
        public Builder createUsers(boolean createUsers) {
            props.createUsers(createUsers);
            return this;
        }

        /**
         * @param adminSecret secret with the admin username and password. Default: the database's generated
         *     (or RDS-managed) secret, none for imported databases (see {@link IamReplicationAuthProps#getAdminSecret})
         * @return this
         */
        public Builder adminSecret(ISecret adminSecret) {
            props.adminSecret(adminSecret);
            return this;
        }

        /**
         * @param vpcSubnets subnets for the handler. Default: private with egress, else isolated
         * @return this
         */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /**
         * @param replicationGrant how replication rights are given. Default: RDS_REPLICATION
         * @return this
         */
        public Builder replicationGrant(ReplicationGrant replicationGrant) {
            props.replicationGrant(replicationGrant);
            return this;
        }

        /**
         * @param sslMode TLS for the handler. Default: VERIFY_FULL
         * @return this
         */
        public Builder sslMode(SslMode sslMode) {
            props.sslMode(sslMode);
            return this;
        }

        /**
         * @param databaseName the database the replication users read (login check, Debezium properties). Default: postgres
         * @return this
         */
        public Builder databaseName(String databaseName) {
            props.databaseName(databaseName);
            return this;
        }

        /**
         * @param enabled IAM authentication for replication on or off. Default: true
         * @return this
         */
        public Builder enabled(boolean enabled) {
            props.enabled(enabled);
            return this;
        }

        /**
         * @param removalPolicy RETAIN or DESTROY: for the grants inside the database and for the parameters
         *     set in a parameter group made outside the stack. Default: RETAIN
         * @return this
         */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            props.removalPolicy(removalPolicy);
            return this;
        }

        /**
         * @param rebootPolicy NEVER or IF_PENDING. Default: NEVER
         * @return this
         */
        public Builder rebootPolicy(RebootPolicy rebootPolicy) {
            props.rebootPolicy(rebootPolicy);
            return this;
        }

        /**
         * @param verify log in for replication with an IAM token after the grants. Default: false
         * @return this
         */
        public Builder verifyReplicationLogin(boolean verify) {
            props.verifyReplicationLogin(verify);
            return this;
        }

        /**
         * @param user the user the login check logs in as. Default: the first replication user
         * @return this
         */
        public Builder verifyReplicationLoginUser(String user) {
            props.verifyReplicationLoginUser(user);
            return this;
        }

        /**
         * @param fail a failed login check fails the deployment (false: warns). Default: true
         * @return this
         */
        public Builder failOnRefusedLogin(boolean fail) {
            props.failOnRefusedLogin(fail);
            return this;
        }

        /**
         * @param apply let an IF_PENDING reboot apply the instance's other pending modifications too
         *     (otherwise the deploy fails listing them). Default: false
         * @return this
         */
        public Builder applyOtherPendingChanges(boolean apply) {
            props.applyOtherPendingChanges(apply);
            return this;
        }

        /**
         * @param handlerOptions options for all its Lambda functions. Default: HandlerOptions.defaults()
         * @return this
         */
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
