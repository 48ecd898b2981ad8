package io.github.rdsiamreplication.contract;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What pgjdbc gets for one connection: the fixed URL {@value #URL}, which carries no endpoint and no
 * option, and properties that carry the endpoint ({@code PGHOST}, {@code PGPORT}, {@code PGDBNAME}) and
 * the TLS this project asked for. The one way every module builds a connection: the role-grant
 * handler, the login check, the replication client and the Debezium factory.
 *
 * <p><b>Why the URL is empty.</b> pgjdbc 42.7's {@code org.postgresql.Driver.parseURL(url, defaults)}
 * ranks what it merges: "priority 1 - URL values" (host, port and database from the URL's authority
 * and path, and every {@code name=value} after {@code ?}), then "priority 2 - Properties given as
 * argument to DriverManager.getConnection()", then a {@code service} file, the driver's defaults and
 * last "priority 5 - PGProperty defaults for PGHOST, PGPORT, PGDBNAME"; each lower one is added only
 * where a higher one left the key absent ({@code putIfAbsent}). So any text that reaches the URL beats
 * the properties: a host of {@code [::ffff:127.0.0.1]:5432/postgres?sslmode=disable&x=} spliced into
 * {@code jdbc:postgresql://HOST:PORT/DB} turned a {@code sslmode=verify-full} property into
 * {@code sslmode=disable}. With {@code jdbc:postgresql://} the URL sets nothing ({@code "//"} is read
 * as an empty server part), and the properties decide. Note that {@code jdbc:postgresql:} without the
 * slashes is not the same: pgjdbc reads what follows the colon as the database and sets
 * {@code PGDBNAME} to the empty string, overriding the property. The contract's tests run
 * {@code parseURL} of the pgjdbc version the project ships to hold it to this.
 *
 * <p><b>What no caller can change.</b> The endpoint keys, the TLS keys ({@code sslmode}, {@code ssl},
 * {@code sslrootcert}, {@code sslfactory}, {@code sslfactoryarg}, {@code sslhostnameverifier},
 * {@code gssEncMode}) and, when the search path is pinned, {@code options} are set by this class last;
 * {@link Builder#property} refuses them.
 */
public final class PgjdbcSettings {
    /** The URL handed to pgjdbc: the driver's prefix and an empty server part, nothing else. */
    public static final String URL = "jdbc:postgresql://";
    /**
     * {@code assumeMinServerVersion} unless a caller says otherwise: PostgreSQL 11, the oldest engine on
     * which RDS offers IAM authentication for replication and so the oldest this project supports.
     * pgjdbc uses it only to send {@code application_name} and {@code replication} in the startup packet
     * instead of with extra round trips (it compares it with 9.0 and 9.4), so any 9.4 or later server
     * behaves the same.
     */
    public static final String ASSUME_MIN_SERVER_VERSION = "11";
    /**
     * The startup option that pins the search path from the first statement: only the system catalog
     * (and the session's own temporary schema, which PostgreSQL never searches for functions or
     * operators), so no object another user made in {@code public} stands in for a built-in.
     */
    public static final String PINNED_SEARCH_PATH = "-c search_path=pg_catalog,pg_temp";
    /** pgjdbc's own TLS socket factory, which reads {@code sslrootcert}; named so no other can be slipped in. */
    static final String LIBPQ_FACTORY = "org.postgresql.ssl.LibPQFactory";

    static final Set<String> ENDPOINT_KEYS = Set.of("PGHOST", "PGPORT", "PGDBNAME");
    static final Set<String> TLS_KEYS = Set.of("sslmode", "ssl", "sslrootcert", "sslfactory", "sslfactoryarg",
            "sslhostnameverifier", "gssEncMode");
    static final String OPTIONS = "options";

    private final PostgresEndpoint endpoint;
    private final SslMode sslMode;
    private final CaBundle caBundle;
    private final Map<String, String> properties;

    private PgjdbcSettings(Builder builder) {
        this.endpoint = builder.endpoint;
        this.sslMode = builder.sslMode;
        this.caBundle = builder.caBundle;
        Map<String, String> all = new TreeMap<>();
        all.put("assumeMinServerVersion", ASSUME_MIN_SERVER_VERSION);
        all.putAll(builder.extra);
        all.put("PGHOST", endpoint.pgHost());
        all.put("PGPORT", String.valueOf(endpoint.port()));
        all.put("PGDBNAME", endpoint.database());
        all.put("sslmode", sslMode.propertyValue());
        // GSS encryption would stand in for TLS, and pgjdbc would then not check the server certificate.
        all.put("gssEncMode", "disable");
        if (sslMode != SslMode.DISABLE) {
            all.put("sslfactory", LIBPQ_FACTORY);
        }
        if (sslMode == SslMode.VERIFY_FULL) {
            all.put("sslrootcert", caBundle.file().toString());
        }
        if (builder.pinSearchPath) {
            all.put(OPTIONS, PINNED_SEARCH_PATH);
        }
        this.properties = all;
    }

    /**
     * @param endpoint where to connect (already checked)
     * @param sslMode the TLS to use
     * @param caBundle the CAs {@link SslMode#VERIFY_FULL} trusts (e.g. {@link RdsCaBundle#bundle()});
     *     null for the other modes, which check no certificate
     * @return a builder
     * @throws IllegalArgumentException when VERIFY_FULL has no bundle, or another mode has one
     */
    public static Builder builder(PostgresEndpoint endpoint, SslMode sslMode, CaBundle caBundle) {
        return new Builder(endpoint, sslMode, caBundle);
    }

    /** @return {@value #URL} */
    public String url() {
        return URL;
    }

    /** @return where the connection goes */
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    /** @return the TLS mode */
    public SslMode sslMode() {
        return sslMode;
    }

    /** @return the CAs trusted under VERIFY_FULL; null for the other modes */
    public CaBundle caBundle() {
        return caBundle;
    }

    /** @return the connection properties, without credentials (a new object each call) */
    public Properties properties() {
        Properties props = new Properties();
        props.putAll(properties);
        return props;
    }

    /**
     * @param user who logs in
     * @param password the password or IAM token (a secret: never put in the URL, never logged)
     * @return the connection properties with the credentials (a new object each call)
     */
    public Properties properties(String user, String password) {
        Properties props = properties();
        props.setProperty("user", Objects.requireNonNull(user, "user"));
        props.setProperty("password", Objects.requireNonNull(password, "password"));
        return props;
    }

    @Override
    public String toString() {
        return endpoint + " (sslmode " + sslMode.propertyValue() + ")";
    }

    /** Builds {@link PgjdbcSettings}. */
    public static final class Builder {
        private final PostgresEndpoint endpoint;
        private final SslMode sslMode;
        private final CaBundle caBundle;
        private final Map<String, String> extra = new TreeMap<>();
        private boolean pinSearchPath;

        private Builder(PostgresEndpoint endpoint, SslMode sslMode, CaBundle caBundle) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.sslMode = Objects.requireNonNull(sslMode, "sslMode");
            if (sslMode == SslMode.VERIFY_FULL && caBundle == null) {
                throw new IllegalArgumentException("sslmode verify-full needs a CA bundle to check the server "
                        + "certificate against (the Amazon RDS CA bundle, or one supplied)");
            }
            if (sslMode != SslMode.VERIFY_FULL && caBundle != null) {
                throw new IllegalArgumentException("a CA bundle (" + caBundle.source() + ") is given but sslmode "
                        + sslMode.propertyValue() + " checks no certificate; use verify-full or give no bundle");
            }
            this.caBundle = caBundle;
        }

        /**
         * Sets one more pgjdbc property (e.g. {@code replication}, {@code connectTimeout},
         * {@code ApplicationName}, or {@code assumeMinServerVersion} instead of
         * {@value PgjdbcSettings#ASSUME_MIN_SERVER_VERSION}).
         *
         * @param key the property name
         * @param value its value
         * @return this
         * @throws IllegalArgumentException for an endpoint or TLS key, or {@code options} when the search
         *     path is pinned: this class sets those itself
         */
        public Builder property(String key, String value) {
            if (ENDPOINT_KEYS.contains(key) || TLS_KEYS.contains(key) || (pinSearchPath && OPTIONS.equals(key))
                    || "user".equals(key) || "password".equals(key)) {
                throw new IllegalArgumentException("the pgjdbc property " + key + " is set by the connection "
                        + "settings themselves (endpoint, TLS, search path, credentials), not as an extra property");
            }
            extra.put(key, Objects.requireNonNull(value, key));
            return this;
        }

        /**
         * Pins {@code search_path} to {@code pg_catalog, pg_temp} for the whole session
         * ({@value PgjdbcSettings#PINNED_SEARCH_PATH} as the startup {@code options}). Default: not pinned.
         *
         * @return this
         */
        public Builder pinSearchPath() {
            if (extra.containsKey(OPTIONS)) {
                throw new IllegalArgumentException("options is already set as an extra property; the pinned "
                        + "search path needs it");
            }
            this.pinSearchPath = true;
            return this;
        }

        /** @return the settings */
        public PgjdbcSettings build() {
            return new PgjdbcSettings(this);
        }
    }
}
