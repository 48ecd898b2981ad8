package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.CaBundle;
import io.github.rdsiamreplication.contract.GrantsResource;
import io.github.rdsiamreplication.contract.PgjdbcSettings;
import io.github.rdsiamreplication.contract.PostgresEndpoint;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;

import java.util.Properties;

/**
 * How to reach the database: endpoint, TLS and the root certificates to trust. Host, port and database
 * are checked when the settings are made (before the admin secret is read), and reach pgjdbc only as
 * separate properties through {@link PgjdbcSettings}.
 *
 * @param host endpoint address: a DNS host name or an IP address, nothing else
 * @param port endpoint port
 * @param database database to log into: a plain identifier
 * @param sslMode TLS mode
 * @param caBundle the CAs to trust for {@code verify-full}; null for the other modes
 */
public record ConnectionSettings(String host, int port, String database, SslMode sslMode, CaBundle caBundle) {
    /** The refusals name the resource properties these parts come from. */
    private static final PostgresEndpoint.Names PROPERTIES = PostgresEndpoint.named(
            "ResourceProperties." + GrantsResource.HOST, "ResourceProperties." + GrantsResource.PORT,
            "ResourceProperties." + GrantsResource.DATABASE);
    /** Seconds pgjdbc waits for one TCP connect / login. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    /**
     * Checks host, port and database.
     *
     * @throws InvalidRequestException naming the property that is not a host name or IP address, a port,
     *     or a database identifier
     */
    public ConnectionSettings {
        try {
            PROPERTIES.of(host, port, database);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("refused before reading the admin secret: " + e.getMessage());
        }
    }

    /**
     * @param properties the resource properties
     * @return settings trusting the RDS CA bundle carried in the jar
     */
    public static ConnectionSettings forRds(GrantProperties properties) {
        return new ConnectionSettings(properties.host(), properties.port(), properties.database(),
                properties.sslMode(), properties.sslMode() == SslMode.VERIFY_FULL ? RdsCaBundle.bundle() : null);
    }

    /**
     * @param otherDatabase the database to log into instead
     * @return the same server and TLS settings for {@code otherDatabase}
     */
    public ConnectionSettings withDatabase(String otherDatabase) {
        return new ConnectionSettings(host, port, otherDatabase, sslMode, caBundle);
    }

    /** @return what pgjdbc gets: the fixed URL, the endpoint as properties, TLS and the pinned search path */
    public PgjdbcSettings pgjdbc() {
        return PgjdbcSettings.builder(new PostgresEndpoint(host, port, database), sslMode, caBundle)
                .pinSearchPath()
                .property("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS))
                .property("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS))
                .property("socketTimeout", "60")
                .property("ApplicationName", "rds-iam-replication-role-grant")
                .build();
    }

    /** @return the JDBC URL: no endpoint, no option and no credentials in it */
    public String jdbcUrl() {
        return PgjdbcSettings.URL;
    }

    /**
     * @param credentials who to log in as
     * @return pgjdbc connection properties
     */
    public Properties jdbcProperties(AdminCredentials credentials) {
        // Credentials go in properties, never in the URL (which drivers may echo in messages).
        return pgjdbc().properties(credentials.username(), credentials.password());
    }

    /** @return host:port/database, for messages */
    public String describe() {
        return "database '" + database + "' at " + host + ":" + port;
    }
}
