package io.github.rdsiamreplication.grant;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the admin's facts and the roles the planner asks about from {@code pg_roles},
 * {@code pg_auth_members} and {@code pg_shdepend}, in one query (one round trip). Every name is
 * schema-qualified and the parameter typed (the names as one {@code json} array, see {@link JsonValues}).
 */
public final class RoleCatalog {
    private static final String QUERY = """
            SELECT a.admin, a.rolsuper, a.rolreplication, a.major, a.rds_roles,
                   r.rolname, r.rolreplication, r.oid,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                           WHERE m.member = r.oid AND g.rolname = 'rds_iam'),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
                           WHERE m.member = r.oid AND g.rolname = 'rds_replication'),
                   EXISTS (SELECT 1 FROM pg_catalog.pg_shdepend d
                           WHERE d.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass AND d.refobjid = r.oid),
                   r.oid IS NOT NULL AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'USAGE'),
                   pg_catalog.array_to_json(ARRAY(SELECT u.rolname::pg_catalog.text FROM pg_catalog.pg_auth_members m
                         JOIN pg_catalog.pg_roles u ON u.oid = m.member
                         WHERE m.roleid = r.oid AND u.rolname <> CURRENT_USER ORDER BY 1))::pg_catalog.text,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_roles s WHERE s.rolname = 'rds_superuser'
                           AND pg_catalog.pg_has_role(r.oid, s.oid, 'MEMBER'))
            FROM (SELECT CURRENT_USER::pg_catalog.text AS admin, rolsuper, rolreplication,
                         pg_catalog.current_setting('server_version_num')::pg_catalog.int4 / 10000 AS major,
                         (SELECT pg_catalog.count(*) FROM pg_catalog.pg_roles
                          WHERE rolname IN ('rds_iam', 'rds_replication')) AS rds_roles
                  FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER) a
            LEFT JOIN pg_catalog.pg_roles r
                   ON r.rolname IN (SELECT pg_catalog.json_array_elements_text(?::pg_catalog.json))""";

    private RoleCatalog() {
    }

    /**
     * @param connection an open admin connection
     * @param names the roles to look up (missing ones are simply absent from the answer)
     * @return the admin's facts and the existing roles among {@code names}
     * @throws SQLException on a database error
     * @throws IllegalStateException when rds_iam / rds_replication do not exist (not an RDS database)
     */
    public static ClusterState read(Connection connection, Collection<String> names) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(QUERY)) {
            st.setString(1, JsonValues.toJson(names));
            try (ResultSet rs = st.executeQuery()) {
                Map<String, RoleState> roles = new HashMap<>();
                String admin = null;
                boolean superuser = false;
                boolean replication = false;
                int major = 0;
                while (rs.next()) {
                    if (rs.getInt(5) != 2) {
                        throw new IllegalStateException("the roles rds_iam and rds_replication do not both exist in "
                                + "this database server; IAM authentication for replication needs Amazon RDS or "
                                + "Aurora PostgreSQL");
                    }
                    admin = rs.getString(1);
                    superuser = rs.getBoolean(2);
                    replication = rs.getBoolean(3);
                    major = rs.getInt(4);
                    String name = rs.getString(6);
                    if (name != null) {
                        roles.put(name, new RoleState(name, rs.getLong(8), rs.getBoolean(7), rs.getBoolean(9),
                                rs.getBoolean(10), rs.getBoolean(11), rs.getBoolean(12), members(rs.getString(13)),
                                rs.getBoolean(14)));
                    }
                }
                return new ClusterState(admin, superuser, replication, major, roles);
            }
        }
    }

    /** The member names, which the query gives as a JSON array of strings. */
    private static List<String> members(String json) throws SQLException {
        try {
            return JsonValues.stringList(json);
        } catch (IOException e) {
            throw new SQLException("the role catalog query gave members that are not a JSON array of names: " + json);
        }
    }
}
