package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.PostgresJdbcUrl;

import io.github.rdsiamreplication.contract.RdsCaBundle;

import io.github.rdsiamreplication.contract.SslMode;

import java.nio.file.Path;
import java.util.Properties;

/**
 * How to reach the database: endpoint, TLS and the root certificates to trust.
 *
 * @param host endpoint address
 * @param port endpoint port
 * @param database database to log into
 * @param sslMode TLS mode
 * @param rootCertificates PEM file of CAs to trust for {@code verify-full}
 */
public record ConnectionSettings(String host, int port, String database, SslMode sslMode, Path rootCertificates) {
    /**
     * Sent as the startup option {@code options}, so it holds from the very first statement: only the
     * system catalog (and this session's own temporary schema, which PostgreSQL never searches for
     * functions or operators) is searched, so no object another user created in {@code public} can stand
     * in for a function or operator the handler calls with the admin's rights.
     */
    static final String PINNED_SEARCH_PATH = "-c search_path=pg_catalog,pg_temp";
    /** Seconds pgjdbc waits for one TCP connect / login. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    /**
     * @param properties the resource properties
     * @return settings trusting the RDS CA bundle carried in the jar
     */
    public static ConnectionSettings forRds(GrantProperties properties) {
        return new ConnectionSettings(properties.host(), properties.port(), properties.database(),
                properties.sslMode(), properties.sslMode() == SslMode.VERIFY_FULL ? RdsCaBundle.file() : null);
    }

    /**
     * @param otherDatabase the database to log into instead
     * @return the same server and TLS settings for {@code otherDatabase}
     */
    public ConnectionSettings withDatabase(String otherDatabase) {
        return new ConnectionSettings(host, port, otherDatabase, sslMode, rootCertificates);
    }

    /** @return the JDBC URL (no credentials in it) */
    public String jdbcUrl() {
        return PostgresJdbcUrl.of(host, port, database);
    }

    /**
     * @param credentials who to log in as
     * @return pgjdbc connection properties
     */
    public Properties jdbcProperties(AdminCredentials credentials) {
        Properties props = new Properties();
        // Credentials go in properties, never in the URL (which drivers may echo in messages).
        props.setProperty("user", credentials.username());
        props.setProperty("password", credentials.password());
        props.setProperty("sslmode", sslMode.propertyValue());
        if (sslMode == SslMode.VERIFY_FULL) {
            props.setProperty("sslrootcert", rootCertificates.toString());
        }
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", "60");
        props.setProperty("ApplicationName", "rds-iam-replication-role-grant");
        props.setProperty("assumeMinServerVersion", "11");
        props.setProperty("options", PINNED_SEARCH_PATH);
        return props;
    }

    /** @return host:port/database, for messages */
    public String describe() {
        return "database '" + database + "' at " + host + ":" + port;
    }
}
