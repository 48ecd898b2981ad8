package io.github.rdsiamreplication.grant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table in which each resource records what it did to each user ({@link Ownership}), written in
 * the same transaction as the grants. Without it an Update or Delete could not tell a grant this
 * resource made from one that was there before. Each method is one round trip.
 *
 * <p>A row is keyed by the resource's stack id, logical id and the user name, and also holds the physical id
 * of the incarnation that wrote it (its label, see {@link LedgerKey}) and the OID the role had then (a role
 * dropped and created again under the same name is not this resource's, see {@link GrantPlanner}).
 *
 * <p>Roles belong to the whole server, so the ledger does too: it always lives in the maintenance
 * database {@link #DATABASE}, whatever database the resource names, beside the lock table
 * ({@link ServerLock}). Both tables are new names for this shape: a table of an older shape under another name
 * (such as {@code grant_ledger}, keyed by physical id, from before any release) is never read, so it cannot be
 * misread. Every name is schema-qualified and every parameter typed.
 */
public final class GrantLedger {
    /** The database holding the ledger and the lock: RDS always has it and the master user owns it. */
    public static final String DATABASE = "postgres";
    /** Schema holding the ledger and the lock table, owned by the admin user. */
    public static final String SCHEMA = "rds_iam_replication";
    /** The ledger table. */
    public static final String TABLE = SCHEMA + ".role_ledger";

    /**
     * The facts about the ledger schema and its two tables, one row: the admin, the owners of the schema, the
     * ledger table and the lock table (null when missing), and the roles other than a table's owner that hold
     * a privilege other than SELECT on either table or one of its columns (null when none). Any such privilege
     * lets a role lock the table in a mode that blocks the handler ({@link ServerLock}), lock its rows, or
     * write the ledger.
     */
    static final String FACTS = "SELECT CURRENT_USER::pg_catalog.text,"
            + " pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text,"
            + " pg_catalog.pg_get_userbyid(l.relowner)::pg_catalog.text,"
            + " pg_catalog.pg_get_userbyid(k.relowner)::pg_catalog.text,"
            + " (SELECT pg_catalog.string_agg(w.who, ', ' ORDER BY w.who) FROM (SELECT DISTINCT"
            + " CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'::pg_catalog.text"
            + " ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)::pg_catalog.text) END AS who"
            + " FROM pg_catalog.pg_class c, LATERAL (SELECT c.relacl UNION ALL SELECT t.attacl"
            + " FROM pg_catalog.pg_attribute t WHERE t.attrelid OPERATOR(pg_catalog.=) c.oid) acl (items),"
            + " pg_catalog.aclexplode(acl.items) a"
            + " WHERE c.oid IN (l.oid, k.oid) AND a.grantee OPERATOR(pg_catalog.<>) c.relowner"
            + " AND a.privilege_type OPERATOR(pg_catalog.<>) 'SELECT'::pg_catalog.text) w)"
            + " FROM (SELECT) AS one"
            + " LEFT JOIN pg_catalog.pg_namespace n ON n.nspname OPERATOR(pg_catalog.=) '" + SCHEMA + "'::pg_catalog.name"
            + " LEFT JOIN pg_catalog.pg_class l ON l.relnamespace OPERATOR(pg_catalog.=) n.oid"
            + " AND l.relname OPERATOR(pg_catalog.=) 'role_ledger'::pg_catalog.name"
            + " LEFT JOIN pg_catalog.pg_class k ON k.relnamespace OPERATOR(pg_catalog.=) n.oid"
            + " AND k.relname OPERATOR(pg_catalog.=) 'handler_lock'::pg_catalog.name";

    /** Creates what is missing; the lock table has no columns and never holds a row. */
    private static final String CREATE = "CREATE SCHEMA IF NOT EXISTS " + SCHEMA + ";"
            + " CREATE TABLE IF NOT EXISTS " + ServerLock.TABLE + " ();"
            + " CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "stack_id pg_catalog.text NOT NULL, logical_id pg_catalog.text NOT NULL,"
            + " user_name pg_catalog.text NOT NULL, physical_id pg_catalog.text NOT NULL,"
            + " role_oid pg_catalog.oid NOT NULL,"
            + " created_role pg_catalog.bool NOT NULL, granted_rds_iam pg_catalog.bool NOT NULL,"
            + " granted_rds_replication pg_catalog.bool NOT NULL, set_replication_attribute pg_catalog.bool NOT NULL,"
            + " PRIMARY KEY (stack_id, logical_id, user_name))";

    /**
     * Takes back, on the tables named in {@code %s} (a comma-separated list of quoted names), every privilege
     * beyond SELECT that a role other than the owner holds: what default privileges ({@code ALTER DEFAULT
     * PRIVILEGES}) gave when the tables were made, since no one chose grants on them yet.
     */
    private static final String REVOKE_DEFAULTS = "DO $$DECLARE g pg_catalog.text; BEGIN FOR g IN"
            + " SELECT pg_catalog.format('REVOKE %%s ON TABLE %%s FROM %%s', a.privilege_type, c.oid::pg_catalog.regclass,"
            + " CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'::pg_catalog.text"
            + " ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)::pg_catalog.text) END)"
            + " FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a"
            + " WHERE c.oid IN (SELECT pg_catalog.to_regclass(t)::pg_catalog.oid FROM pg_catalog.unnest(ARRAY[%s]::pg_catalog.text[]) t)"
            + " AND a.grantee OPERATOR(pg_catalog.<>) c.relowner"
            + " AND a.privilege_type OPERATOR(pg_catalog.<>) 'SELECT'::pg_catalog.text"
            + " LOOP EXECUTE g; END LOOP; END$$";

    /**
     * Rows in json form: an array of objects with the members {@code u} (user name), {@code c}, {@code i},
     * {@code r} and {@code a} (the {@link Ownership} flags), as {@link #rows(Map)} writes it.
     */
    private static final String COLUMNS = "pg_catalog.json_to_recordset(?::pg_catalog.json)";
    /** The column definition list for {@link #COLUMNS}, after the alias. */
    private static final String COLUMN_TYPES = "(u pg_catalog.text, c pg_catalog.bool, i pg_catalog.bool,"
            + " r pg_catalog.bool, a pg_catalog.bool)";
    /**
     * The {@link LedgerKey} as one row {@code k}: stack, logical, id, and scope (the label a row must carry to be
     * the resource's own, or null for any; see {@link #own(String)}).
     */
    private static final String KEY = "k AS (SELECT ?::pg_catalog.text AS stack, ?::pg_catalog.text AS logical,"
            + " ?::pg_catalog.text AS id, ?::pg_catalog.text AS scope)";
    private static final String READ = "WITH " + KEY + " SELECT l.user_name,"
            + " l.stack_id = k.stack AND l.logical_id = k.logical, k.scope IS NULL OR l.physical_id = k.scope,"
            + " l.role_oid, l.created_role, l.granted_rds_iam, l.granted_rds_replication, l.set_replication_attribute,"
            + " l.physical_id = k.id FROM " + TABLE + " l, k"
            + " WHERE l.user_name IN (SELECT o.user_name FROM " + TABLE + " o WHERE " + own("o") + ")";

    /**
     * Forgets the users this resource no longer manages, hands work over to other resources, and upserts the
     * rest, labeled with this event's physical id and the role's OID now.
     */
    private static final String WRITE = "WITH " + KEY + ","
            + " removed AS (DELETE FROM " + TABLE + " l USING k WHERE " + own("l")
            + " AND NOT (l.user_name IN (SELECT pg_catalog.json_array_elements_text(?::pg_catalog.json)))),"
            + " handed AS (UPDATE " + TABLE + " l SET created_role = l.created_role OR h.c,"
            + " granted_rds_iam = l.granted_rds_iam OR h.i,"
            + " granted_rds_replication = l.granted_rds_replication OR h.r,"
            + " set_replication_attribute = l.set_replication_attribute OR h.a"
            + " FROM " + COLUMNS + " AS h" + COLUMN_TYPES + ", k"
            + " WHERE l.user_name = h.u AND (l.stack_id, l.logical_id) = (SELECT o.stack_id, o.logical_id FROM "
            + TABLE + " o WHERE o.user_name = h.u AND NOT (o.stack_id = k.stack AND o.logical_id = k.logical)"
            + " ORDER BY o.stack_id, o.logical_id LIMIT 1))"
            + " INSERT INTO " + TABLE + " (stack_id, logical_id, user_name, physical_id, role_oid, created_role,"
            + " granted_rds_iam, granted_rds_replication, set_replication_attribute)"
            + " SELECT k.stack, k.logical, n.u, k.id,"
            + " (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = n.u), n.c, n.i, n.r, n.a"
            + " FROM k, " + COLUMNS + " AS n" + COLUMN_TYPES
            + " ON CONFLICT (stack_id, logical_id, user_name) DO UPDATE SET physical_id = EXCLUDED.physical_id,"
            + " role_oid = EXCLUDED.role_oid, created_role = EXCLUDED.created_role,"
            + " granted_rds_iam = EXCLUDED.granted_rds_iam, granted_rds_replication = EXCLUDED.granted_rds_replication,"
            + " set_replication_attribute = EXCLUDED.set_replication_attribute";

    /** Which of the two tables exist, once their owners and grants were checked. */
    record Tables(boolean ledger, boolean lock) {
    }

    private GrantLedger() {
    }

    /**
     * @param alias a ledger row's alias
     * @return the test that the row is the resource's own in this event (the row {@code k} of {@link #KEY})
     */
    private static String own(String alias) {
        return alias + ".stack_id = k.stack AND " + alias + ".logical_id = k.logical AND (k.scope IS NULL OR "
                + alias + ".physical_id = k.scope)";
    }

    /**
     * @param found the tables found before
     * @return the statements that create the schema and the tables that {@code found} lacks, and take back what
     *     default privileges gave on the ones they make beyond SELECT. Not the lock: that needs a transaction block
     */
    static String createSql(Tables found) {
        List<String> made = new ArrayList<>();
        if (!found.ledger()) {
            made.add("'" + TABLE + "'");
        }
        if (!found.lock()) {
            made.add("'" + ServerLock.TABLE + "'");
        }
        return made.isEmpty() ? CREATE : CREATE + "; " + String.format(REVOKE_DEFAULTS, String.join(", ", made));
    }

    /**
     * Reads the columns of {@link #FACTS} from the current row and refuses a schema or table someone else owns,
     * or tables on which another role holds more than SELECT: that role could read or forge what the handler
     * records (and so what a Delete undoes), or hold the handler's lock.
     *
     * @param rs a result positioned on the row
     * @return which tables exist
     * @throws SQLException on a database error
     */
    static Tables checked(ResultSet rs) throws SQLException {
        String admin = rs.getString(1);
        String[][] objects = {{"SCHEMA", SCHEMA}, {"TABLE", TABLE}, {"TABLE", ServerLock.TABLE}};
        for (int i = 0; i < objects.length; i++) {
            String owner = rs.getString(2 + i);
            if (owner != null && !owner.equals(admin)) {
                String kind = objects[i][0];
                String name = objects[i][1];
                throw new IllegalStateException("the ledger " + kind.toLowerCase(Locale.ROOT) + " " + name
                        + " in database '" + DATABASE + "' is owned by '" + owner + "', not by the admin user '" + admin
                        + "': the handler does not write into a schema another role controls. Nothing was changed. "
                        + "Find out who created it; if it is safe, drop it or run ALTER " + kind + " " + name
                        + " OWNER TO " + SqlIdentifiers.quote(admin) + " (and the same for the other objects of "
                        + SCHEMA + ")");
            }
        }
        String writers = rs.getString(5);
        if (writers != null) {
            throw new IllegalStateException("roles other than the admin user '" + admin + "' hold privileges beyond "
                    + "SELECT on " + TABLE + " or " + ServerLock.TABLE + " (" + writers + "): they could forge the "
                    + "ledger or hold the handler's lock and fail every event. Nothing was changed. Revoke them: REVOKE "
                    + "ALL ON TABLE " + TABLE + ", " + ServerLock.TABLE + " FROM " + writers + " (then GRANT SELECT ON "
                    + TABLE + " back where reading the ledger is wanted)");
        }
        return new Tables(rs.getString(3) != null, rs.getString(4) != null);
    }

    /**
     * @param connection admin connection
     * @param key the resource, and which of its rows are its own in this event
     * @return what it recorded, and which of its users other resources manage too
     * @throws SQLException on a database error
     */
    public static LedgerRows read(Connection connection, LedgerKey key) throws SQLException {
        Map<String, Ownership> owned = new HashMap<>();
        Map<String, Long> oids = new HashMap<>();
        Set<String> others = new HashSet<>();
        boolean labeledElsewhere = false;
        try (PreparedStatement st = connection.prepareStatement(READ)) {
            setKey(st, key);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String user = rs.getString(1);
                    if (!rs.getBoolean(2)) {
                        others.add(user);
                    } else if (rs.getBoolean(3)) {
                        owned.put(user, new Ownership(rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7),
                                rs.getBoolean(8)));
                        oids.put(user, rs.getLong(4));
                        labeledElsewhere |= !rs.getBoolean(9);
                    }
                    // else: the resource's row under another label, which a Delete leaves alone
                }
            }
        }
        return new LedgerRows(owned, oids, others, labeledElsewhere);
    }

    /**
     * Records what the resource owns now: replaces its own rows with {@code owned} (labeled with the key's
     * physical id and each role's OID now) and adds {@code handedOver} to the rows of one other resource
     * managing each of those users.
     *
     * @param connection admin connection, inside the transaction
     * @param key the resource, and which of its rows are its own in this event
     * @param owned every user it manages and what it owns of each (empty: forget the resource's own rows)
     * @param handedOver users it lets go of that another resource also manages, with what it owned
     * @throws SQLException on a database error
     */
    public static void write(Connection connection, LedgerKey key, Map<String, Ownership> owned,
            Map<String, Ownership> handedOver) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(WRITE)) {
            setKey(st, key);
            st.setString(5, JsonValues.toJson(new TreeMap<>(owned).keySet()));
            st.setString(6, rows(handedOver));
            st.setString(7, rows(owned));
            st.executeUpdate();
        }
    }

    private static void setKey(PreparedStatement st, LedgerKey key) throws SQLException {
        st.setString(1, key.stackId());
        st.setString(2, key.logicalResourceId());
        st.setString(3, key.physicalId());
        st.setString(4, key.anyLabel() ? null : key.physicalId());
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
