package io.github.rdsiamreplication.grant;

/**
 * What one resource did to one user, kept in the ledger table so that an Update or Delete undoes only
 * that and leaves everything that was there before alone.
 *
 * @param createdRole the resource created the role
 * @param grantedRdsIam the resource granted {@code rds_iam}
 * @param grantedRdsReplication the resource granted {@code rds_replication}
 * @param setReplicationAttribute the resource ran {@code ALTER ROLE ... WITH REPLICATION}
 */
public record Ownership(boolean createdRole, boolean grantedRdsIam, boolean grantedRdsReplication,
        boolean setReplicationAttribute) {
    /** Nothing done by this resource. */
    public static final Ownership NONE = new Ownership(false, false, false, false);

    /** @return true when this resource did nothing to the user */
    public boolean isEmpty() {
        return !createdRole && !grantedRdsIam && !grantedRdsReplication && !setReplicationAttribute;
    }
}
