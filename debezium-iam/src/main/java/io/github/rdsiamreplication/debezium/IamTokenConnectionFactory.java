package io.github.rdsiamreplication.debezium;

import io.github.rdsiamreplication.contract.PostgresJdbcUrl;

import io.debezium.jdbc.JdbcConfiguration;
import io.debezium.jdbc.JdbcConnection;
import io.github.rdsiamreplication.client.AuthTokenProvider;
import io.github.rdsiamreplication.client.DatabaseEndpoint;
import io.github.rdsiamreplication.client.IamAuthTokens;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

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
 * </pre>
 *
 * <p>Tokens come from the replication client's {@link IamAuthTokens} (signed locally with the default AWS
 * credentials chain, cached for 10 of their 15 minutes and shared by all connections of the JVM); a login
 * refused with a cached token is tried once more with a new one. {@code database.password} is ignored.
 * TLS: {@code database.sslmode} must be {@code verify-full} (default when unset; with the Amazon RDS CA
 * bundle unless {@code database.sslrootcert} names another file), or explicitly {@code require} or
 * {@code disable}; pgjdbc's weaker {@code prefer}/{@code allow} are refused, since a token sent to an
 * impostor can be replayed.
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

    /** One provider per class for the whole JVM: all of a connector's connections share one token cache. */
    private static final Map<String, AuthTokenProvider> PROVIDERS = new ConcurrentHashMap<>();
    private static final String DEFAULT_PROVIDER = IamAuthTokens.class.getName();

    /** Made by Debezium through {@code database.connection.factory.class}. */
    public IamTokenConnectionFactory() {
    }

    @Override
    public Connection connect(JdbcConfiguration config) throws SQLException {
        DatabaseEndpoint endpoint = endpoint(config);
        Properties properties = driverProperties(config);
        String url = PostgresJdbcUrl.of(endpoint.host(), endpoint.port(), config.getDatabase());
        AuthTokenProvider tokens = provider(config);
        String token = tokens.token(endpoint);
        try {
            return login(url, properties, token);
        } catch (SQLException e) {
            if (!"28P01".equals(e.getSQLState()) && !"28000".equals(e.getSQLState())) {
                throw e;
            }
            tokens.invalidate(endpoint, token);
            return login(url, properties, tokens.token(endpoint));
        }
    }

    private static Connection login(String url, Properties properties, String token) throws SQLException {
        Properties withToken = new Properties();
        withToken.putAll(properties);
        withToken.setProperty("password", token);
        return DriverManager.getConnection(url, withToken);
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
        return new DatabaseEndpoint(config.getHostname(), config.getPort(), config.getUser(), region);
    }

    /** Everything Debezium passes (replication=database, simple query mode...), with TLS checked. */
    static Properties driverProperties(JdbcConfiguration config) {
        Properties properties = new Properties();
        properties.putAll(config.asProperties());
        properties.remove("password");
        properties.remove(REGION);
        properties.remove(TOKEN_PROVIDER);
        String mode = config.getString("sslmode");
        SslMode sslMode;
        if (mode == null || mode.isBlank()) {
            sslMode = SslMode.VERIFY_FULL;
        } else {
            try {
                sslMode = SslMode.fromPropertyValue(mode);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("database.sslmode is '" + mode + "'; with IAM tokens use "
                        + "verify-full (recommended), or explicitly require or disable", e);
            }
        }
        properties.setProperty("sslmode", sslMode.propertyValue());
        String rootCert = config.getString("sslrootcert");
        if (sslMode == SslMode.VERIFY_FULL && (rootCert == null || rootCert.isBlank())) {
            properties.setProperty("sslrootcert", RdsCaBundle.file().toString());
        }
        return properties;
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
