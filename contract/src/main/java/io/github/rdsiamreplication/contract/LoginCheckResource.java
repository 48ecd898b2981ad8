package io.github.rdsiamreplication.contract;

/**
 * The property contract of {@value #TYPE}, the opt-in custom resource that logs in for replication with
 * an IAM token: the construct writes these keys (and the {@link SettingsInEffect} keys, for the
 * diagnosis), the login-check handler reads them. All are required: the construct always sets them.
 */
public final class LoginCheckResource {
    /** The CloudFormation resource type. */
    public static final String TYPE = "Custom::RdsIamReplicationLoginCheck";

    /** Endpoint address. */
    public static final String HOST = "Host";
    /** Endpoint port. */
    public static final String PORT = "Port";
    /** Database the replication connection logs into. */
    public static final String DATABASE = "Database";
    /** The replication user to log in as. */
    public static final String USER = "User";
    /** A {@link SslMode} property value. */
    public static final String SSL_MODE = "SslMode";
    /** {@code "true"}: a failed login fails the deployment; {@code "false"}: it only warns. */
    public static final String FAIL_ON_REFUSED_LOGIN = "FailOnRefusedLogin";

    /** Data key: {@code succeeded}, {@code refused} or {@code failed}. */
    public static final String DATA_LOGIN = "Login";
    /** Data key: the timeline IDENTIFY_SYSTEM answered (empty when the login failed). */
    public static final String DATA_TIMELINE = "Timeline";

    private LoginCheckResource() {
    }
}
