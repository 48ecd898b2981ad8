package io.github.rdsiamreplication.logincheck;

import io.github.rdsiamreplication.client.AuthTokenProvider;
import io.github.rdsiamreplication.client.DatabaseEndpoint;
import io.github.rdsiamreplication.client.ReplicationConnections;
import io.github.rdsiamreplication.contract.CaBundle;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Logs in the way a logical-replication consumer does, through the replication client's own
 * {@link ReplicationConnections} ({@code replication=database}, simple query protocol, TLS
 * {@code verify-full} against the RDS CA bundle, a refused token tried once more with a new one) and runs
 * {@code IDENTIFY_SYSTEM}, the first command of every consumer. Nothing is created: no slot, no publication.
 */
public final class ReplicationLogin {
    /** What {@code pg_stat_activity} shows for the check's connection. */
    static final String APPLICATION_NAME = "rds-iam-replication-login-check";
    /** Milliseconds {@code IDENTIFY_SYSTEM} may take once logged in. */
    static final int COMMAND_TIMEOUT_MILLIS = 30_000;

    private final CaBundle caBundle;

    /** Trusts the RDS CA bundle carried in the jar. */
    public ReplicationLogin() {
        this(null);
    }

    /** @param caBundle the CAs to trust for {@code verify-full}; null for the RDS CA bundle */
    public ReplicationLogin(CaBundle caBundle) {
        this.caBundle = caBundle;
    }

    /**
     * @param request where and as whom
     * @param region the region the tokens are signed for (the function's own: the database is in its VPC)
     * @param tokens where the IAM token comes from
     * @return what the server answered
     * @throws SQLException when the login or the command fails; the message never holds a token
     */
    public SystemIdentity identify(LoginCheckRequest request, String region, AuthTokenProvider tokens)
            throws SQLException {
        Recording recording = new Recording(tokens);
        ReplicationConnections.Builder connections = ReplicationConnections.builder()
                .endpoint(new DatabaseEndpoint(request.host(), request.port(), request.user(), region))
                .database(request.database()).tokens(recording).sslMode(request.sslMode())
                .applicationName(APPLICATION_NAME);
        if (request.sslMode() == SslMode.VERIFY_FULL) {
            connections.caBundle(caBundle != null ? caBundle : RdsCaBundle.bundle());
        }
        try (Connection connection = (Connection) connections.build().open()) {
            connection.setNetworkTimeout(Runnable::run, COMMAND_TIMEOUT_MILLIS);
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
                if (!rs.next()) {
                    throw new SQLException("IDENTIFY_SYSTEM answered no row", "XX000");
                }
                return new SystemIdentity(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4));
            }
        } catch (SQLException e) {
            // pgjdbc does not echo the password, but a token must never leave even if one day it did.
            throw new SQLException(recording.redact(String.valueOf(e.getMessage())), e.getSQLState());
        }
    }

    /**
     * @param e what the login threw
     * @return true for a refused login: 28P01 (wrong password), 28000 (RDS answers a refused IAM token
     *     with a PAM authentication failure) or 42501 (logged in, but no right to start a walsender)
     */
    public static boolean isRefused(SQLException e) {
        return "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState()) || "42501".equals(e.getSQLState());
    }

    /** Hands out the provider's tokens and remembers them, to redact them from messages. */
    private static final class Recording implements AuthTokenProvider {
        private final AuthTokenProvider tokens;
        private final List<String> handedOut = new ArrayList<>();

        Recording(AuthTokenProvider tokens) {
            this.tokens = tokens;
        }

        @Override
        public String token(DatabaseEndpoint endpoint) {
            String token = tokens.token(endpoint);
            handedOut.add(token);
            return token;
        }

        @Override
        public void invalidate(DatabaseEndpoint endpoint, String token) {
            tokens.invalidate(endpoint, token);
        }

        String redact(String text) {
            String redacted = text;
            for (String token : handedOut) {
                if (token != null && !token.isEmpty()) {
                    redacted = redacted.replace(token, "****");
                }
            }
            return redacted;
        }
    }
}
