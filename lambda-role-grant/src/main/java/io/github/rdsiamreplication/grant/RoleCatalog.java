package io.github.rdsiamreplication.grant;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Reads the roles the planner asks about from {@code pg_roles}, {@code pg_auth_members} and {@code pg_shdepend}. */
public final class RoleCatalog {
    private static final String ADMIN_QUERY = """
            SELECT current_user, r.rolsuper, r.rolreplication,
                   current_setting('server_version_num')::int / 10000,
                   (SELECT count(*) FROM pg_roles WHERE rolname IN ('rds_iam', 'rds_replication'))
            FROM pg_roles r WHERE r.rolname = current_user""";

    private static final String ROLES_QUERY = """
            SELECT r.rolname, r.rolreplication,
                   EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                           WHERE m.member = r.oid AND g.rolname = 'rds_iam'),
                   EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                           WHERE m.member = r.oid AND g.rolname = 'rds_replication'),
                   EXISTS (SELECT 1 FROM pg_shdepend d
                           WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid),
                   pg_has_role(current_user, r.oid, 'USAGE')
            FROM pg_roles r WHERE r.rolname = ANY (?)""";

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
        String admin;
        boolean superuser;
        boolean replication;
        int major;
        try (PreparedStatement st = connection.prepareStatement(ADMIN_QUERY); ResultSet rs = st.executeQuery()) {
            rs.next();
            admin = rs.getString(1);
            superuser = rs.getBoolean(2);
            replication = rs.getBoolean(3);
            major = rs.getInt(4);
            if (rs.getInt(5) != 2) {
                throw new IllegalStateException("the roles rds_iam and rds_replication do not both exist in this "
                        + "database server; IAM authentication for replication needs Amazon RDS or Aurora PostgreSQL");
            }
        }
        Map<String, RoleState> roles = new HashMap<>();
        if (!names.isEmpty()) {
            try (PreparedStatement st = connection.prepareStatement(ROLES_QUERY)) {
                Array array = connection.createArrayOf("text", names.toArray());
                st.setArray(1, array);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(1);
                        roles.put(name, new RoleState(name, rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                                rs.getBoolean(5), rs.getBoolean(6)));
                    }
                }
            }
        }
        return new ClusterState(admin, superuser, replication, major, roles);
    }
}
