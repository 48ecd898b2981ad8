package io.github.rdsiamreplication.debezium;

import io.debezium.jdbc.JdbcConfiguration;
import io.debezium.jdbc.JdbcConnection;
import io.github.rdsiamreplication.client.AuthTokenProvider;
import io.github.rdsiamreplication.client.DatabaseEndpoint;
import io.github.rdsiamreplication.client.IamAuthTokens;
import io.github.rdsiamreplication.contract.CaBundle;
import io.github.rdsiamreplication.contract.PgjdbcSettings;
import io.github.rdsiamreplication.contract.PostgresEndpoint;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.Driver;

/**
 * Debezium PostgreSQL connection factory that logs in with an IAM auth token asked for at every connect,
 * so a connector that reconnects after hours (a failover, a killed walsender, a task restart) never logs
 * in with an expired token. Debezium uses it for its replication connection and its other connections
 * when the connector configuration names it:
 *
 * <pre>
 * database.connection.factory.class=io.github.rdsiamreplication.debezium.IamTokenConnectionFactory
 * database.aws.region=eu-west-1
 * database.sslmode=verify-full
 * # database.sslrootcert=/path/to/us-gov-west-1-bundle.pem   (instead of the embedded Amazon RDS CA bundle)
 * </pre>
 *
 * <p>Tokens come from the replication client's {@link IamAuthTokens} (signed locally with the default AWS
 * credentials chain, cached for 10 of their 15 minutes and shared by all connections of the JVM); a login
 * refused with a cached token is tried once more with a new one. {@code database.password} is ignored.
 *
 * <p>Endpoint: {@code database.hostname} must be a DNS host name or an IP address, {@code database.port}
 * a port and {@code database.dbname} a plain identifier; they reach pgjdbc as separate properties, never
 * in the URL ({@link PgjdbcSettings}).
 *
 * <p>TLS: {@code database.sslmode} must be {@code verify-full} (default when unset), or explicitly
 * {@code require} or {@code disable}; pgjdbc's weaker {@code prefer}/{@code allow} are refused, since a
 * token sent to an impostor can be replayed. Under {@code verify-full} the server certificate is checked
 * against the Amazon RDS CA bundle carried in the contract jar ({@link RdsCaBundle#regions()} lists the
 * regions it covers), or, when {@code database.sslrootcert} names a PEM file, against that file
 * <em>instead</em> (not in addition): it is checked to hold PEM certificates at every connect and read
 * by pgjdbc then, so it can be replaced in place. {@code database.sslrootcert} with another mode is
 * refused, and so are {@code database.sslfactory}, {@code database.sslfactoryarg},
 * {@code database.sslhostnameverifier}, {@code database.ssl}, {@code database.gssEncMode} and
 * {@code database.PGHOST}/{@code PGPORT}/{@code PGDBNAME}: this factory sets TLS and the endpoint itself.
 */
public final class IamTokenConnectionFactory implements JdbcConnection.ConnectionFactory {
    /** Connector property (after {@code database.}) with the AWS region tokens are signed for. Required. */
    public static final String REGION = "aws.region";
    /**
     * Connector property (after {@code database.}) naming an {@link AuthTokenProvider} class with a public
     * no-argument constructor, used instead of IAM. Default: {@link IamAuthTokens} with the default AWS
     * credentials chain.
     */
    public static final String TOKEN_PROVIDER = "iam.token.provider";

    /** Connector property (after {@code database.}) naming a PEM file of CAs to trust under verify-full. */
    public static final String SSL_ROOT_CERT = "sslrootcert";

    /** Set by the factory itself: a connector configuration that sets them is refused (checked in this order). */
    static final List<String> OWNED = List.of("sslfactory", "sslfactoryarg", "sslhostnameverifier", "ssl", "gssEncMode",
            "PGHOST", "PGPORT", "PGDBNAME");
    /** Read by the factory and not passed on as they are. */
    static final Set<String> INTERPRETED = Set.of("password", "user", "hostname", "port", "dbname", "sslmode",
            SSL_ROOT_CERT, "aws.region", "iam.token.provider");
    private static final PostgresEndpoint.Names CONNECTOR_PROPERTIES =
            PostgresEndpoint.named("database.hostname", "database.port", "database.dbname");
    // The driver itself, not DriverManager: the plugin's class loader need not be the one DriverManager searches.
    private static final Driver DRIVER = new Driver();

    /** One provider per class for the whole JVM: all of a connector's connections share one token cache. */
    private static final Map<String, AuthTokenProvider> PROVIDERS = new ConcurrentHashMap<>();
    private static final String DEFAULT_PROVIDER = IamAuthTokens.class.getName();

    /** Made by Debezium through {@code database.connection.factory.class}. */
    public IamTokenConnectionFactory() {
    }

    @Override
    public Connection connect(JdbcConfiguration config) throws SQLException {
        DatabaseEndpoint endpoint = endpoint(config);
        PgjdbcSettings settings = settings(config);
        AuthTokenProvider tokens = provider(config);
        String token = tokens.token(endpoint);
        try {
            return login(settings, endpoint.user(), token);
        } catch (SQLException e) {
            if (!"28P01".equals(e.getSQLState()) && !"28000".equals(e.getSQLState())) {
                throw e;
            }
            tokens.invalidate(endpoint, token);
            return login(settings, endpoint.user(), tokens.token(endpoint));
        }
    }

    private static Connection login(PgjdbcSettings settings, String user, String token) throws SQLException {
        return DRIVER.connect(settings.url(), settings.properties(user, token));
    }

    static DatabaseEndpoint endpoint(JdbcConfiguration config) {
        String region = config.getString(REGION);
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("database." + REGION + " is required by "
                    + IamTokenConnectionFactory.class.getSimpleName() + ": the AWS region of the database "
                    + "(e.g. eu-west-1), which IAM tokens are signed for");
        }
        if (config.getHostname() == null || config.getUser() == null) {
            throw new IllegalArgumentException("database.hostname and database.user are required: the endpoint "
                    + "and the replication user with rds_iam and rds_replication");
        }
        PostgresEndpoint where = postgresEndpoint(config);
        return new DatabaseEndpoint(where.host(), where.port(), config.getUser(), region);
    }

    private static PostgresEndpoint postgresEndpoint(JdbcConfiguration config) {
        String port = config.getString("port");
        return port == null || port.isBlank()
                ? CONNECTOR_PROPERTIES.of(config.getHostname(), config.getPort(), config.getDatabase())
                : CONNECTOR_PROPERTIES.parse(config.getHostname(), port, config.getDatabase());
    }

    /**
     * Everything Debezium passes (replication=database, simple query mode...) with the endpoint and TLS
     * set by {@link PgjdbcSettings}.
     */
    static PgjdbcSettings settings(JdbcConfiguration config) {
        for (String key : OWNED) {
            if (config.getString(key) != null) {
                throw new IllegalArgumentException("database." + key + " is set, but "
                        + IamTokenConnectionFactory.class.getSimpleName() + " sets TLS and the endpoint itself: "
                        + "remove database." + key + " (use database.sslmode, and database." + SSL_ROOT_CERT
                        + " for your own CA bundle)");
            }
        }
        SslMode sslMode = sslMode(config.getString("sslmode"));
        PgjdbcSettings.Builder builder = PgjdbcSettings.builder(postgresEndpoint(config), sslMode,
                caBundle(sslMode, config.getString(SSL_ROOT_CERT)));
        Properties passed = config.asProperties();
        for (String key : passed.stringPropertyNames()) {
            if (!INTERPRETED.contains(key)) {
                builder.property(key, passed.getProperty(key));
            }
        }
        return builder.build();
    }

    private static SslMode sslMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return SslMode.VERIFY_FULL;
        }
        try {
            return SslMode.fromPropertyValue(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("database.sslmode is '" + mode + "'; with IAM tokens use "
                    + "verify-full (recommended), or explicitly require or disable", e);
        }
    }

    /** The connector's own bundle file (checked at every connect), else the embedded one under verify-full. */
    private static CaBundle caBundle(SslMode sslMode, String rootCert) {
        boolean given = rootCert != null && !rootCert.isBlank();
        if (sslMode != SslMode.VERIFY_FULL) {
            if (given) {
                throw new IllegalArgumentException("database." + SSL_ROOT_CERT + " is set but database.sslmode is "
                        + sslMode.propertyValue() + ", which checks no certificate; use verify-full or remove database."
                        + SSL_ROOT_CERT);
            }
            return null;
        }
        if (!given) {
            return RdsCaBundle.bundle();
        }
        try {
            return CaBundle.fromFile(Path.of(rootCert.trim()));
        } catch (IllegalArgumentException e) { // also InvalidPathException
            throw new IllegalArgumentException("database." + SSL_ROOT_CERT + ": " + e.getMessage(), e);
        }
    }

    private static AuthTokenProvider provider(JdbcConfiguration config) {
        String name = config.getString(TOKEN_PROVIDER);
        String className = name == null || name.isBlank() ? DEFAULT_PROVIDER : name.trim();
        return PROVIDERS.computeIfAbsent(className, IamTokenConnectionFactory::newProvider);
    }

    private static AuthTokenProvider newProvider(String className) {
        if (DEFAULT_PROVIDER.equals(className)) {
            return IamAuthTokens.builder().build();
        }
        try {
            Class<?> type = Class.forName(className, true, IamTokenConnectionFactory.class.getClassLoader());
            return (AuthTokenProvider) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("database." + TOKEN_PROVIDER + " is '" + className + "': it must "
                    + "name a class implementing " + AuthTokenProvider.class.getName() + " with a public "
                    + "no-argument constructor", e);
        }
    }
}
