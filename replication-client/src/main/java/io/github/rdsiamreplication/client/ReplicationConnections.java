package io.github.rdsiamreplication.client;

import io.github.rdsiamreplication.contract.CaBundle;
import io.github.rdsiamreplication.contract.PgjdbcSettings;
import io.github.rdsiamreplication.contract.PostgresEndpoint;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.postgresql.Driver;
import org.postgresql.PGConnection;

/**
 * Opens pgjdbc replication connections ({@code replication=database}, simple query mode) that log in
 * with a token from an {@link AuthTokenProvider} asked at every connect. When a login with a cached
 * token is refused, the token is dropped and the connect is tried once more with a new one. Host, port
 * and database reach pgjdbc as separate properties, never in the URL, with the TLS settings the builder
 * chose ({@link PgjdbcSettings}): nothing in an endpoint can change them.
 */
public final class ReplicationConnections {
    /** Seconds pgjdbc waits for the TCP connect, and again for the login. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Default {@code ApplicationName}, what {@code pg_stat_activity} shows. */
    public static final String DEFAULT_APPLICATION_NAME = "rds-iam-replication-client";

    // The driver itself, not DriverManager: DriverManager finds drivers through the system class loader, which
    // need not be the one that loaded this jar (a Lambda runtime's, a plugin's or a test's class loader).
    private static final Driver DRIVER = new Driver();

    private final DatabaseEndpoint endpoint;
    private final String database;
    private final AuthTokenProvider tokens;
    private final SslMode sslMode;
    private final CaBundle caBundle;
    private final PgjdbcSettings settings;

    private ReplicationConnections(Builder builder, CaBundle caBundle) {
        this.endpoint = Objects.requireNonNull(builder.endpoint, "endpoint is required");
        this.database = builder.database;
        this.tokens = Objects.requireNonNull(builder.tokens, "tokens is required");
        this.sslMode = builder.sslMode;
        this.caBundle = caBundle;
        this.settings = PgjdbcSettings.builder(new PostgresEndpoint(endpoint.host(), endpoint.port(), database),
                        sslMode, caBundle)
                .property("replication", "database")
                .property("preferQueryMode", "simple")
                .property("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS))
                .property("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS))
                .property("ApplicationName", builder.applicationName)
                .build();
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
        return caBundle == null ? null : caBundle.file();
    }

    /** @return the CAs checked against under {@link SslMode#VERIFY_FULL}; null for other modes */
    public CaBundle caBundle() {
        return caBundle;
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
        Connection connection = DRIVER.connect(settings.url(), settings.properties(endpoint.user(), token));
        return connection.unwrap(PGConnection.class);
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
        private CaBundle caBundle;
        private Path rootCertificates;
        private String applicationName = DEFAULT_APPLICATION_NAME;

        private Builder() {
        }

        /** @param endpoint host, port, user and region (required) @return this */
        public Builder endpoint(DatabaseEndpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * @param database the database with the publication and slot: ASCII letters, digits and
         *     underscores, starting with a letter or underscore. Default: {@code postgres}
         * @return this
         * @throws IllegalArgumentException when it is not such a name
         */
        public Builder database(String database) {
            this.database = PostgresEndpoint.checkDatabase("database", database);
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
         * @param caBundle the CAs to trust under VERIFY_FULL instead of the embedded one, e.g.
         *     {@code CaBundle.fromPem(text, "my bundle")} for a region the embedded bundle does not cover.
         *     Default: the Amazon RDS CA bundle carried in the contract jar ({@link RdsCaBundle})
         * @return this
         */
        public Builder caBundle(CaBundle caBundle) {
            this.caBundle = caBundle;
            this.rootCertificates = null;
            return this;
        }

        /**
         * The same as {@link #caBundle} with {@code CaBundle.fromFile(rootCertificates)}: the file is checked
         * at {@link #build()} and read again by pgjdbc at every connect (so it can be replaced in place).
         *
         * @param rootCertificates PEM file of the CAs to trust under VERIFY_FULL. Default: the Amazon RDS CA
         *     bundle carried in the contract jar
         * @return this
         */
        public Builder rootCertificates(Path rootCertificates) {
            this.rootCertificates = rootCertificates;
            this.caBundle = null;
            return this;
        }

        /**
         * @param applicationName what {@code pg_stat_activity} shows for the connections. Default:
         *     {@value ReplicationConnections#DEFAULT_APPLICATION_NAME}
         * @return this
         */
        public Builder applicationName(String applicationName) {
            this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
            return this;
        }

        /**
         * @return the factory
         * @throws IllegalArgumentException when a CA bundle is given with a mode that checks no certificate,
         *     or the bundle file is not a PEM bundle of certificates
         */
        public ReplicationConnections build() {
            boolean bundleGiven = caBundle != null || rootCertificates != null;
            if (sslMode != SslMode.VERIFY_FULL) {
                if (bundleGiven) {
                    throw new IllegalArgumentException("a CA bundle (caBundle or rootCertificates) is set but sslMode is "
                            + sslMode + ", which does not check certificates; use SslMode.VERIFY_FULL or drop the bundle");
                }
                return new ReplicationConnections(this, null);
            }
            CaBundle trusted = caBundle != null ? caBundle
                    : rootCertificates != null ? CaBundle.fromFile(rootCertificates) : RdsCaBundle.bundle();
            return new ReplicationConnections(this, trusted);
        }
    }
}
