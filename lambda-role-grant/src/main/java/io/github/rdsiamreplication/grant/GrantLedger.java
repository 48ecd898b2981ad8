package io.github.rdsiamreplication.grant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table in which each resource records what it did to each user ({@link Ownership}), written in
 * the same transaction as the grants. Without it an Update or Delete could not tell a grant this
 * resource made from one that was there before. Each method is one round trip.
 */
public final class GrantLedger {
    /** Schema holding the ledger, in the database the handler logs into. */
    public static final String SCHEMA = "rds_iam_replication";
    /** The ledger table. */
    public static final String TABLE = SCHEMA + ".grant_ledger";

    /** Whether the ledger table exists (one boolean column); a FROM clause may follow. */
    static final String EXISTS = "SELECT to_regclass('" + TABLE + "') IS NOT NULL";

    private static final String CREATE = "CREATE SCHEMA IF NOT EXISTS " + SCHEMA + ";"
            + " CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "resource_id text NOT NULL, user_name text NOT NULL,"
            + " created_role boolean NOT NULL, granted_rds_iam boolean NOT NULL,"
            + " granted_rds_replication boolean NOT NULL, set_replication_attribute boolean NOT NULL,"
            + " PRIMARY KEY (resource_id, user_name))";

    private static final String READ = "SELECT user_name, resource_id = ?, created_role, granted_rds_iam,"
            + " granted_rds_replication, set_replication_attribute FROM " + TABLE
            + " WHERE user_name IN (SELECT user_name FROM " + TABLE + " WHERE resource_id = ?)";

    /** Forgets users no longer managed, hands work over to other resources, and upserts the rest. */
    private static final String WRITE = "WITH removed AS (DELETE FROM " + TABLE
            + " WHERE resource_id = ? AND NOT (user_name = ANY (?::text[]))),"
            + " handed AS (UPDATE " + TABLE + " l SET created_role = l.created_role OR h.c,"
            + " granted_rds_iam = l.granted_rds_iam OR h.i,"
            + " granted_rds_replication = l.granted_rds_replication OR h.r,"
            + " set_replication_attribute = l.set_replication_attribute OR h.a"
            + " FROM unnest(?::text[], ?::boolean[], ?::boolean[], ?::boolean[], ?::boolean[]) AS h(u, c, i, r, a)"
            + " WHERE l.user_name = h.u AND l.resource_id = (SELECT min(o.resource_id) FROM " + TABLE + " o"
            + " WHERE o.user_name = h.u AND o.resource_id <> ?))"
            + " INSERT INTO " + TABLE + " SELECT ?, n.u, n.c, n.i, n.r, n.a"
            + " FROM unnest(?::text[], ?::boolean[], ?::boolean[], ?::boolean[], ?::boolean[]) AS n(u, c, i, r, a)"
            + " ON CONFLICT (resource_id, user_name) DO UPDATE SET created_role = EXCLUDED.created_role,"
            + " granted_rds_iam = EXCLUDED.granted_rds_iam, granted_rds_replication = EXCLUDED.granted_rds_replication,"
            + " set_replication_attribute = EXCLUDED.set_replication_attribute";

    private GrantLedger() {
    }

    /**
     * Creates the schema and table when missing.
     *
     * @param connection admin connection, inside the transaction
     * @throws SQLException on a database error
     */
    public static void create(Connection connection) throws SQLException {
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
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(EXISTS)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * @param connection admin connection
     * @param resourceId the resource's physical id
     * @return what it recorded, and which of its users other resources manage too
     * @throws SQLException on a database error
     */
    public static LedgerRows read(Connection connection, String resourceId) throws SQLException {
        Map<String, Ownership> owned = new HashMap<>();
        Set<String> others = new HashSet<>();
        try (PreparedStatement st = connection.prepareStatement(READ)) {
            st.setString(1, resourceId);
            st.setString(2, resourceId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(2)) {
                        owned.put(rs.getString(1),
                                new Ownership(rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6)));
                    } else {
                        others.add(rs.getString(1));
                    }
                }
            }
        }
        return new LedgerRows(owned, others);
    }

    /**
     * Records what the resource owns now: replaces its rows with {@code owned} and adds
     * {@code handedOver} to the rows of one other resource managing each of those users.
     *
     * @param connection admin connection, inside the transaction
     * @param resourceId the resource's physical id
     * @param owned every user it manages and what it owns of each (empty: forget the resource)
     * @param handedOver users it lets go of that another resource also manages, with what it owned
     * @throws SQLException on a database error
     */
    public static void write(Connection connection, String resourceId, Map<String, Ownership> owned,
            Map<String, Ownership> handedOver) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(WRITE)) {
            st.setString(1, resourceId);
            st.setArray(2, connection.createArrayOf("text", new TreeMap<>(owned).keySet().toArray()));
            setColumns(connection, st, 3, handedOver);
            st.setString(8, resourceId);
            st.setString(9, resourceId);
            setColumns(connection, st, 10, owned);
            st.executeUpdate();
        }
    }

    private static void setColumns(Connection connection, PreparedStatement st, int first,
            Map<String, Ownership> rows) throws SQLException {
        List<String> users = new ArrayList<>();
        List<Boolean> created = new ArrayList<>();
        List<Boolean> iam = new ArrayList<>();
        List<Boolean> replication = new ArrayList<>();
        List<Boolean> attribute = new ArrayList<>();
        new TreeMap<>(rows).forEach((user, o) -> {
            users.add(user);
            created.add(o.createdRole());
            iam.add(o.grantedRdsIam());
            replication.add(o.grantedRdsReplication());
            attribute.add(o.setReplicationAttribute());
        });
        st.setArray(first, connection.createArrayOf("text", users.toArray()));
        st.setArray(first + 1, connection.createArrayOf("bool", created.toArray()));
        st.setArray(first + 2, connection.createArrayOf("bool", iam.toArray()));
        st.setArray(first + 3, connection.createArrayOf("bool", replication.toArray()));
        st.setArray(first + 4, connection.createArrayOf("bool", attribute.toArray()));
    }
}
