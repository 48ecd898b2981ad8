package io.github.rdsiamreplication.cdk;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The two parameters the feature needs, and the check that a parameter map holds them. */
final class ReplicationParameters {
    /** Static: needs a reboot on an existing database. */
    static final String LOGICAL_REPLICATION = "rds.logical_replication";
    /** Dynamic: applies at once. */
    static final String IAM_AUTH_FOR_REPLICATION = "rds.iam_auth_for_replication";

    private ReplicationParameters() {
    }

    /**
     * @param enabled whether IAM authentication for replication is on
     * @return {@code rds.logical_replication=1} and {@code rds.iam_auth_for_replication} 1 or 0 (set to 0
     *     explicitly when off, so that the group says what it means; removing the key would also reset it
     *     to the engine default, which CloudFormation does for both kinds of parameter group), in a
     *     TreeMap so that the order is the same in every JVM
     */
    static Map<String, String> values(boolean enabled) {
        Map<String, String> values = new TreeMap<>();
        values.put(LOGICAL_REPLICATION, "1");
        values.put(IAM_AUTH_FOR_REPLICATION, enabled ? "1" : "0");
        return Collections.unmodifiableMap(values);
    }

    /**
     * @param parameters a parameter group's parameters (resolved), or null
     * @param wanted the values the construct sets
     * @param groupPath the group's construct path, for the message
     * @return one message per wanted parameter the group sets to another value
     */
    static List<String> conflicts(Map<?, ?> parameters, Map<String, String> wanted, String groupPath) {
        if (parameters == null) {
            return List.of();
        }
        return wanted.entrySet().stream()
                .filter(e -> parameters.containsKey(e.getKey()))
                .filter(e -> !e.getValue().equals(String.valueOf(parameters.get(e.getKey()))))
                .map(e -> "parameter group " + groupPath + " sets " + e.getKey() + " to '"
                        + parameters.get(e.getKey()) + "', but IamReplicationAuth sets it to '" + e.getValue()
                        + "'; remove that parameter from the group (the construct sets it) or set it to "
                        + e.getValue())
                .toList();
    }
}
