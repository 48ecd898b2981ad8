package io.github.rdsiamreplication.grant;

/**
 * What the database says about one existing role.
 *
 * @param name the role name
 * @param replicationAttribute {@code rolreplication}
 * @param memberOfRdsIam a direct member of {@code rds_iam}
 * @param memberOfRdsReplication a direct member of {@code rds_replication}
 * @param hasDependencies owns objects or holds privileges in some database (pg_shdepend), so DROP ROLE would fail
 * @param adminIsMember the admin user is a member of this role, so it would inherit what the role is granted
 */
public record RoleState(String name, boolean replicationAttribute, boolean memberOfRdsIam,
        boolean memberOfRdsReplication, boolean hasDependencies, boolean adminIsMember) {
}
