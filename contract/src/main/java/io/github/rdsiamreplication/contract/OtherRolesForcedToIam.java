package io.github.rdsiamreplication.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roles outside the managed replication users that {@code rds.iam_auth_for_replication} forces to log
 * in to replication with IAM: once it is on, every role with both {@code rds_iam} and replication rights
 * ({@code rds_replication} or the {@code REPLICATION} attribute), directly or inherited, must use an IAM
 * token for replication connections, including roles nobody meant to change. Read by the role-grant
 * handler before the switch, returned in its custom-resource {@code Data} under fixed keys (small enough
 * for the 4096-byte response), logged as one line, and turned into the failure message of
 * {@link OtherRolesPolicy#FAIL}. Pure: no I/O.
 *
 * @param checked false when the check did not run ({@link OtherRolesPolicy#IGNORE}); every list is then empty
 * @param admin the admin user the handler logs in as
 * @param adminInRdsIam the admin user is itself a member of {@code rds_iam}: with IAM database authentication
 *     on it can no longer log in with its password, so nothing (this handler included) can log in as it
 * @param sessionDetailsVisible the admin may see other users' client addresses ({@code pg_read_all_stats},
 *     which the RDS master user has through {@code rds_superuser} and {@code pg_monitor}); when false a
 *     session's address is unknown, not absent
 * @param loginRoles the LOGIN roles forced to IAM, by name
 * @param groups the NOLOGIN roles forced to IAM, each with the LOGIN roles that are members of it
 * @param sessions the replication connections (walsenders) the roles in {@link #loginRoles} hold now
 */
public record OtherRolesForcedToIam(boolean checked, String admin, boolean adminInRdsIam,
        boolean sessionDetailsVisible, List<String> loginRoles, List<Group> groups, List<Session> sessions) {
    /**
     * Data key: the LOGIN roles, then each group as {@code name (login members: a, b)}, comma-separated (an
     * entry holding a comma or quote is CSV-quoted), cut with {@code ...(+N more)}.
     */
    public static final String OTHER_ROLES = "OtherRolesForcedToIam";
    /** Data key: the open replication sessions of those roles, written like {@link #OTHER_ROLES}. */
    public static final String OPEN_SESSIONS = "OpenReplicationSessions";
    /** Data key: {@code true} when the admin user is a member of {@code rds_iam} ({@code unknown} when not checked). */
    public static final String ADMIN_IN_RDS_IAM = "AdminInRdsIam";
    /** Data key: {@code false} when the check did not run ({@link OtherRolesPolicy#IGNORE}). */
    public static final String CHECKED = "OtherRolesChecked";

    /** The most {@link #OTHER_ROLES} takes in the response, as JSON in UTF-8. */
    static final int MAX_ROLES_BYTES = 200;
    /** The most {@link #OPEN_SESSIONS} takes in the response, as JSON in UTF-8. */
    static final int MAX_SESSIONS_BYTES = 180;
    /** The most the names take in the log line and in the failure message. */
    static final int MAX_MESSAGE_LIST_BYTES = 1200;

    /**
     * A NOLOGIN role forced to IAM: its members are, whether or not they are listed themselves.
     *
     * @param name the group
     * @param loginMembers its LOGIN members, direct or through other groups, sorted
     */
    public record Group(String name, List<String> loginMembers) {
        /** Copies the list. */
        public Group {
            loginMembers = List.copyOf(loginMembers);
        }

        private String describe() {
            return name + (loginMembers.isEmpty() ? " (no login members)"
                    : " (login members: " + String.join(", ", loginMembers) + ")");
        }
    }

    /**
     * An open replication connection (a walsender).
     *
     * @param user who logged in
     * @param applicationName the {@code application_name} the client sent (any text the client chose)
     * @param clientAddress the client's IP address; null for a local socket, or when the admin may not see it
     * @param pid the server process, for {@code pg_stat_replication} and {@code pg_terminate_backend}
     * @param slot the replication slot it streams from; null when it streams none yet
     */
    public record Session(String user, String applicationName, String clientAddress, int pid, String slot) {
    }

    /** Copies the lists. */
    public OtherRolesForcedToIam {
        loginRoles = List.copyOf(loginRoles);
        groups = List.copyOf(groups);
        sessions = List.copyOf(sessions);
    }

    /** @return the report of a check that did not run ({@link OtherRolesPolicy#IGNORE}) */
    public static OtherRolesForcedToIam notChecked() {
        return new OtherRolesForcedToIam(false, "", false, false, List.of(), List.of(), List.of());
    }

    /** @return true when a role outside the replication users, LOGIN or group, is forced to IAM */
    public boolean anyOtherRoleForced() {
        return !loginRoles.isEmpty() || !groups.isEmpty();
    }

    /** @return true when there is something to warn about: other roles forced, or the admin in {@code rds_iam} */
    public boolean needsAttention() {
        return anyOtherRoleForced() || adminInRdsIam;
    }

    /** @return the fixed keys and their values, together at most about 500 bytes of a custom-resource response */
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(CHECKED, String.valueOf(checked));
        data.put(ADMIN_IN_RDS_IAM, checked ? String.valueOf(adminInRdsIam) : SettingsInEffect.UNKNOWN);
        data.put(OTHER_ROLES, DataLists.joinCapped(roleEntries(), MAX_ROLES_BYTES));
        data.put(OPEN_SESSIONS, DataLists.joinCapped(sessionEntries(), MAX_SESSIONS_BYTES));
        return data;
    }

    /**
     * One log line. When something needs attention it starts with {@code warning: } and names the roles,
     * their open sessions and the remedy.
     *
     * @return the line
     */
    public String logLine() {
        if (!checked) {
            return "other roles forced to IAM for replication: not checked (" + OtherRolesPolicy.PROPERTY + " "
                    + OtherRolesPolicy.IGNORE.propertyValue() + ")";
        }
        if (!needsAttention()) {
            return "other roles forced to IAM for replication: none (no role outside the replication users has "
                    + "both rds_iam and replication rights)";
        }
        return "warning: " + findings() + (anyOtherRoleForced() ? " " + remedy() : "");
    }

    /**
     * The message {@link OtherRolesPolicy#FAIL} stops with, before anything is changed.
     *
     * @return what was found, that nothing was applied, and what to do
     */
    public String failureMessage() {
        return OtherRolesPolicy.PROPERTY + " is " + OtherRolesPolicy.FAIL.propertyValue() + ", and "
                + findings() + " So rds.iam_auth_for_replication was not switched on and nothing was applied. "
                + (anyOtherRoleForced() ? remedy() + " " : "") + "Or, to switch anyway, set the policy to "
                + OtherRolesPolicy.WARN.propertyValue() + " (report and go on) or "
                + OtherRolesPolicy.IGNORE.propertyValue() + ".";
    }

    /**
     * What changed for replication logins once the parameter is in effect.
     *
     * @param settings the settings read after the switch
     * @param managedUsers the managed replication users
     * @return one line: which managed users can now log in to replication with IAM, which cannot yet, and
     *     which other roles are now IAM-only for replication (starting with {@code warning: } when there are any)
     */
    public String afterSwitchLine(SettingsInEffect settings, List<String> managedUsers) {
        StringBuilder line = new StringBuilder();
        boolean switched = "on".equals(settings.iamAuthForReplication()) && "on".equals(settings.logicalReplication())
                && "logical".equals(settings.walLevel());
        if (switched && anyOtherRoleForced()) {
            line.append("warning: ");
        }
        line.append("after the switch: ");
        if (!switched) {
            return line.append("IAM authentication for replication is not in effect (rds.iam_auth_for_replication=")
                    .append(settings.iamAuthForReplication()).append(", rds.logical_replication=")
                    .append(settings.logicalReplication()).append(", wal_level=").append(settings.walLevel())
                    .append("), so replication logins are unchanged: every role still logs in to replication as "
                            + "before").toString();
        }
        List<String> ready = readyUsers(settings, managedUsers);
        List<String> notReady = new ArrayList<>(managedUsers);
        notReady.removeAll(ready);
        line.append("replication users that now open replication connections with IAM tokens: ")
                .append(ready.isEmpty() ? "none" : DataLists.joinCapped(ready, MAX_MESSAGE_LIST_BYTES));
        if (!notReady.isEmpty()) {
            line.append("; not yet (missing rds_iam or replication rights, see the settings line): ")
                    .append(DataLists.joinCapped(notReady, MAX_MESSAGE_LIST_BYTES));
        }
        if (!checked) {
            return line.append("; other roles: not checked").toString();
        }
        line.append("; other roles now IAM-only for replication: ").append(anyOtherRoleForced()
                ? DataLists.joinCapped(roleEntries(), MAX_MESSAGE_LIST_BYTES) : "none");
        if (!sessions.isEmpty()) {
            line.append("; their open sessions keep streaming until they reconnect, then need a token: ")
                    .append(DataLists.joinCapped(sessionEntries(), MAX_MESSAGE_LIST_BYTES));
        }
        return line.toString();
    }

    /**
     * @param settings the settings in effect
     * @param managedUsers the managed replication users
     * @return those with both {@code rds_iam} and replication rights, in the given order
     */
    public static List<String> readyUsers(SettingsInEffect settings, List<String> managedUsers) {
        List<String> ready = new ArrayList<>();
        for (String user : managedUsers) {
            if (!settings.usersWithoutRdsIam().contains(user)
                    && !settings.usersWithoutRdsReplication().contains(user)) {
                ready.add(user);
            }
        }
        return ready;
    }

    private String findings() {
        StringBuilder text = new StringBuilder();
        if (adminInRdsIam) {
            text.append("the admin user '").append(DataLists.printable(admin)).append("' is a member of rds_iam: "
                    + "with IAM database authentication on it can no longer log in with its password, so this "
                    + "handler and your own admin logins fail; REVOKE rds_iam from it (or from the role it has it "
                    + "through) now.");
            if (anyOtherRoleForced()) {
                text.append(" Also, ");
            }
        }
        if (anyOtherRoleForced()) {
            int count = loginRoles.size() + groups.size();
            text.append(count).append(" role(s) outside the replication users have both rds_iam and replication "
                    + "rights, so once rds.iam_auth_for_replication is on they must log in to replication with IAM "
                    + "tokens: ").append(DataLists.joinCapped(roleEntries(), MAX_MESSAGE_LIST_BYTES)).append('.');
            if (sessions.isEmpty()) {
                text.append(" None of them holds a replication connection now.");
            } else {
                text.append(" Open replication sessions of these roles now (each keeps streaming, but its next "
                        + "login with a password is refused): ")
                        .append(DataLists.joinCapped(sessionEntries(), MAX_MESSAGE_LIST_BYTES)).append('.');
            }
        }
        return text.toString();
    }

    private static String remedy() {
        return "Remedy, per role: move its replication clients to IAM tokens (it already has rds_iam; give the "
                + "client's IAM principal rds-db:connect on it), or take rds_iam or its replication rights away "
                + "(REVOKE rds_iam FROM <role>, or REVOKE rds_replication FROM <role> and ALTER ROLE <role> "
                + "NOREPLICATION; for a group, from the group).";
    }

    private List<String> roleEntries() {
        List<String> entries = new ArrayList<>(loginRoles);
        for (Group group : groups) {
            entries.add(group.describe());
        }
        return entries;
    }

    private List<String> sessionEntries() {
        List<String> entries = new ArrayList<>();
        for (Session s : sessions) {
            String from = s.clientAddress() != null ? s.clientAddress()
                    : sessionDetailsVisible ? "a local socket" : "an address the admin may not see";
            entries.add(s.user() + " from " + from + " as '" + s.applicationName() + "'"
                    + (s.slot() == null ? "" : " on slot " + s.slot()) + " (pid " + s.pid() + ")");
        }
        return entries;
    }
}
