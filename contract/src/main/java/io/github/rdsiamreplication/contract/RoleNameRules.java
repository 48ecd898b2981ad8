package io.github.rdsiamreplication.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which names may be replication users. Shared by the construct (checked at synth) and the handler
 * (checked again before any SQL), so both give the same answer.
 */
public final class RoleNameRules {
    /** PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated by the server. */
    public static final int MAX_NAME_BYTES = 63;

    private static final Set<String> RESERVED_NAMES =
            Set.of("public", "none", "current_user", "session_user", "current_role", "all");

    private RoleNameRules() {
    }

    /**
     * Checks one replication user name.
     *
     * @param name the role name, exactly as it is in the database (case-sensitive)
     * @return empty when the name is acceptable, else what is wrong and what to do
     */
    public static Optional<String> problemWith(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a replication user name is empty; give each user a name of 1 to "
                    + MAX_NAME_BYTES + " bytes");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return Optional.of("replication user name '" + name + "' is " + bytes + " bytes in UTF-8; PostgreSQL "
                    + "names are at most " + MAX_NAME_BYTES + " bytes, use a shorter name");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("replication user name '" + name.replace("\0", "\\0")
                    + "' contains a NUL character, which PostgreSQL names cannot hold");
        }
        if (name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.contains("${")) {
            return Optional.of("replication user name '" + name + "' contains " + wildcardIn(name) + ", which IAM "
                    + "reads as a wildcard or policy variable in the rds-db:connect resource ARN: a grant for it "
                    + "would let the consumer log in as other database users too. Use a name without *, ? and ${");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("pg_")) {
            return Optional.of("replication user name '" + name + "' starts with pg_, which PostgreSQL reserves "
                    + "for its own roles; choose another name");
        }
        if (lower.startsWith("rds")) {
            return Optional.of("replication user name '" + name + "' starts with rds, which Amazon RDS reserves "
                    + "for its own roles (rdsadmin, rds_iam, rds_replication, ...); choose another name");
        }
        if (RESERVED_NAMES.contains(lower)) {
            return Optional.of("replication user name '" + name + "' is a reserved word for roles in PostgreSQL; "
                    + "choose another name");
        }
        return Optional.empty();
    }

    private static String wildcardIn(String name) {
        return name.indexOf('*') >= 0 ? "'*'" : name.indexOf('?') >= 0 ? "'?'" : "'${'";
    }

    /**
     * Checks a whole list: each name, duplicates, and the admin user (who must never get rds_iam:
     * IAM authentication would then take over its password logins and lock the handler out).
     *
     * @param names the replication users
     * @param adminUser the admin user the handler logs in as, or null when not known
     * @return every problem found, empty when the list is acceptable
     */
    public static List<String> problemsWith(List<String> names, String adminUser) {
        List<String> problems = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            problems.add("no replication users are given; list at least one user name");
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            problemWith(name).ifPresent(problems::add);
            if (name != null && !seen.add(name)) {
                problems.add("replication user '" + name + "' is listed twice; list each user once");
            }
            if (name != null && name.equals(adminUser)) {
                problems.add("replication user '" + name + "' is the admin user the grants are made with; "
                        + "granting it rds_iam would lock that user out of password logins. Use a separate "
                        + "replication user");
            }
        }
        return problems;
    }
}
