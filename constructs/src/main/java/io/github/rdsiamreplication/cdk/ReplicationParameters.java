package io.github.rdsiamreplication.cdk;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The two parameters the feature needs, and the check that a parameter map holds them. */
public final class ReplicationParameters {
    /** Static: needs a reboot on an existing database. */
    public static final String LOGICAL_REPLICATION = "rds.logical_replication";
    /** Dynamic: applies at once. */
    public static final String IAM_AUTH_FOR_REPLICATION = "rds.iam_auth_for_replication";

    /** Both parameters set to 1, sorted by name (a TreeMap: its order is the same in every JVM). */
    public static final Map<String, String> REQUIRED;

    static {
        Map<String, String> required = new TreeMap<>();
        required.put(LOGICAL_REPLICATION, "1");
        required.put(IAM_AUTH_FOR_REPLICATION, "1");
        REQUIRED = Collections.unmodifiableMap(required);
    }

    private ReplicationParameters() {
    }

    /**
     * @param parameters a parameter group's parameters (resolved), or null
     * @param groupPath the group's construct path, for the message
     * @return one message per required parameter set to another value
     */
    public static List<String> conflicts(Map<?, ?> parameters, String groupPath) {
        if (parameters == null) {
            return List.of();
        }
        return REQUIRED.entrySet().stream()
                .filter(e -> parameters.containsKey(e.getKey()))
                .filter(e -> !e.getValue().equals(String.valueOf(parameters.get(e.getKey()))))
                .map(e -> "parameter group " + groupPath + " sets " + e.getKey() + " to '"
                        + parameters.get(e.getKey()) + "', but IAM authentication for replication needs '"
                        + e.getValue() + "'; remove that parameter from the group (the construct sets it) or set it to "
                        + e.getValue())
                .toList();
    }
}
