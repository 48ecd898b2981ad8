package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.ReplicationGrant;

import java.util.List;

/**
 * What the resource wants: these users, able to replicate, logging in with IAM.
 *
 * @param users replication users, in the order given
 * @param createUsers create missing users
 * @param replicationGrant how to give replication rights
 * @param iamRequired whether the users get {@code rds_iam} (false: the feature is off, revoke ours)
 */
public record DesiredState(List<String> users, boolean createUsers, ReplicationGrant replicationGrant,
        boolean iamRequired) {
    /** Wanted by a Delete: nothing. */
    public static final DesiredState NOTHING =
            new DesiredState(List.of(), false, ReplicationGrant.RDS_REPLICATION, false);

    /** Makes the user list unmodifiable. */
    public DesiredState {
        users = List.copyOf(users);
    }

    /**
     * @param properties resource properties
     * @return the state they ask for
     */
    public static DesiredState of(GrantProperties properties) {
        return new DesiredState(properties.users(), properties.createUsers(), properties.replicationGrant(),
                properties.enabled());
    }
}
