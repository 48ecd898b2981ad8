package io.github.rdsiamreplication.logincheck;

import io.github.rdsiamreplication.contract.PostgresJdbcUrl;

import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Logs in the way a logical-replication consumer does ({@code replication=database}, simple query
 * protocol, TLS {@code verify-full} against the RDS CA bundle) and runs {@code IDENTIFY_SYSTEM}, the
 * first command of every consumer. Nothing is created: no slot, no publication.
 */
public final class ReplicationLogin {
    /** Seconds pgjdbc waits for the TCP connect and for the login. */
    static final int TIMEOUT_SECONDS = 10;

    private static final Driver DRIVER = new Driver();

    private final Path rootCertificates;

    /** Trusts the RDS CA bundle carried in the jar. */
    public ReplicationLogin() {
        this(null);
    }

    /** @param rootCertificates PEM file of the CAs to trust for {@code verify-full}; null for the RDS CA bundle */
    public ReplicationLogin(Path rootCertificates) {
        this.rootCertificates = rootCertificates;
    }

    /**
     * @param request where and as whom
     * @param token the password to send (the IAM token)
     * @return what the server answered
     * @throws SQLException when the login or the command fails; the message never holds the token
     */
    public SystemIdentity identify(LoginCheckRequest request, String token) throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, request.user());
        PGProperty.PASSWORD.set(props, token);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "11");
        PGProperty.SSL_MODE.set(props, request.sslMode().propertyValue());
        if (request.sslMode() == SslMode.VERIFY_FULL) {
            PGProperty.SSL_ROOT_CERT.set(props, (rootCertificates != null ? rootCertificates : RdsCaBundle.file())
                    .toString());
        }
        PGProperty.CONNECT_TIMEOUT.set(props, TIMEOUT_SECONDS);
        PGProperty.LOGIN_TIMEOUT.set(props, TIMEOUT_SECONDS);
        PGProperty.SOCKET_TIMEOUT.set(props, 30);
        PGProperty.APPLICATION_NAME.set(props, "rds-iam-replication-login-check");
        String url = PostgresJdbcUrl.of(request.host(), request.port(), request.database());
        // The driver itself, not DriverManager: DriverManager finds drivers through the system class loader,
        // which need not be the one that loaded this jar (a Lambda runtime's, or a test's class loader).
        try (Connection connection = DRIVER.connect(url, props);
                Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
            if (!rs.next()) {
                throw new SQLException("IDENTIFY_SYSTEM answered no row", "XX000");
            }
            return new SystemIdentity(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4));
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
}
