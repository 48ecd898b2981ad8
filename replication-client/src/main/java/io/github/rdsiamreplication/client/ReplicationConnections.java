package io.github.rdsiamreplication.client;

import io.github.rdsiamreplication.contract.PostgresJdbcUrl;

import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;

/**
 * Opens pgjdbc replication connections ({@code replication=database}, simple query mode) that log in
 * with a token from an {@link AuthTokenProvider} asked at every connect. When a login with a cached
 * token is refused, the token is dropped and the connect is tried once more with a new one.
 */
public final class ReplicationConnections {
    private final DatabaseEndpoint endpoint;
    private final String database;
    private final AuthTokenProvider tokens;
    private final SslMode sslMode;
    private final Path rootCertificates;

    private ReplicationConnections(Builder builder) {
        this.endpoint = Objects.requireNonNull(builder.endpoint, "endpoint is required");
        this.database = builder.database;
        this.tokens = Objects.requireNonNull(builder.tokens, "tokens is required");
        this.sslMode = builder.sslMode;
        this.rootCertificates = builder.rootCertificates;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return where connections go */
    public DatabaseEndpoint endpoint() {
        return endpoint;
    }

    /** @return the TLS mode connections use */
    public SslMode sslMode() {
        return sslMode;
    }

    /** @return the CA file checked against under {@link SslMode#VERIFY_FULL}; null for other modes */
    public Path rootCertificates() {
        return rootCertificates;
    }

    /** @return the database the connections log into */
    public String database() {
        return database;
    }

    /**
     * @return an open replication connection
     * @throws SQLException when the connect fails (after the one retry with a new token, for a refused login)
     */
    public PGConnection open() throws SQLException {
        String token = tokens.token(endpoint);
        try {
            return connect(token);
        } catch (SQLException e) {
            if (!isLoginRefused(e)) {
                throw e;
            }
            tokens.invalidate(endpoint, token);
            return connect(tokens.token(endpoint));
        }
    }

    private PGConnection connect(String token) throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, endpoint.user());
        PGProperty.PASSWORD.set(props, token);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.SSL_MODE.set(props, sslMode.propertyValue());
        if (rootCertificates != null) {
            PGProperty.SSL_ROOT_CERT.set(props, rootCertificates.toString());
        }
        PGProperty.CONNECT_TIMEOUT.set(props, 10);
        PGProperty.APPLICATION_NAME.set(props, "rds-iam-replication-client");
        String url = PostgresJdbcUrl.of(endpoint.host(), endpoint.port(), database);
        return DriverManager.getConnection(url, props).unwrap(PGConnection.class);
    }

    /** 28P01 (invalid password) and 28000 (RDS answers a refused IAM token with a PAM failure). */
    static boolean isLoginRefused(SQLException e) {
        return "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState());
    }

    /** Builds {@link ReplicationConnections}. */
    public static final class Builder {
        private DatabaseEndpoint endpoint;
        private String database = "postgres";
        private AuthTokenProvider tokens;
        private SslMode sslMode = SslMode.VERIFY_FULL;
        private Path rootCertificates;
        private boolean rootCertificatesSet;

        private Builder() {
        }

        /** @param endpoint host, port, user and region (required) @return this */
        public Builder endpoint(DatabaseEndpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** @param database the database with the publication and slot. Default: {@code postgres} @return this */
        public Builder database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /** @param tokens where passwords come from, e.g. {@link IamAuthTokens} (required) @return this */
        public Builder tokens(AuthTokenProvider tokens) {
            this.tokens = tokens;
            return this;
        }

        /**
         * @param sslMode TLS for the connections. {@link SslMode#VERIFY_FULL} checks the certificate against
         *     the {@linkplain #rootCertificates root certificates} and the host name; {@link SslMode#REQUIRE}
         *     encrypts without checking who answers (a token sent to an impostor can be replayed for up to 15
         *     minutes); {@link SslMode#DISABLE} is only for a local test server. Default: VERIFY_FULL
         * @return this
         */
        public Builder sslMode(SslMode sslMode) {
            this.sslMode = Objects.requireNonNull(sslMode, "sslMode");
            return this;
        }

        /**
         * @param rootCertificates PEM file of the CAs to trust under VERIFY_FULL. Default: the Amazon RDS CA
         *     bundle carried in the contract jar
         * @return this
         */
        public Builder rootCertificates(Path rootCertificates) {
            this.rootCertificates = rootCertificates;
            this.rootCertificatesSet = true;
            return this;
        }

        /** @return the factory */
        public ReplicationConnections build() {
            if (sslMode != SslMode.VERIFY_FULL) {
                if (rootCertificatesSet && rootCertificates != null) {
                    throw new IllegalArgumentException("rootCertificates is set but sslMode is " + sslMode
                            + ", which does not check certificates; use SslMode.VERIFY_FULL or drop rootCertificates");
                }
                rootCertificates = null;
            } else if (!rootCertificatesSet || rootCertificates == null) {
                rootCertificates = RdsCaBundle.file();
            }
            return new ReplicationConnections(this);
        }
    }
}
