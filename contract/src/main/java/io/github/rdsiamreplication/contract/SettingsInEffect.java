package io.github.rdsiamreplication.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a database server is actually running with, as far as IAM authentication for replication is
 * concerned: read by the role-grant handler after its grants, returned in its custom-resource
 * {@code Data} under fixed keys (the construct's {@code attr*} values), and read back by the login
 * check to explain a refused login. Pure: no I/O.
 *
 * @param walLevel {@code wal_level} in effect ({@code logical} once {@code rds.logical_replication} applied)
 * @param logicalReplication {@code rds.logical_replication} in effect: {@code on}, {@code off} or
 *     {@link #ABSENT} (the server does not know the parameter: not Amazon RDS)
 * @param iamAuthForReplication {@code rds.iam_auth_for_replication} in effect: {@code on}, {@code off} or
 *     {@link #ABSENT} (this engine version does not have the feature)
 * @param usersWithoutRdsIam replication users that are not members of {@code rds_iam}, directly or inherited
 * @param usersWithoutRdsReplication replication users that are neither members of {@code rds_replication}
 *     (directly or inherited) nor have the {@code REPLICATION} attribute
 */
public record SettingsInEffect(String walLevel, String logicalReplication, String iamAuthForReplication,
        List<String> usersWithoutRdsIam, List<String> usersWithoutRdsReplication) {
    /** Data key: {@code wal_level}. */
    public static final String WAL_LEVEL = "WalLevel";
    /** Data key: {@code rds.logical_replication}. */
    public static final String LOGICAL_REPLICATION = "LogicalReplication";
    /** Data key: {@code rds.iam_auth_for_replication}. */
    public static final String IAM_AUTH_FOR_REPLICATION = "IamAuthForReplication";
    /** Data key: users not in {@code rds_iam}, comma-separated (a name holding a comma or quote is CSV-quoted). */
    public static final String USERS_WITHOUT_RDS_IAM = "UsersWithoutRdsIam";
    /** Data key: users without replication rights, written like {@link #USERS_WITHOUT_RDS_IAM}. */
    public static final String USERS_WITHOUT_RDS_REPLICATION = "UsersWithoutRdsReplication";
    /** Data key: {@code true} when IAM authentication for replication is in effect for every user. */
    public static final String IN_EFFECT = "InEffect";
    /** Data key: why it is not in effect and what to do (empty when it is). */
    public static final String ADVICE = "Advice";
    /** The value of a parameter the server does not know. */
    public static final String ABSENT = "absent";
    /** Every value when the settings could not be read. */
    public static final String UNKNOWN = "unknown";

    /** Longest user list kept in {@code Data} (the whole custom-resource response is limited to 4096 bytes). */
    static final int MAX_LIST_CHARS = 600;
    /** Longest advice kept in {@code Data}. */
    static final int MAX_ADVICE_CHARS = 1200;

    /** Copies the lists. */
    public SettingsInEffect {
        usersWithoutRdsIam = List.copyOf(usersWithoutRdsIam);
        usersWithoutRdsReplication = List.copyOf(usersWithoutRdsReplication);
    }

    /** @return the report when the settings could not be read: every value {@link #UNKNOWN}, not in effect */
    public static SettingsInEffect unknown() {
        return new SettingsInEffect(UNKNOWN, UNKNOWN, UNKNOWN, List.of(), List.of());
    }

    /**
     * @param raw a boolean server setting as {@code current_setting} shows it ({@code on}, {@code 1},
     *     {@code true}...), or null when the server does not know it
     * @return {@code on}, {@code off} or {@link #ABSENT}; any other text unchanged
     */
    public static String normalizeSwitch(String raw) {
        if (raw == null || raw.isBlank()) {
            return ABSENT;
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "on", "1", "true", "yes" -> "on";
            case "off", "0", "false", "no" -> "off";
            default -> value;
        };
    }

    /** @return true when {@code wal_level} is logical and both parameters are on, and every user has both roles */
    public boolean inEffect() {
        return problems().isEmpty();
    }

    /**
     * @return why IAM authentication for replication is not in effect, each with what to do; empty when it is
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (UNKNOWN.equals(walLevel)) {
            problems.add("the settings in effect could not be read after the grants; the role-grant handler's log "
                    + "says why");
            return problems;
        }
        if (ABSENT.equals(logicalReplication)) {
            problems.add("the server has no rds.logical_replication parameter: this is not Amazon RDS or Aurora "
                    + "PostgreSQL");
        } else if (!"on".equals(logicalReplication) || !"logical".equals(walLevel)) {
            problems.add("logical replication is not in effect (rds.logical_replication=" + logicalReplication
                    + ", wal_level=" + walLevel + "): rds.logical_replication is static and waits for a reboot; "
                    + "reboot the database in a window you choose, or set rebootPolicy(RebootPolicy.IF_PENDING)");
        }
        if (ABSENT.equals(iamAuthForReplication)) {
            problems.add("the server has no rds.iam_auth_for_replication parameter: upgrade to an engine version "
                    + "that supports IAM authentication for replication");
        } else if (!"on".equals(iamAuthForReplication)) {
            problems.add("rds.iam_auth_for_replication is " + iamAuthForReplication + ": it is dynamic, so it is "
                    + "either still being applied (wait a minute and redeploy) or switched off (enabled(false), or "
                    + "the database uses another parameter group)");
        }
        if (!usersWithoutRdsIam.isEmpty()) {
            problems.add(usersWithoutRdsIam.size() + " user(s) not in rds_iam (" + USERS_WITHOUT_RDS_IAM
                    + "): they log in with passwords, not IAM tokens");
        }
        if (!usersWithoutRdsReplication.isEmpty()) {
            problems.add(usersWithoutRdsReplication.size() + " user(s) without rds_replication ("
                    + USERS_WITHOUT_RDS_REPLICATION + "): they cannot open replication connections");
        }
        return problems;
    }

    /** @return the fixed keys and their values, small enough for a custom-resource response */
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(WAL_LEVEL, walLevel);
        data.put(LOGICAL_REPLICATION, logicalReplication);
        data.put(IAM_AUTH_FOR_REPLICATION, iamAuthForReplication);
        data.put(USERS_WITHOUT_RDS_IAM, joinCapped(usersWithoutRdsIam));
        data.put(USERS_WITHOUT_RDS_REPLICATION, joinCapped(usersWithoutRdsReplication));
        data.put(IN_EFFECT, String.valueOf(inEffect()));
        String advice = String.join("; ", problems());
        data.put(ADVICE, advice.length() <= MAX_ADVICE_CHARS ? advice : advice.substring(0, MAX_ADVICE_CHARS - 3)
                + "...");
        return data;
    }

    /**
     * The values back from {@link #toData()} (or from the custom-resource properties that carry them).
     * A capped user list comes back without its {@code ...(+N more)} tail.
     *
     * @param data the map; missing keys read as {@link #ABSENT} or an empty list
     * @return the settings
     */
    public static SettingsInEffect fromData(Map<String, ?> data) {
        return new SettingsInEffect(text(data, WAL_LEVEL, ABSENT), text(data, LOGICAL_REPLICATION, ABSENT),
                text(data, IAM_AUTH_FOR_REPLICATION, ABSENT), split(text(data, USERS_WITHOUT_RDS_IAM, "")),
                split(text(data, USERS_WITHOUT_RDS_REPLICATION, "")));
    }

    /** @return one log line: the values and, when not in effect, why and what to do */
    public String logLine() {
        return "settings in effect: wal_level=" + walLevel + ", rds.logical_replication=" + logicalReplication
                + ", rds.iam_auth_for_replication=" + iamAuthForReplication + ", users without rds_iam="
                + usersWithoutRdsIam + ", without rds_replication=" + usersWithoutRdsReplication
                + (inEffect() ? "; IAM authentication for replication is in effect"
                        : "; NOT yet in effect: " + String.join("; ", problems()));
    }

    /**
     * Why a replication login with an IAM token was refused, as far as these settings tell.
     *
     * @param user the user that tried to log in
     * @return the likely causes, most specific first, each with its remedy
     */
    public String loginDiagnosis(String user) {
        List<String> causes = new ArrayList<>();
        if (usersWithoutRdsIam.contains(user)) {
            causes.add("'" + user + "' is not a member of rds_iam, so the server checks a password, not the token");
        }
        if (usersWithoutRdsReplication.contains(user)) {
            causes.add("'" + user + "' has no replication rights (rds_replication)");
        }
        for (String problem : problems()) {
            if (!problem.contains(USERS_WITHOUT_RDS_IAM) && !problem.contains(USERS_WITHOUT_RDS_REPLICATION)) {
                causes.add(problem);
            }
        }
        if (causes.isEmpty()) {
            causes.add("the settings are in effect, so the token itself was refused: IAM database authentication "
                    + "may still be being applied to the database (wait and redeploy), or the signing role lacks "
                    + "rds-db:connect on dbuser:{resource-id}/" + user);
        }
        return String.join("; ", causes);
    }

    private static String text(Map<String, ?> data, String key, String fallback) {
        Object value = data.get(key);
        return value == null ? fallback : String.valueOf(value);
    }

    /** Reads the CSV-style list {@link #joinCapped} writes (names with a comma or quote are quoted). */
    private static List<String> split(String joined) {
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (quoted && c == '"' && i + 1 < joined.length() && joined.charAt(i + 1) == '"') {
                name.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                addName(names, name.toString());
                name.setLength(0);
            } else {
                name.append(c);
            }
        }
        addName(names, name.toString());
        return names;
    }

    private static void addName(List<String> names, String name) {
        if (!name.isEmpty() && !name.startsWith("...(+")) {
            names.add(name);
        }
    }

    private static String joinCapped(List<String> names) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String next = (i == 0 ? "" : ",") + DataLists.csvQuote(name);
            if (joined.length() + next.length() > MAX_LIST_CHARS - 20) {
                return joined + ",...(+" + (names.size() - i) + " more)";
            }
            joined.append(next);
        }
        return joined.toString();
    }
}
