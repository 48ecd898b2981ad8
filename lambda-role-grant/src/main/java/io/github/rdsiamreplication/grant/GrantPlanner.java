package io.github.rdsiamreplication.grant;

import static io.github.rdsiamreplication.grant.SqlIdentifiers.quote;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.RoleNameRules;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pure heart of the handler: desired state + what the database has + what this resource did
 * before (its ledger) -> the statements to run. No I/O; every rule is unit-tested without a database.
 *
 * <p>Rules: a membership or attribute that was already there is left alone and not recorded as ours;
 * users no longer wanted lose only what this resource gave them; a role is dropped only when this
 * resource created it and it owns nothing; the admin user never gets {@code rds_iam}, directly or by
 * inheriting it from a replication user. A Create ({@link DesiredState#onlyAdd()}) never takes anything
 * away: it adopts what an earlier incarnation of the resource recorded. A role with members (they would
 * inherit the grants), or a member of {@code rds_superuser}, is never given {@code rds_iam}. Roles are
 * known by OID as well as by name: a recorded role that was dropped (and perhaps created again under the
 * same name, by someone else for something else) is not this resource's any more; it is never dropped,
 * revoked or stripped, and its ledger row is forgotten with a warning.
 */
public final class GrantPlanner {
    /** The RDS role that makes a user log in with IAM. */
    public static final String RDS_IAM = "rds_iam";
    /** The RDS role that gives replication rights. */
    public static final String RDS_REPLICATION = "rds_replication";

    private GrantPlanner() {
    }

    /**
     * @param desired the users wanted now ({@link DesiredState#NOTHING} on Delete)
     * @param state the database as read just before, under the handler's lock
     * @param rows this resource's ledger rows: what it did to each user before, to which role (by OID), and
     *     which of those users other resources on this server also manage (this resource's work on them is
     *     handed over to them instead of undone)
     * @return the statements, the new ledger, the hand-overs and warnings
     * @throws InvalidRequestException when the request cannot be met safely; nothing has run then
     */
    public static Plan plan(DesiredState desired, ClusterState state, LedgerRows rows) {
        checkSafe(desired, state);
        List<String> revokes = new ArrayList<>();
        List<String> grants = new ArrayList<>();
        Map<String, Ownership> ledger = new HashMap<>();
        Map<String, Ownership> handedOver = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Ownership> recorded = sameRoles(rows, state, warnings);
        Set<String> wantedElsewhere = rows.managedByOthers();

        for (String user : new TreeSet<>(recorded.keySet())) {
            if (desired.users().contains(user)) {
                continue;
            }
            Ownership owned = recorded.get(user);
            if (desired.onlyAdd()) {
                ledger.put(user, owned); // a Create adopts: only an Update or Delete may undo it
                continue;
            }
            if (wantedElsewhere.contains(user)) {
                if (!owned.isEmpty()) {
                    handedOver.put(user, owned);
                }
                warnings.add("user '" + user + "' is also managed by another resource on this server; its "
                        + "grants stay and pass to that resource");
            } else {
                undo(user, owned, state, revokes, warnings);
            }
        }
        for (String user : desired.users()) {
            ledger.put(user, reconcile(user, desired, state, recorded.getOrDefault(user, Ownership.NONE), grants));
        }
        List<String> statements = new ArrayList<>(revokes);
        statements.addAll(grants);
        return new Plan(statements, ledger, handedOver, warnings);
    }

    /**
     * @return the recorded rows whose role still exists with the recorded OID; each other one is forgotten
     *     with a warning, so nothing is ever undone on a role this resource did not work on
     */
    private static Map<String, Ownership> sameRoles(LedgerRows rows, ClusterState state, List<String> warnings) {
        Map<String, Ownership> same = new HashMap<>();
        for (String user : new TreeSet<>(rows.owned().keySet())) {
            RoleState role = state.role(user).orElse(null);
            long recordedOid = rows.roleOids().get(user);
            if (role == null) {
                warnings.add("role '" + user + "' no longer exists; nothing to undo for it, its ledger row is "
                        + "forgotten");
            } else if (role.oid() != recordedOid) {
                warnings.add("role '" + user + "' was dropped and created again since this resource recorded it "
                        + "(OID " + recordedOid + ", now " + role.oid() + "): it is not the role this resource worked "
                        + "on, so it is left untouched (nothing dropped, revoked or stripped) and its ledger row is "
                        + "forgotten");
            } else {
                same.put(user, rows.owned().get(user));
            }
        }
        return same;
    }

    private static void checkSafe(DesiredState desired, ClusterState state) {
        List<String> problems = RoleNameRules.problemsWith(desired.users(), state.adminUser());
        if (desired.users().isEmpty()) {
            problems.clear(); // a Delete wants nothing
        }
        for (String user : desired.users()) {
            state.role(user).filter(RoleState::adminIsMember).ifPresent(r -> problems.add("the admin user '"
                    + state.adminUser() + "' is a member of replication user '" + user + "', so it would inherit "
                    + "rds_iam and be locked out of password logins; revoke that membership or use another user"));
            if (state.role(user).isEmpty() && !desired.createUsers()) {
                problems.add("replication user '" + user + "' does not exist and CreateUsers is false; create the "
                        + "role first or set createUsers to true");
            }
        }
        for (String user : desired.users()) {
            RoleState role = state.role(user).orElse(null);
            if (role == null) {
                continue;
            }
            boolean grantsIam = desired.iamRequired() && !role.memberOfRdsIam();
            boolean grantsRdsReplication = desired.replicationGrant() == ReplicationGrant.RDS_REPLICATION
                    && !role.memberOfRdsReplication();
            if ((grantsIam || grantsRdsReplication) && !role.members().isEmpty()) {
                problems.add("replication user '" + user + "' is a group role with members " + role.members()
                        + ", who would inherit " + (grantsIam ? "rds_iam (and so be forced to log in with IAM)"
                        : "rds_replication") + "; use a role without members, or revoke those memberships first");
            }
            if (grantsIam && role.memberOfRdsSuperuser()) {
                problems.add("replication user '" + user + "' is a member of rds_superuser; granting it rds_iam "
                        + "would force an administrator to log in with IAM. Use a separate replication user");
            }
        }
        if (desired.replicationGrant() == ReplicationGrant.ALTER_ROLE && !desired.users().isEmpty()
                && !state.adminMayAlterReplication()) {
            problems.add("ReplicationGrant alter_role needs an admin that may run ALTER ROLE ... WITH REPLICATION "
                    + "(a superuser" + (state.serverMajorVersion() >= 16 ? ", or a role with REPLICATION" : "")
                    + "), but '" + state.adminUser() + "' is not one; on Amazon RDS use rds_replication (the default)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(String.join("; ", problems));
        }
    }

    private static Ownership reconcile(String user, DesiredState desired, ClusterState state, Ownership before,
            List<String> out) {
        String role = quote(user);
        RoleState current = state.role(user).orElse(null);
        boolean created = before.createdRole();
        if (current == null) {
            out.add("CREATE ROLE " + role + " WITH LOGIN");
            created = true;
        }
        boolean hasIam = current != null && current.memberOfRdsIam();
        boolean hasRdsReplication = current != null && current.memberOfRdsReplication();
        boolean hasAttribute = current != null && current.replicationAttribute();

        boolean iamOurs;
        if (desired.iamRequired()) {
            iamOurs = before.grantedRdsIam() || !hasIam;
            if (!hasIam) {
                out.add("GRANT " + quote(RDS_IAM) + " TO " + role);
            }
        } else {
            // The feature is off: give back password logins, but only where we took them (never on a Create).
            iamOurs = desired.onlyAdd() && before.grantedRdsIam() && hasIam;
            if (!desired.onlyAdd() && before.grantedRdsIam() && hasIam) {
                out.add("REVOKE " + quote(RDS_IAM) + " FROM " + role);
            }
        }
        boolean rdsReplicationOurs;
        boolean attributeOurs;
        if (desired.replicationGrant() == ReplicationGrant.RDS_REPLICATION) {
            rdsReplicationOurs = before.grantedRdsReplication() || !hasRdsReplication;
            if (!hasRdsReplication) {
                out.add("GRANT " + quote(RDS_REPLICATION) + " TO " + role);
            }
            attributeOurs = desired.onlyAdd() && before.setReplicationAttribute() && hasAttribute;
            if (!desired.onlyAdd() && before.setReplicationAttribute() && hasAttribute) {
                out.add("ALTER ROLE " + role + " WITH NOREPLICATION");
            }
        } else {
            attributeOurs = before.setReplicationAttribute() || !hasAttribute;
            if (!hasAttribute) {
                out.add("ALTER ROLE " + role + " WITH REPLICATION");
            }
            rdsReplicationOurs = desired.onlyAdd() && before.grantedRdsReplication() && hasRdsReplication;
            if (!desired.onlyAdd() && before.grantedRdsReplication() && hasRdsReplication) {
                out.add("REVOKE " + quote(RDS_REPLICATION) + " FROM " + role);
            }
        }
        return new Ownership(created, iamOurs, rdsReplicationOurs, attributeOurs);
    }

    /** Undoes this resource's work on a role that is still the one it recorded ({@link #sameRoles}). */
    private static void undo(String user, Ownership owned, ClusterState state, List<String> out,
            List<String> warnings) {
        RoleState current = state.role(user).orElseThrow();
        String role = quote(user);
        if (owned.createdRole() && !current.hasDependencies()) {
            out.add("DROP ROLE " + role); // takes its memberships with it
            return;
        }
        if (owned.grantedRdsReplication() && current.memberOfRdsReplication()) {
            out.add("REVOKE " + quote(RDS_REPLICATION) + " FROM " + role);
        }
        if (owned.setReplicationAttribute() && current.replicationAttribute()) {
            out.add("ALTER ROLE " + role + " WITH NOREPLICATION");
        }
        if (owned.grantedRdsIam() && current.memberOfRdsIam()) {
            out.add("REVOKE " + quote(RDS_IAM) + " FROM " + role);
        }
        if (owned.createdRole()) {
            warnings.add("role '" + user + "' was created by this resource but now owns objects or holds "
                    + "privileges; it is kept (drop it by hand once it is no longer needed)");
        }
    }
}
