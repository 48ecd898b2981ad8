package io.github.rdsiamreplication.contract;

/**
 * The property contract of {@value #TYPE}, the custom resource that grants {@code rds_iam} and
 * replication rights inside the database: the construct writes these keys, the role-grant handler
 * reads them. Every scalar travels as a string (CloudFormation turns numbers and booleans into strings).
 */
public final class GrantsResource {
    /** The CloudFormation resource type. */
    public static final String TYPE = "Custom::RdsIamReplicationGrants";

    /** Endpoint address of the server to grant on. Required. */
    public static final String HOST = "Host";
    /** Endpoint port. Required (1 to 65535). */
    public static final String PORT = "Port";
    /** Database the resource names. Default: {@value #DEFAULT_DATABASE}. */
    public static final String DATABASE = "Database";
    /** ARN of the admin secret (JSON with {@code username} and {@code password}). Required. */
    public static final String SECRET_ARN = "SecretArn";
    /** The replication user names, a list. Required. */
    public static final String USERS = "Users";
    /** {@code "true"} or {@code "false"}: create missing users as LOGIN roles. Default: {@value #DEFAULT_CREATE_USERS}. */
    public static final String CREATE_USERS = "CreateUsers";
    /** A {@link ReplicationGrant} property value. Default: {@link #DEFAULT_REPLICATION_GRANT}. */
    public static final String REPLICATION_GRANT = "ReplicationGrant";
    /** A {@link SslMode} property value. Default: {@link #DEFAULT_SSL_MODE}. */
    public static final String SSL_MODE = "SslMode";
    /** {@code "true"} or {@code "false"}: IAM authentication for replication on. Default: {@value #DEFAULT_ENABLED}. */
    public static final String ENABLED = "Enabled";
    /**
     * {@code "true"} or {@code "false"}: a Delete undoes what the resource did. The construct sends
     * {@code "false"} for {@code RemovalPolicy.RETAIN}, where CloudFormation never sends a Delete: one that
     * arrives anyway then changes nothing. Default: {@value #DEFAULT_UNDO_ON_DELETE}.
     */
    public static final String UNDO_ON_DELETE = "UndoOnDelete";
    /**
     * The name of the parameter group in which the switch after the grants sets
     * {@code rds.iam_auth_for_replication} (the Provider's isComplete step, through the RDS API).
     */
    public static final String PARAMETER_GROUP_NAME = "ParameterGroupName";
    /** {@link ParametersResource#KIND_INSTANCE} or {@link ParametersResource#KIND_CLUSTER}: which kind of group. */
    public static final String PARAMETER_GROUP_KIND = "ParameterGroupKind";
    /** What to do about other roles the switch would force to IAM: {@link OtherRolesPolicy}'s property values. */
    public static final String OTHER_ROLES_POLICY = OtherRolesPolicy.PROPERTY;

    /** Default of {@link #DATABASE}. */
    public static final String DEFAULT_DATABASE = "postgres";
    /** Default of {@link #CREATE_USERS}. */
    public static final boolean DEFAULT_CREATE_USERS = true;
    /** Default of {@link #REPLICATION_GRANT}. */
    public static final ReplicationGrant DEFAULT_REPLICATION_GRANT = ReplicationGrant.RDS_REPLICATION;
    /** Default of {@link #SSL_MODE}. */
    public static final SslMode DEFAULT_SSL_MODE = SslMode.VERIFY_FULL;
    /** Default of {@link #ENABLED}. */
    public static final boolean DEFAULT_ENABLED = true;
    /** Default of {@link #UNDO_ON_DELETE}. */
    public static final boolean DEFAULT_UNDO_ON_DELETE = true;

    /** Data key: how many users the resource manages. */
    public static final String DATA_USERS = "Users";
    /** Data key: how many SQL statements the last run executed. */
    public static final String DATA_STATEMENTS = "Statements";

    private GrantsResource() {
    }
}
