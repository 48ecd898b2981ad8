package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.lambdakit.RequestType;

import java.util.List;

/**
 * What the resource wants: these users, able to replicate, logging in with IAM.
 *
 * @param users replication users, in the order given
 * @param createUsers create missing users
 * @param replicationGrant how to give replication rights
 * @param iamRequired whether the users get {@code rds_iam} (false: the feature is off, revoke ours)
 * @param onlyAdd a Create: nothing is taken away (no REVOKE, no DROP, no hand-over); what an earlier
 *     incarnation of the same resource recorded is adopted and kept
 */
public record DesiredState(List<String> users, boolean createUsers, ReplicationGrant replicationGrant,
        boolean iamRequired, boolean onlyAdd) {
    /** Wanted by a Delete: nothing. */
    public static final DesiredState NOTHING =
            new DesiredState(List.of(), false, ReplicationGrant.RDS_REPLICATION, false, false);

    /**
     * An Update's (or Delete's) state, which may take away what this resource did before.
     *
     * @param users replication users
     * @param createUsers create missing users
     * @param replicationGrant how to give replication rights
     * @param iamRequired whether the users get {@code rds_iam}
     */
    public DesiredState(List<String> users, boolean createUsers, ReplicationGrant replicationGrant,
            boolean iamRequired) {
        this(users, createUsers, replicationGrant, iamRequired, false);
    }

    /** Makes the user list unmodifiable. */
    public DesiredState {
        users = List.copyOf(users);
    }

    /**
     * @param properties resource properties
     * @param type the event: a Create only adds
     * @return the state they ask for
     */
    public static DesiredState of(GrantProperties properties, RequestType type) {
        return new DesiredState(properties.users(), properties.createUsers(), properties.replicationGrant(),
                properties.enabled(), type == RequestType.CREATE);
    }
}
