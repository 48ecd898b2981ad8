package io.github.rdsiamreplication.grant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table in which each resource records what it did to each user ({@link Ownership}), written in
 * the same transaction as the grants. Without it an Update or Delete could not tell a grant this
 * resource made from one that was there before. Each method is one round trip.
 *
 * <p>Roles belong to the whole server, so the ledger does too: it always lives in the maintenance
 * database {@link #DATABASE}, whatever database the resource names, and the advisory lock is taken
 * there (advisory locks are per database). Every name is schema-qualified and every parameter typed.
 */
public final class GrantLedger {
    /** The database holding the ledger and the lock: RDS always has it and the master user owns it. */
    public static final String DATABASE = "postgres";
    /** Schema holding the ledger, owned by the admin user. */
    public static final String SCHEMA = "rds_iam_replication";
    /** The ledger table. */
    public static final String TABLE = SCHEMA + ".grant_ledger";

    /**
     * @param firstFromItem a FROM item giving one row, evaluated first (e.g. taking the advisory lock)
     * @return a query whose columns are: schema owner or null, table exists, table owner or null, the admin
     */
    static String existsQuery(String firstFromItem) {
        return "SELECT pg_catalog.pg_get_userbyid(n.nspowner), c.oid IS NOT NULL,"
                + " pg_catalog.pg_get_userbyid(c.relowner), CURRENT_USER::pg_catalog.text"
                + " FROM " + firstFromItem
                + " LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = '" + SCHEMA + "'"
                + " LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = 'grant_ledger'";
    }

    private static final String CREATE = "CREATE SCHEMA IF NOT EXISTS " + SCHEMA + ";"
            + " CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "resource_id pg_catalog.text NOT NULL, user_name pg_catalog.text NOT NULL,"
            + " created_role pg_catalog.bool NOT NULL, granted_rds_iam pg_catalog.bool NOT NULL,"
            + " granted_rds_replication pg_catalog.bool NOT NULL, set_replication_attribute pg_catalog.bool NOT NULL,"
            + " PRIMARY KEY (resource_id, user_name))";

    /**
     * One typed {@code json} parameter as rows: an array of objects with the members {@code u} (user name),
     * {@code c}, {@code i}, {@code r} and {@code a} (the {@link Ownership} flags), as {@link #rows(Map)} writes it.
     */
    private static final String COLUMNS = "pg_catalog.json_to_recordset(?::pg_catalog.json)";
    /** The column definition list for {@link #COLUMNS}, after the alias. */
    private static final String COLUMN_TYPES = "(u pg_catalog.text, c pg_catalog.bool, i pg_catalog.bool,"
            + " r pg_catalog.bool, a pg_catalog.bool)";

    private static final String READ = "SELECT user_name, resource_id = ?::pg_catalog.text, created_role,"
            + " granted_rds_iam, granted_rds_replication, set_replication_attribute FROM " + TABLE
            + " WHERE user_name IN (SELECT user_name FROM " + TABLE + " WHERE resource_id = ?::pg_catalog.text)";

    /** Forgets users no longer managed, hands work over to other resources, and upserts the rest. */
    private static final String WRITE = "WITH removed AS (DELETE FROM " + TABLE
            + " WHERE resource_id = ?::pg_catalog.text"
            + " AND NOT (user_name IN (SELECT pg_catalog.json_array_elements_text(?::pg_catalog.json)))),"
            + " handed AS (UPDATE " + TABLE + " l SET created_role = l.created_role OR h.c,"
            + " granted_rds_iam = l.granted_rds_iam OR h.i,"
            + " granted_rds_replication = l.granted_rds_replication OR h.r,"
            + " set_replication_attribute = l.set_replication_attribute OR h.a"
            + " FROM " + COLUMNS + " AS h" + COLUMN_TYPES
            + " WHERE l.user_name = h.u AND l.resource_id = (SELECT pg_catalog.min(o.resource_id) FROM " + TABLE
            + " o WHERE o.user_name = h.u AND o.resource_id <> ?::pg_catalog.text))"
            + " INSERT INTO " + TABLE + " SELECT ?::pg_catalog.text, n.u, n.c, n.i, n.r, n.a"
            + " FROM " + COLUMNS + " AS n" + COLUMN_TYPES
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
     * Reads the columns of {@link #existsQuery(String)} from the current row and refuses a ledger someone else owns:
     * writing into a schema another role controls would let that role read or forge what the handler
     * records (and so what a Delete undoes).
     *
     * @param rs a result positioned on the row
     * @param first the column of the schema owner
     * @return whether the ledger table exists
     * @throws SQLException on a database error
     */
    static boolean checkedExists(ResultSet rs, int first) throws SQLException {
        String schemaOwner = rs.getString(first);
        boolean table = rs.getBoolean(first + 1);
        String tableOwner = rs.getString(first + 2);
        String admin = rs.getString(first + 3);
        String owner = schemaOwner != null && !schemaOwner.equals(admin) ? schemaOwner
                : tableOwner != null && !tableOwner.equals(admin) ? tableOwner : null;
        if (owner != null) {
            throw new IllegalStateException("the ledger " + (owner.equals(schemaOwner) ? "schema " + SCHEMA
                    : "table " + TABLE) + " in database '" + DATABASE + "' is owned by '" + owner + "', not by the "
                    + "admin user '" + admin + "': the handler does not write into a schema another role controls. "
                    + "Nothing was changed. Find out who created it; if it is safe, drop it or run ALTER SCHEMA "
                    + SCHEMA + " OWNER TO " + SqlIdentifiers.quote(admin) + " (and the same for its table)");
        }
        return table;
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
            st.setString(2, JsonValues.toJson(new TreeMap<>(owned).keySet()));
            st.setString(3, rows(handedOver));
            st.setString(4, resourceId);
            st.setString(5, resourceId);
            st.setString(6, rows(owned));
            st.executeUpdate();
        }
    }

    /** @return the rows for {@link #COLUMNS}, sorted by user name */
    private static String rows(Map<String, Ownership> rows) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map.Entry<String, Ownership> row : new TreeMap<>(rows).entrySet()) {
            Ownership o = row.getValue();
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("u", row.getKey());
            columns.put("c", o.createdRole());
            columns.put("i", o.grantedRdsIam());
            columns.put("r", o.grantedRdsReplication());
            columns.put("a", o.setReplicationAttribute());
            list.add(columns);
        }
        return JsonValues.toJson(list);
    }
}
