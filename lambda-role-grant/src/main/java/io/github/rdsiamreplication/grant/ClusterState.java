package io.github.rdsiamreplication.grant;

import java.util.Map;
import java.util.Optional;

/**
 * What the planner needs to know about the database server, read before planning.
 *
 * @param adminUser the user the handler is logged in as ({@code current_user})
 * @param adminSuperuser whether it is a superuser
 * @param adminReplication whether it has the REPLICATION attribute
 * @param serverMajorVersion e.g. 16
 * @param roles the existing roles among those of interest, by name
 */
public record ClusterState(String adminUser, boolean adminSuperuser, boolean adminReplication,
        int serverMajorVersion, Map<String, RoleState> roles) {

    /** Makes the role map unmodifiable. */
    public ClusterState {
        roles = Map.copyOf(roles);
    }

    /**
     * @param name a role name
     * @return the role, if it exists
     */
    public Optional<RoleState> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** @return whether the admin may set the REPLICATION attribute on other roles */
    public boolean adminMayAlterReplication() {
        return adminSuperuser || (serverMajorVersion >= 16 && adminReplication);
    }
}
