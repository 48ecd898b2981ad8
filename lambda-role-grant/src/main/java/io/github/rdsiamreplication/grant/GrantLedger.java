package io.github.rdsiamreplication.grant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table in which each resource records what it did to each user ({@link Ownership}), written in
 * the same transaction as the grants. Without it an Update or Delete could not tell a grant this
 * resource made from one that was there before.
 */
public final class GrantLedger {
    /** Schema holding the ledger, in the database the handler logs into. */
    public static final String SCHEMA = "rds_iam_replication";
    /** The ledger table. */
    public static final String TABLE = SCHEMA + ".grant_ledger";

    private static final String CREATE = "CREATE SCHEMA IF NOT EXISTS " + SCHEMA + ";"
            + " CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "resource_id text NOT NULL, user_name text NOT NULL,"
            + " created_role boolean NOT NULL, granted_rds_iam boolean NOT NULL,"
            + " granted_rds_replication boolean NOT NULL, set_replication_attribute boolean NOT NULL,"
            + " PRIMARY KEY (resource_id, user_name))";

    private GrantLedger() {
    }

    /**
     * Creates the schema and table when missing.
     *
     * @param connection admin connection, inside the transaction
     * @throws SQLException on a database error
     */
    public static void ensureExists(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(CREATE);
        }
    }

    /**
     * @param connection admin connection
     * @return whether the ledger table exists
     * @throws SQLException on a database error
     */
    public static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, TABLE);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * @param connection admin connection
     * @param resourceId the resource's physical id
     * @return what it recorded, by user
     * @throws SQLException on a database error
     */
    public static Map<String, Ownership> read(Connection connection, String resourceId) throws SQLException {
        Map<String, Ownership> owned = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT user_name, created_role, granted_rds_iam,"
                + " granted_rds_replication, set_replication_attribute FROM " + TABLE + " WHERE resource_id = ?")) {
            st.setString(1, resourceId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    owned.put(rs.getString(1),
                            new Ownership(rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5)));
                }
            }
        }
        return owned;
    }

    /**
     * @param connection admin connection
     * @param resourceId this resource's physical id
     * @param users the users to ask about
     * @return those of {@code users} that other resources in this database also manage
     * @throws SQLException on a database error
     */
    public static Set<String> usersManagedByOthers(Connection connection, String resourceId, Collection<String> users)
            throws SQLException {
        Set<String> shared = new HashSet<>();
        if (users.isEmpty()) {
            return shared;
        }
        try (PreparedStatement st = connection.prepareStatement("SELECT DISTINCT user_name FROM " + TABLE
                + " WHERE resource_id <> ? AND user_name = ANY (?)")) {
            st.setString(1, resourceId);
            st.setArray(2, connection.createArrayOf("text", users.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    shared.add(rs.getString(1));
                }
            }
        }
        return shared;
    }

    /**
     * Adds what this resource owned of each user to the row of one other resource that manages the
     * same user (the first by resource id), so that the last resource to let go undoes it.
     *
     * @param connection admin connection, inside the transaction
     * @param resourceId this resource's physical id
     * @param owned what to hand over, by user
     * @throws SQLException on a database error
     */
    public static void handOver(Connection connection, String resourceId, Map<String, Ownership> owned)
            throws SQLException {
        if (owned.isEmpty()) {
            return;
        }
        try (PreparedStatement st = connection.prepareStatement("UPDATE " + TABLE + " SET"
                + " created_role = created_role OR ?, granted_rds_iam = granted_rds_iam OR ?,"
                + " granted_rds_replication = granted_rds_replication OR ?,"
                + " set_replication_attribute = set_replication_attribute OR ?"
                + " WHERE user_name = ? AND resource_id = (SELECT min(resource_id) FROM " + TABLE
                + " WHERE user_name = ? AND resource_id <> ?)")) {
            for (Map.Entry<String, Ownership> row : new TreeMap<>(owned).entrySet()) {
                Ownership o = row.getValue();
                st.setBoolean(1, o.createdRole());
                st.setBoolean(2, o.grantedRdsIam());
                st.setBoolean(3, o.grantedRdsReplication());
                st.setBoolean(4, o.setReplicationAttribute());
                st.setString(5, row.getKey());
                st.setString(6, row.getKey());
                st.setString(7, resourceId);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /**
     * Replaces the resource's rows with {@code owned}.
     *
     * @param connection admin connection, inside the transaction
     * @param resourceId the resource's physical id
     * @param owned every user it manages and what it owns of each (empty: forget the resource)
     * @throws SQLException on a database error
     */
    public static void write(Connection connection, String resourceId, Map<String, Ownership> owned)
            throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE resource_id = ?")) {
            st.setString(1, resourceId);
            st.executeUpdate();
        }
        if (owned.isEmpty()) {
            return;
        }
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO " + TABLE
                + " (resource_id, user_name, created_role, granted_rds_iam, granted_rds_replication,"
                + " set_replication_attribute) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Ownership> row : new TreeMap<>(owned).entrySet()) {
                Ownership o = row.getValue();
                st.setString(1, resourceId);
                st.setString(2, row.getKey());
                st.setBoolean(3, o.createdRole());
                st.setBoolean(4, o.grantedRdsIam());
                st.setBoolean(5, o.grantedRdsReplication());
                st.setBoolean(6, o.setReplicationAttribute());
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
