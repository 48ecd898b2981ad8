package io.github.rdsiamreplication.grant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads roles as the superuser, to check what the handler did; and resets the server between tests. */
final class RoleInspector {
    private static final Set<String> FIXTURE_ROLES = Set.of("postgres", "rds_iam", "rds_replication",
            "rds_superuser", PostgresServers.ADMIN);

    private final EmbeddedPostgres pg;

    RoleInspector(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    boolean exists(String role) throws SQLException {
        return queryBoolean("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", role);
    }

    boolean canLogin(String role) throws SQLException {
        return queryBoolean("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?", role);
    }

    boolean hasReplicationAttribute(String role) throws SQLException {
        return queryBoolean("SELECT rolreplication FROM pg_roles WHERE rolname = ?", role);
    }

    boolean isMember(String role, String group) throws SQLException {
        return queryBoolean("SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                + "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = ? AND g.rolname = '" + group + "')", role);
    }

    boolean ledgerExists() throws SQLException {
        return ledgerExistsIn("postgres");
    }

    boolean ledgerExistsIn(String database) throws SQLException {
        try (Connection c = pg.getDatabase("postgres", database).getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('" + GrantLedger.TABLE + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** @return the number of ledger rows (0 when there is no ledger) */
    int ledgerRows() throws SQLException {
        if (!ledgerExists()) {
            return 0;
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + GrantLedger.TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** @return the number of ledger rows of the resource {@code logicalId} of {@link Events#STACK_ID} */
    int ledgerRowsOf(String logicalId) throws SQLException {
        if (!ledgerExists()) {
            return 0;
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM " + GrantLedger.TABLE + " WHERE stack_id = ? AND logical_id = ?")) {
            st.setString(1, Events.STACK_ID);
            st.setString(2, logicalId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** @return the role's OID */
    long oid(String role) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT oid FROM pg_roles WHERE rolname = ?")) {
            st.setString(1, role);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    List<String> nonFixtureRoles() throws SQLException {
        List<String> roles = new ArrayList<>();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' "
                        + "ORDER BY rolname")) {
            while (rs.next()) {
                if (!FIXTURE_ROLES.contains(rs.getString(1))) {
                    roles.add(rs.getString(1));
                }
            }
        }
        return roles;
    }

    /** Drops every role and ledger the tests made, so each test starts from a fresh RDS-like server. */
    void reset() throws SQLException {
        for (String db : List.of("postgres", "other_db")) {
            try (Connection c = pg.getDatabase("postgres", db).getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + GrantLedger.SCHEMA + " CASCADE");
                st.execute("DROP TABLE IF EXISTS public.owned_by_user");
                for (String role : nonFixtureRoles()) {
                    st.execute("DROP OWNED BY " + SqlIdentifiers.quote(role) + " CASCADE");
                }
            }
        }
        for (String role : nonFixtureRoles()) {
            PostgresServers.superuserSql(pg, "DROP ROLE " + SqlIdentifiers.quote(role));
        }
    }

    private boolean queryBoolean(String sql, String arg) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
