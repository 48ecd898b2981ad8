package io.github.rdsiamreplication.client;

import io.github.rdsiamreplication.contract.CaBundle;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Proves with one command that a replication user can log in for logical replication with an IAM token:
 * makes a token with the AWS SDK's default credentials ({@link IamAuthTokens}), opens a replication
 * connection with this client's own {@link ReplicationConnections} ({@code replication=database}, TLS
 * {@code verify-full} against the Amazon RDS CA bundle carried in the jar), runs {@code IDENTIFY_SYSTEM} and
 * prints what the server answered, or what failed (credentials, a refused token, missing replication
 * rights, TLS, the network) and what to do about it. Creates nothing: no slot, no publication.
 *
 * <pre>
 * java io.github.rdsiamreplication.client.VerifyReplicationLogin --host db.abc.eu-west-1.rds.amazonaws.com \
 *     --user debezium --region eu-west-1 [--port 5432] [--database postgres] [--ca-bundle FILE.pem]
 * </pre>
 *
 * <p>Each option may instead come from the environment: {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE},
 * {@code PGUSER}, and {@code AWS_REGION} or {@code AWS_DEFAULT_REGION}. {@code --ssl-mode require} (encrypt
 * without checking the certificate) is for tunnels that change the host name; the default is
 * {@code verify-full}. Exit status: 0 when the login and {@code IDENTIFY_SYSTEM} succeeded, 1 when they
 * failed, 2 for a wrong command line. Must run where the database's port is reachable.
 */
public final class VerifyReplicationLogin {
    /** Exit status when the login succeeded. */
    static final int OK = 0;
    /** Exit status when making the token, the login or {@code IDENTIFY_SYSTEM} failed. */
    static final int FAILED = 1;
    /** Exit status for a wrong command line. */
    static final int USAGE = 2;
    /** What {@code pg_stat_activity} shows for the check's connection. */
    static final String APPLICATION_NAME = "rds-iam-replication-verify";

    private static final Map<String, String> OPTIONS = options();

    private VerifyReplicationLogin() {
    }

    /** Option name, without its dashes -> the environment variable read when it is absent (null: none). */
    private static Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("host", "PGHOST");
        options.put("port", "PGPORT");
        options.put("database", "PGDATABASE");
        options.put("user", "PGUSER");
        options.put("region", "AWS_REGION");
        options.put("ca-bundle", null);
        options.put("ssl-mode", null);
        return options;
    }

    /**
     * @param args the options above; {@code --help} prints them
     */
    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err,
                endpoint -> IamAuthTokens.builder().build());
        if (status != OK) {
            System.exit(status); // only on failure: under mvn exec:java a normal return lets Maven finish
        }
    }

    /**
     * @param args the command line
     * @param env the environment
     * @param out where the result goes
     * @param err where failures and usage go
     * @param tokens gives the token provider for the endpoint (IAM in {@link #main})
     * @return the exit status
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
            Function<DatabaseEndpoint, AuthTokenProvider> tokens) {
        ReplicationConnections connections;
        try {
            Map<String, String> given = parse(args);
            if (given.containsKey("help")) {
                out.println(usage());
                return OK;
            }
            connections = connections(given, env, tokens);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return USAGE;
        }
        out.println("Replication login as " + connections.endpoint() + ", database " + connections.database()
                + ", TLS " + connections.sslMode().propertyValue()
                + (connections.caBundle() == null ? " (the certificate is not checked)"
                        : " against " + connections.caBundle().source()));
        try (Connection connection = (Connection) connections.open()) {
            connection.setNetworkTimeout(Runnable::run, 30_000);
            report(connection, out);
            return OK;
        } catch (SQLException | RuntimeException e) {
            LoginFailure failure = LoginFailure.of(e);
            String state = e instanceof SQLException sql && sql.getSQLState() != null
                    ? " (SQLState " + sql.getSQLState() + ")" : "";
            err.println("FAILED: " + failure.what() + ": " + e.getMessage() + state);
            err.println("What to do: " + failure.remedy());
            return FAILED;
        }
    }

    /** Runs IDENTIFY_SYSTEM and reads the two settings the feature rests on; prints what they prove. */
    private static void report(Connection connection, PrintStream out) throws SQLException {
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
                if (!rs.next()) {
                    throw new SQLException("IDENTIFY_SYSTEM answered no row", "XX000");
                }
                out.println("OK: the IAM token was accepted and the server opened a logical replication connection "
                        + "(IDENTIFY_SYSTEM answered):");
                out.println("  system id:    " + rs.getString(1));
                out.println("  timeline:     " + rs.getInt(2));
                out.println("  WAL position: " + rs.getString(3));
                out.println("  database:     " + rs.getString(4));
            }
            try (ResultSet rs = st.executeQuery("SELECT pg_catalog.current_setting('wal_level'), "
                    + "pg_catalog.current_setting('rds.iam_auth_for_replication', true)")) {
                rs.next();
                out.println("  wal_level:    " + rs.getString(1)
                        + ("logical".equals(rs.getString(1)) ? "" : " (logical decoding needs logical: "
                                + "rds.logical_replication=1 and a reboot)"));
                String iamOnly = rs.getString(2);
                out.println("  rds.iam_auth_for_replication: " + (iamOnly == null ? "not set on this server (not "
                        + "Amazon RDS?)" : iamOnly + ("1".equals(iamOnly) ? " (replication logins of users with "
                        + "rds_iam and rds_replication must use IAM tokens; passwords are refused)"
                        : " (users may still log in for replication with passwords)")));
            }
        }
    }

    private static ReplicationConnections connections(Map<String, String> given, Map<String, String> env,
            Function<DatabaseEndpoint, AuthTokenProvider> tokens) {
        String host = required(given, env, "host");
        String portText = value(given, env, "port");
        int port;
        try {
            port = portText == null ? 5432 : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port '" + portText + "' is not a number");
        }
        String region = value(given, env, "region");
        if (region == null) {
            region = env.get("AWS_DEFAULT_REGION");
        }
        if (region == null) {
            throw new IllegalArgumentException("--region is required (or AWS_REGION): the database's region, "
                    + "which the token is signed for");
        }
        DatabaseEndpoint endpoint = new DatabaseEndpoint(host, port, required(given, env, "user"), region);
        String database = value(given, env, "database");
        SslMode sslMode = sslMode(given.get("ssl-mode"));
        String bundle = given.get("ca-bundle");
        if (bundle != null && sslMode != SslMode.VERIFY_FULL) {
            throw new IllegalArgumentException("--ca-bundle is only read under --ssl-mode verify-full");
        }
        ReplicationConnections.Builder builder = ReplicationConnections.builder().endpoint(endpoint)
                .database(database == null ? "postgres" : database).sslMode(sslMode)
                .applicationName(APPLICATION_NAME);
        if (sslMode == SslMode.VERIFY_FULL) {
            builder.caBundle(bundle != null ? CaBundle.fromFile(Path.of(bundle)) : RdsCaBundle.bundle());
        }
        return builder.tokens(tokens.apply(endpoint)).build(); // the provider last: only for a valid command line
    }

    private static SslMode sslMode(String mode) {
        if (mode == null) {
            return SslMode.VERIFY_FULL;
        }
        SslMode parsed = SslMode.fromPropertyValue(mode);
        if (parsed == SslMode.DISABLE) {
            throw new IllegalArgumentException("--ssl-mode disable would send the token in clear: use verify-full "
                    + "(the default) or require");
        }
        return parsed;
    }

    /** @return {@code --name value} and {@code --name=value} pairs; {@code help} when asked */
    static Map<String, String> parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (List.of("--help", "-h").contains(arg)) {
                given.put("help", "");
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!OPTIONS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (given.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        return given;
    }

    private static String value(Map<String, String> given, Map<String, String> env, String name) {
        String value = given.get(name);
        if (value == null && OPTIONS.get(name) != null) {
            value = env.get(OPTIONS.get(name));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String required(Map<String, String> given, Map<String, String> env, String name) {
        String value = value(given, env, name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required (or " + OPTIONS.get(name) + ")");
        }
        return value;
    }

    static String usage() {
        return "usage: VerifyReplicationLogin --host ENDPOINT --user USER --region REGION [--port 5432] "
                + "[--database postgres] [--ca-bundle FILE.pem] [--ssl-mode verify-full|require]\n"
                + "  from the environment when absent: PGHOST, PGUSER, AWS_REGION (or AWS_DEFAULT_REGION), PGPORT, "
                + "PGDATABASE\n"
                + "  signs an IAM token with the default AWS credentials, logs in for logical replication and runs "
                + "IDENTIFY_SYSTEM; exit 0 when it worked, 1 when it did not, 2 for a wrong command line";
    }
}
