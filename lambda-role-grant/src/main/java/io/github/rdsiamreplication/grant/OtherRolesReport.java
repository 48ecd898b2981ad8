package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.OtherRolesForcedToIam;
import io.github.rdsiamreplication.contract.OtherRolesPolicy;
import io.github.rdsiamreplication.contract.SettingsInEffect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds, on the admin connection, the roles outside the managed replication users that
 * {@code rds.iam_auth_for_replication} will force to log in to replication with IAM, and the replication
 * connections they hold now ({@link OtherRolesForcedToIam}). One read-only query (one round trip); every
 * name is schema-qualified and the one parameter typed (the managed users as one {@code json} array).
 *
 * <p><b>Who is forced.</b> AWS: "When you enable the feature, users with both {@code rds_iam} and
 * {@code rds_replication} roles must use IAM authentication for replication connections. This applies
 * whether the roles are assigned directly to the user or inherited through other roles"; its own steps give
 * replication rights with {@code ALTER USER ... WITH REPLICATION} and say that user must then use IAM, so
 * the {@code REPLICATION} attribute counts as a replication right too, as in {@link ServerSettingsReport}
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.FeatureSupport.IAMLogicalReplication.html).
 * A role holds a right when a chain of grants in {@code pg_auth_members} leads from it to {@code rds_iam}
 * (or {@code rds_replication}), whatever its INHERIT settings. Two kinds of "membership" are not followed,
 * unlike {@code pg_has_role(..., 'MEMBER')} (which {@link ServerSettingsReport} uses for the managed users,
 * where neither arises on RDS): a superuser's implicit membership in every role (on RDS the
 * only superuser is AWS's own {@code rdsadmin}), and, from PostgreSQL 16, a grant that carries nothing but
 * the ADMIN OPTION ({@code INHERIT FALSE, SET FALSE}): PostgreSQL 16 gives the creator of every role such a
 * grant on it, so following it would count the master user as a member of every replication user it
 * created. No role is skipped by name: a built-in or {@code rds*} role shows up only if someone granted it
 * both rights, and then its members are forced too. The admin itself is not listed among the others; it is
 * checked on its own ({@link OtherRolesForcedToIam#adminInRdsIam()}), since it must never have {@code rds_iam}.
 *
 * <p><b>Open sessions</b> come from {@code pg_stat_replication}, which lists every walsender (streaming
 * or just connected) with its user and {@code application_name} to any user; the client address needs
 * {@code pg_read_all_stats} (PostgreSQL's monitoring documentation: "Ordinary users can only see all the
 * information about their own sessions"). The RDS master user has it: {@code rds_superuser} is a member of
 * {@code pg_monitor}, and AWS documents that it can see all connections in {@code pg_stat_activity}
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Roles.rds_superuser.html).
 * {@code pg_stat_activity} filtered on {@code backend_type = 'walsender'} would not do: without that right
 * {@code backend_type} reads as null, and the session would be missed rather than shown without its address.
 */
public final class OtherRolesReport {
    /**
     * Rows, by kind: {@code a} the admin (in rds_iam; may see addresses), {@code r} a forced role (LOGIN or
     * not), {@code m} a LOGIN member of a forced group, {@code s} an open replication session. The
     * {@code inherit_option} and {@code set_option} columns exist from PostgreSQL 16 on, so they are read
     * through {@code row_to_json} (absent on 14: every grant then counts). Names sort bytewise (collation C).
     */
    private static final String QUERY = """
            WITH RECURSIVE
              rights AS (
                SELECT (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'rds_iam') AS iam,
                       (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'rds_replication') AS repl,
                       (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'pg_read_all_stats') AS stats),
              edges AS (
                SELECT m.member, m.roleid FROM pg_catalog.pg_auth_members m
                WHERE NOT (m.admin_option
                  AND NOT COALESCE((pg_catalog.row_to_json(m) OPERATOR(pg_catalog.->>) 'inherit_option')
                                   ::pg_catalog.bool, true)
                  AND NOT COALESCE((pg_catalog.row_to_json(m) OPERATOR(pg_catalog.->>) 'set_option')
                                   ::pg_catalog.bool, true))),
              holds(role, granted) AS (
                SELECT e.member, e.roleid FROM edges e, rights WHERE e.roleid IN (rights.iam, rights.repl)
                UNION
                SELECT e.member, h.granted FROM holds h JOIN edges e ON e.roleid = h.role),
              forced AS (
                SELECT r.oid, r.rolname, r.rolcanlogin FROM pg_catalog.pg_roles r, rights
                WHERE EXISTS (SELECT 1 FROM holds h WHERE h.role = r.oid AND h.granted = rights.iam)
                  AND (r.rolreplication
                       OR EXISTS (SELECT 1 FROM holds h WHERE h.role = r.oid AND h.granted = rights.repl))),
              other AS (
                SELECT f.oid, f.rolname, f.rolcanlogin FROM forced f
                WHERE f.rolname <> CURRENT_USER
                  AND f.rolname NOT IN (SELECT pg_catalog.json_array_elements_text(?::pg_catalog.json))),
              below(role, grp) AS (
                SELECT e.member, e.roleid FROM edges e JOIN other o ON o.oid = e.roleid AND NOT o.rolcanlogin
                UNION
                SELECT e.member, b.grp FROM below b JOIN edges e ON e.roleid = b.role)
            SELECT 'a' AS kind, CURRENT_USER::pg_catalog.text COLLATE pg_catalog."C" AS name,
                   NULL::pg_catalog.bool AS login,
                   EXISTS (SELECT 1 FROM holds h JOIN pg_catalog.pg_roles r ON r.oid = h.role, rights
                           WHERE r.rolname = CURRENT_USER AND h.granted = rights.iam) AS admin_in_iam,
                   COALESCE((SELECT pg_catalog.pg_has_role(CURRENT_USER, rights.stats, 'USAGE') FROM rights), false)
                       AS sees_addresses,
                   NULL::pg_catalog.text COLLATE pg_catalog."C" AS detail, NULL::pg_catalog.text AS address,
                   NULL::pg_catalog.int4 AS pid,
                   NULL::pg_catalog.text AS slot
            UNION ALL
            SELECT 'r', o.rolname::pg_catalog.text, o.rolcanlogin, NULL, NULL, NULL, NULL, NULL, NULL FROM other o
            UNION ALL
            SELECT 'm', g.rolname::pg_catalog.text, NULL, NULL, NULL, u.rolname::pg_catalog.text, NULL, NULL, NULL
            FROM below b JOIN pg_catalog.pg_roles g ON g.oid = b.grp JOIN pg_catalog.pg_roles u ON u.oid = b.role
            WHERE u.rolcanlogin
            UNION ALL
            SELECT 's', s.usename::pg_catalog.text, NULL, NULL, NULL, s.application_name::pg_catalog.text,
                   pg_catalog.host(s.client_addr), s.pid, l.slot_name::pg_catalog.text
            FROM pg_catalog.pg_stat_replication s JOIN other o ON o.oid = s.usesysid
            LEFT JOIN pg_catalog.pg_replication_slots l ON l.active_pid = s.pid
            ORDER BY 1, 2, 6, 8""";

    private OtherRolesReport() {
    }

    /**
     * @param connection an open admin connection
     * @param managedUsers the replication users the construct manages (left out of the report)
     * @return the roles forced to IAM besides them, and their open replication sessions
     * @throws SQLException on a database error
     */
    public static OtherRolesForcedToIam read(Connection connection, List<String> managedUsers) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(QUERY)) {
            st.setString(1, JsonValues.toJson(managedUsers));
            try (ResultSet rs = st.executeQuery()) {
                String admin = null;
                boolean adminInRdsIam = false;
                boolean seesAddresses = false;
                List<String> loginRoles = new ArrayList<>();
                List<String> groupNames = new ArrayList<>();
                Map<String, List<String>> members = new LinkedHashMap<>();
                List<OtherRolesForcedToIam.Session> sessions = new ArrayList<>();
                while (rs.next()) {
                    String name = rs.getString(2);
                    switch (rs.getString(1)) {
                        case "a" -> {
                            admin = name;
                            adminInRdsIam = rs.getBoolean(4);
                            seesAddresses = rs.getBoolean(5);
                        }
                        case "m" -> {
                            List<String> of = members.get(name);
                            if (of == null) {
                                of = new ArrayList<>();
                                members.put(name, of);
                            }
                            of.add(rs.getString(6));
                        }
                        case "r" -> {
                            if (rs.getBoolean(3)) {
                                loginRoles.add(name);
                            } else {
                                groupNames.add(name);
                            }
                        }
                        default -> sessions.add(new OtherRolesForcedToIam.Session(name,
                                rs.getString(6) == null ? "" : rs.getString(6), rs.getString(7), rs.getInt(8),
                                rs.getString(9)));
                    }
                }
                List<OtherRolesForcedToIam.Group> groups = new ArrayList<>();
                for (String group : groupNames) {
                    List<String> of = members.get(group);
                    groups.add(new OtherRolesForcedToIam.Group(group, of == null ? List.of() : of));
                }
                return new OtherRolesForcedToIam(true, admin, adminInRdsIam, seesAddresses, loginRoles, groups,
                        sessions);
            }
        }
    }

    /**
     * The check before {@code rds.iam_auth_for_replication} is switched on: reads the report (unless the
     * policy is {@link OtherRolesPolicy#IGNORE}), logs its line, and under {@link OtherRolesPolicy#FAIL}
     * refuses when a role is forced or the admin is in {@code rds_iam}. It changes nothing, so the caller
     * can run it before any change and stop there.
     *
     * @param connection an open admin connection
     * @param managedUsers the replication users the construct manages
     * @param policy what to do about other roles forced to IAM
     * @param log where the one line goes
     * @return the report, for {@code Data} ({@link OtherRolesForcedToIam#notChecked()} under IGNORE)
     * @throws IllegalStateException under FAIL when something needs attention, with
     *     {@link OtherRolesForcedToIam#failureMessage()}
     * @throws SQLException on a database error (the query aborts the caller's transaction, as any would)
     */
    public static OtherRolesForcedToIam beforeSwitch(Connection connection, List<String> managedUsers,
            OtherRolesPolicy policy, Consumer<String> log) throws SQLException {
        OtherRolesForcedToIam report = policy == OtherRolesPolicy.IGNORE ? OtherRolesForcedToIam.notChecked()
                : read(connection, managedUsers);
        log.accept(report.logLine());
        if (policy == OtherRolesPolicy.FAIL && report.needsAttention()) {
            throw new IllegalStateException(report.failureMessage());
        }
        return report;
    }

    /**
     * The view after the switch, logged as one line: which managed users now open replication connections
     * with IAM, which other roles are now IAM-only for replication. Call it once the change is committed: a
     * failure to read is logged and reported as not checked, never thrown.
     *
     * @param connection an open admin connection
     * @param managedUsers the replication users the construct manages
     * @param settings the settings in effect after the switch ({@link ServerSettingsReport})
     * @param policy the policy ({@link OtherRolesPolicy#IGNORE} does not look at other roles)
     * @param log where the one line goes
     * @return the report of other roles, for {@code Data}
     */
    public static OtherRolesForcedToIam afterSwitch(Connection connection, List<String> managedUsers,
            SettingsInEffect settings, OtherRolesPolicy policy, Consumer<String> log) {
        OtherRolesForcedToIam report = OtherRolesForcedToIam.notChecked();
        if (policy != OtherRolesPolicy.IGNORE) {
            try {
                report = read(connection, managedUsers);
            } catch (SQLException e) {
                log.accept("warning: the roles other than the replication users could not be checked after the "
                        + "switch: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            }
        }
        log.accept(report.afterSwitchLine(settings, managedUsers));
        return report;
    }
}
