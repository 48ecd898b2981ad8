package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.SettingsInEffect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads, on the admin connection and after the grants, what the server is actually running with:
 * {@code wal_level}, {@code rds.logical_replication}, {@code rds.iam_auth_for_replication}, and which
 * replication users are members (directly or inherited) of {@code rds_iam} and of {@code rds_replication}.
 * One read-only query; every name is schema-qualified.
 */
public final class ServerSettingsReport {
    /**
     * {@code current_setting(name, true)} answers null for a parameter the server does not know.
     * {@code pg_has_role(..., 'MEMBER')} counts inherited memberships too; a missing group role gives null.
     */
    private static final String QUERY = """
            SELECT pg_catalog.current_setting('wal_level'),
                   pg_catalog.current_setting('rds.logical_replication', true),
                   pg_catalog.current_setting('rds.iam_auth_for_replication', true),
                   u.name,
                   COALESCE(pg_catalog.pg_has_role(r.oid, iam.oid, 'MEMBER'), false),
                   COALESCE(r.rolreplication OR pg_catalog.pg_has_role(r.oid, repl.oid, 'MEMBER'), false)
            FROM pg_catalog.json_array_elements_text(?::pg_catalog.json) WITH ORDINALITY AS u(name, position)
            LEFT JOIN pg_catalog.pg_roles r ON r.rolname = u.name
            LEFT JOIN pg_catalog.pg_roles iam ON iam.rolname = 'rds_iam'
            LEFT JOIN pg_catalog.pg_roles repl ON repl.rolname = 'rds_replication'
            ORDER BY u.position""";

    private ServerSettingsReport() {
    }

    /**
     * Reads and logs the settings after the grants were committed. A failure to read them does not fail
     * the deployment (the grants stand): it is logged and reported as {@link SettingsInEffect#unknown()}.
     *
     * @param connection the admin connection the grants were made on
     * @param users the replication users, in the order given (at least one)
     * @param log where the one report line (or the warning) goes
     * @return what is in effect
     */
    public static SettingsInEffect afterGrants(Connection connection, List<String> users, Consumer<String> log) {
        try {
            SettingsInEffect settings = read(connection, users);
            log.accept(settings.logLine());
            return settings;
        } catch (SQLException e) {
            log.accept("warning: the grants are committed, but the settings in effect could not be read: "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            return SettingsInEffect.unknown();
        }
    }

    /**
     * @param connection an open admin connection
     * @param users the replication users, in the order given (at least one)
     * @return what is in effect
     * @throws SQLException on a database error
     */
    public static SettingsInEffect read(Connection connection, List<String> users) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(QUERY)) {
            st.setString(1, JsonValues.toJson(users));
            try (ResultSet rs = st.executeQuery()) {
                String walLevel = null;
                String logical = null;
                String iamAuth = null;
                List<String> withoutIam = new ArrayList<>();
                List<String> withoutReplication = new ArrayList<>();
                while (rs.next()) {
                    walLevel = rs.getString(1);
                    logical = rs.getString(2);
                    iamAuth = rs.getString(3);
                    if (!rs.getBoolean(5)) {
                        withoutIam.add(rs.getString(4));
                    }
                    if (!rs.getBoolean(6)) {
                        withoutReplication.add(rs.getString(4));
                    }
                }
                return new SettingsInEffect(walLevel, SettingsInEffect.normalizeSwitch(logical),
                        SettingsInEffect.normalizeSwitch(iamAuth), withoutIam, withoutReplication);
            }
        }
    }
}
