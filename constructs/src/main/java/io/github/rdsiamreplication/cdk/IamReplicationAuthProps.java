package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.RebootPolicy;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.SslMode;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * Properties of {@link IamReplicationAuth}. Immutable; build with {@link #builder()} or through
 * {@link IamReplicationAuth.Builder}.
 */
public final class IamReplicationAuthProps {
    private final ReplicationTarget target;
    private final List<String> replicationUsers;
    private final boolean createUsers;
    private final ISecret adminSecret;
    private final SubnetSelection vpcSubnets;
    private final ReplicationGrant replicationGrant;
    private final SslMode sslMode;
    private final String databaseName;
    private final boolean enabled;
    private final RemovalPolicy removalPolicy;
    private final RebootPolicy rebootPolicy;
    private final boolean verifyReplicationLogin;
    private final String verifyReplicationLoginUser;
    private final boolean failOnRefusedLogin;
    private final boolean applyOtherPendingChanges;
    private final HandlerOptions handlerOptions;

    private IamReplicationAuthProps(Builder b) {
        this.handlerOptions = b.handlerOptions;
        this.target = b.target;
        this.replicationUsers = b.replicationUsers == null ? null : List.copyOf(b.replicationUsers);
        this.createUsers = b.createUsers;
        this.adminSecret = b.adminSecret;
        this.vpcSubnets = b.vpcSubnets;
        this.replicationGrant = b.replicationGrant;
        this.sslMode = b.sslMode;
        this.databaseName = b.databaseName;
        this.enabled = b.enabled;
        this.removalPolicy = b.removalPolicy;
        this.rebootPolicy = b.rebootPolicy;
        this.verifyReplicationLogin = b.verifyReplicationLogin;
        this.verifyReplicationLoginUser = b.verifyReplicationLoginUser;
        this.failOnRefusedLogin = b.failOnRefusedLogin;
        this.applyOtherPendingChanges = b.applyOtherPendingChanges;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The database to configure. Required.
     *
     * @return the target
     */
    public ReplicationTarget getTarget() {
        return target;
    }

    /**
     * Users that replicate and must log in with IAM; one or more. Required.
     *
     * @return the replication users
     */
    public List<String> getReplicationUsers() {
        return replicationUsers;
    }

    /**
     * Create missing users as LOGIN roles without a password. Default: true.
     *
     * @return whether missing users are created
     */
    public boolean isCreateUsers() {
        return createUsers;
    }

    /**
     * Secret with the admin {@code username} and {@code password} (JSON) the grants run with; the only place
     * the admin secret is set. Default: the secret the target's database generated for its master user (a
     * read replica: its source's; a restored database: the one its snapshot credentials made or named); for
     * a Multi-AZ DB cluster the secret RDS manages when {@code manageMasterUserPassword} is true; none for a
     * database made outside the stack, so synth then asks for it.
     *
     * @return the admin secret
     */
    public ISecret getAdminSecret() {
        return adminSecret;
    }

    /**
     * Subnets for the handler Lambda. Default: the database's VPC, private subnets with egress when it
     * has them, else isolated subnets (then a Secrets Manager VPC endpoint is needed; a warning says so).
     *
     * @return the vpc subnets
     */
    public SubnetSelection getVpcSubnets() {
        return vpcSubnets;
    }

    /**
     * How replication rights are given. Default: {@link ReplicationGrant#RDS_REPLICATION}.
     *
     * @return the replication grant
     */
    public ReplicationGrant getReplicationGrant() {
        return replicationGrant;
    }

    /**
     * TLS for the handler's connection. Default: {@link SslMode#VERIFY_FULL} against the RDS CA bundle.
     *
     * @return the ssl mode
     */
    public SslMode getSslMode() {
        return sslMode;
    }

    /**
     * The database the replication users read: the login check ({@code verifyReplicationLogin}) connects to
     * it and {@code debeziumConnectorProperties} names it. The grants themselves are made from the
     * maintenance database {@code postgres}, where the handler's server-wide ledger and lock live (roles
     * belong to the whole server). Default: {@code postgres}.
     *
     * @return the database name
     */
    public String getDatabaseName() {
        return databaseName;
    }

    /**
     * Whether IAM authentication for replication is on. {@code false} sets
     * {@code rds.iam_auth_for_replication=0} and revokes the {@code rds_iam} this construct granted, so the
     * users may log in with passwords again; their replication rights, IAM database authentication and
     * logical replication stay. Default: true.
     *
     * @return whether IAM authentication for replication is on
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * What happens inside the database when the construct is removed from the stack (or the stack is
     * deleted): {@code RETAIN} keeps the roles and grants; {@code DESTROY} revokes what the construct
     * granted and drops the roles it created that own nothing. The same policy applies to the parameters
     * set in a parameter group made outside the stack: {@code RETAIN} leaves them on, {@code DESTROY} puts
     * back what was there (only where nobody changed the value since). Default: {@code RETAIN}.
     *
     * @return the removal policy
     */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /**
     * What to do when the static parameter waits for a reboot. Default: {@link RebootPolicy#NEVER}.
     *
     * @return the reboot policy
     */
    public RebootPolicy getRebootPolicy() {
        return rebootPolicy;
    }

    /**
     * After the grants, log in for replication as one replication user with a real IAM token, from
     * inside the VPC, and run {@code IDENTIFY_SYSTEM}. Adds a small function allowed {@code rds-db:connect}
     * as that user only. Default: false.
     *
     * @return whether the login check runs
     */
    public boolean isVerifyReplicationLogin() {
        return verifyReplicationLogin;
    }

    /**
     * The user the login check logs in as; one of the replication users. Default: the first replication user.
     *
     * @return the verify replication login user
     */
    public String getVerifyReplicationLoginUser() {
        return verifyReplicationLoginUser;
    }

    /**
     * A login check whose login fails fails the deployment, with a diagnosis; false only logs it as a
     * warning. Default: true.
     *
     * @return whether a refused login fails the deployment
     */
    public boolean isFailOnRefusedLogin() {
        return failOnRefusedLogin;
    }

    /**
     * Whether a reboot under {@link RebootPolicy#IF_PENDING} may go ahead when the instance also has
     * other pending modifications (an instance class or storage change, an engine upgrade...), which
     * the reboot then applies too. When false the deploy fails listing them, before any reboot.
     * Default: {@code false}.
     *
     * @return whether a reboot may apply other pending modifications
     */
    public boolean isApplyOtherPendingChanges() {
        return applyOtherPendingChanges;
    }

    /**
     * Log retention, architecture, memory, security groups, role and permissions boundary of every
     * Lambda function the construct deploys (shared functions: equal options in every construct that
     * shares them). Default: {@link HandlerOptions#defaults()} (one year, X86_64, 512 MB).
     *
     * @return the handler options
     */
    public HandlerOptions getHandlerOptions() {
        return handlerOptions;
    }

    /** Builds {@link IamReplicationAuthProps}. */
    public static final class Builder {
        private ReplicationTarget target;
        private List<String> replicationUsers;
        private boolean createUsers = true;
        private ISecret adminSecret;
        private SubnetSelection vpcSubnets;
        private ReplicationGrant replicationGrant = ReplicationGrant.RDS_REPLICATION;
        private SslMode sslMode = SslMode.VERIFY_FULL;
        private String databaseName = "postgres";
        private boolean enabled = true;
        private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;
        private RebootPolicy rebootPolicy = RebootPolicy.NEVER;
        private boolean verifyReplicationLogin;
        private String verifyReplicationLoginUser;
        private boolean failOnRefusedLogin = true;
        private boolean applyOtherPendingChanges;
        private HandlerOptions handlerOptions;

        private Builder() {
        }

        /**
         * @param verify log in for replication with an IAM token after the grants. Default: false
         * @return this
         */
        public Builder verifyReplicationLogin(boolean verify) {
            this.verifyReplicationLogin = verify;
            return this;
        }

        /**
         * @param user the user the login check logs in as. Default: the first replication user
         * @return this
         */
        public Builder verifyReplicationLoginUser(String user) {
            this.verifyReplicationLoginUser = user;
            return this;
        }

        /**
         * @param fail a failed login check fails the deployment (false: warns). Default: true
         * @return this
         */
        public Builder failOnRefusedLogin(boolean fail) {
            this.failOnRefusedLogin = fail;
            return this;
        }

        /**
         * @param apply let an IF_PENDING reboot apply other pending modifications too. Default: false
         * @return this
         */
        public Builder applyOtherPendingChanges(boolean apply) {
            this.applyOtherPendingChanges = apply;
            return this;
        }

        /**
         * @param handlerOptions options for all its Lambda functions. Default: HandlerOptions.defaults()
         * @return this
         */
        public Builder handlerOptions(HandlerOptions handlerOptions) {
            this.handlerOptions = handlerOptions;
            return this;
        }

        /**
         * @param rebootPolicy NEVER or IF_PENDING. Default: NEVER
         * @return this
         */
        public Builder rebootPolicy(RebootPolicy rebootPolicy) {
            this.rebootPolicy = rebootPolicy;
            return this;
        }

        /**
         * @param enabled IAM authentication for replication on or off. Default: true
         * @return this
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param removalPolicy RETAIN or DESTROY, for the grants inside the database. Default: RETAIN
         * @return this
         */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /**
         * @param target the database to configure (required)
         * @return this
         */
        public Builder target(ReplicationTarget target) {
            this.target = target;
            return this;
        }

        /**
         * @param users replication users, one or more (required)
         * @return this
         */
        public Builder replicationUsers(List<String> users) {
            this.replicationUsers = users;
            return this;
        }

        /**
         * @param createUsers create missing users. Default: true
         * @return this
         */
        public Builder createUsers(boolean createUsers) {
            this.createUsers = createUsers;
            return this;
        }

        /**
         * @param adminSecret secret with the admin username and password. Default: the database's generated
         *     (or RDS-managed) secret, none for imported databases (see {@link IamReplicationAuthProps#getAdminSecret})
         * @return this
         */
        public Builder adminSecret(ISecret adminSecret) {
            this.adminSecret = adminSecret;
            return this;
        }

        /**
         * @param vpcSubnets subnets for the handler. Default: private with egress, else isolated
         * @return this
         */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /**
         * @param replicationGrant how replication rights are given. Default: RDS_REPLICATION
         * @return this
         */
        public Builder replicationGrant(ReplicationGrant replicationGrant) {
            this.replicationGrant = replicationGrant;
            return this;
        }

        /**
         * @param sslMode TLS for the handler. Default: VERIFY_FULL
         * @return this
         */
        public Builder sslMode(SslMode sslMode) {
            this.sslMode = sslMode;
            return this;
        }

        /**
         * @param databaseName the database the replication users read (login check, Debezium properties). Default: postgres
         * @return this
         */
        public Builder databaseName(String databaseName) {
            this.databaseName = databaseName;
            return this;
        }

        /** @return the properties */
        public IamReplicationAuthProps build() {
            return new IamReplicationAuthProps(this);
        }
    }
}
