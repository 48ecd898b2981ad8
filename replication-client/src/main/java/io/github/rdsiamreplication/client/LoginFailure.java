package io.github.rdsiamreplication.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Why a replication login failed, told apart from what pgjdbc and the AWS SDK throw, with what to do
 * about it. Used by {@link VerifyReplicationLogin}; the text never holds a token (none of the causes it
 * reads carries one).
 */
enum LoginFailure {
    /** No AWS credentials, or none that can sign: the token was never made. */
    CREDENTIALS("no AWS credentials to sign the IAM token with",
            "give the default credentials chain some (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an "
                    + "instance or task role, SSO after `aws sso login`); the principal needs rds-db:connect on "
                    + "the user's dbuser ARN"),
    /** The server answered, but refused the token. */
    REFUSED("the database refused the IAM token",
            "check that the credentials' principal may rds-db:connect as this user (grantConnect, or a policy on "
                    + "arn:aws:rds-db:REGION:ACCOUNT:dbuser:RESOURCE_ID/USER), that the user has rds_iam, that "
                    + "--region is the database's region, that --host is the endpoint name the token was made for "
                    + "(not an IP address or a CNAME), and that this machine's clock is right"),
    /** Logged in, but the user may not start a walsender. */
    NO_REPLICATION_RIGHTS("the login was accepted but the user may not open a replication connection",
            "grant the user rds_replication (the construct does, for its replicationUsers)"),
    /** TLS failed: the server has none, or its certificate was not trusted for that name. */
    TLS("the TLS handshake or the certificate check failed",
            "connect with the endpoint's DNS name (verify-full checks it against the certificate); for a region "
                    + "the embedded Amazon RDS CA bundle does not cover, pass --ca-bundle with AWS's bundle for it"),
    /** The server could not be reached at all. */
    NETWORK("the database could not be reached",
            "run this where the database's security group lets you in on its port: the sample's database is in "
                    + "isolated subnets, so from inside its VPC (an instance or a CloudShell VPC environment there) or "
                    + "through a tunnel; check --host and --port"),
    /** Anything else the server or the driver said. */
    OTHER("the login failed", "read the server's message above; the database may be starting or unavailable");

    private final String what;
    private final String remedy;

    LoginFailure(String what, String remedy) {
        this.what = what;
        this.remedy = remedy;
    }

    /** @return what went wrong, in a few words */
    String what() {
        return what;
    }

    /** @return what to do about it */
    String remedy() {
        return remedy;
    }

    /**
     * @param failure what making the token or logging in threw
     * @return its kind
     */
    static LoginFailure of(Exception failure) {
        if (failure instanceof SQLException sql) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            if (ReplicationConnections.isLoginRefused(sql)) {
                return REFUSED;
            }
            if ("42501".equals(state)) {
                return NO_REPLICATION_RIGHTS;
            }
            if (causedBy(sql, SSLException.class) || causedBy(sql, GeneralSecurityException.class)
                    || String.valueOf(sql.getMessage()).contains("SSL")) {
                return TLS;
            }
            if (state.startsWith("08") || causedBy(sql, ConnectException.class)
                    || causedBy(sql, UnknownHostException.class) || causedBy(sql, SocketTimeoutException.class)
                    || causedBy(sql, NoRouteToHostException.class)) {
                return NETWORK;
            }
            return OTHER;
        }
        // RdsUtilities throws the SDK's SdkClientException when no provider in the credentials chain has any.
        return failure instanceof SdkClientException ? CREDENTIALS : OTHER;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
