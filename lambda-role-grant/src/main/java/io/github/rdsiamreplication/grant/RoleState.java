package io.github.rdsiamreplication.grant;

import java.util.List;

/**
 * What the database says about one existing role.
 *
 * @param name the role name
 * @param oid the role's OID: a role dropped and created again under the same name has another one
 * @param replicationAttribute {@code rolreplication}
 * @param memberOfRdsIam a direct member of {@code rds_iam}
 * @param memberOfRdsReplication a direct member of {@code rds_replication}
 * @param hasDependencies owns objects or holds privileges in some database (pg_shdepend), so DROP ROLE would fail
 * @param adminIsMember the admin user inherits this role's privileges ({@code pg_has_role(..., 'USAGE')}), so it
 *     would inherit what the role is granted. The ADMIN-only membership that PostgreSQL 16 gives a CREATEROLE
 *     user in the roles it creates (INHERIT FALSE, SET FALSE) does not count
 * @param members the roles that are members of this one (other than the admin, whose membership
 *     {@code adminIsMember} covers), sorted: they would inherit what this role is granted
 * @param memberOfRdsSuperuser a direct or indirect member of {@code rds_superuser}
 */
public record RoleState(String name, long oid, boolean replicationAttribute, boolean memberOfRdsIam,
        boolean memberOfRdsReplication, boolean hasDependencies, boolean adminIsMember, List<String> members,
        boolean memberOfRdsSuperuser) {
    /** Makes the member list unmodifiable. */
    public RoleState {
        members = List.copyOf(members);
    }
}
