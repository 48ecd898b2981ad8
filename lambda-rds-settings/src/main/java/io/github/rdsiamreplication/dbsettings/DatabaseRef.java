package io.github.rdsiamreplication.dbsettings;


/**
 * A DB instance or DB cluster, by identifier, and what to do about a pending reboot.
 *
 * @param identifier the DB instance or DB cluster identifier
 * @param cluster true for a DB cluster (Aurora or Multi-AZ)
 * @param rebootIfPending reboot (one instance at a time) when the parameter group waits for a reboot
 * @param applyOtherPendingChanges reboot even when the instance has other pending modifications (which
 *     the reboot then applies too)
 */
public record DatabaseRef(String identifier, boolean cluster, boolean rebootIfPending,
        boolean applyOtherPendingChanges) {
    private static final String PREFIX = "rds-iam-replication-database:";

    /** Checks the identifier. */
    public DatabaseRef {
        if (identifier == null || identifier.isBlank()) {
            throw new IllegalArgumentException("Identifier is required: the DB instance or DB cluster identifier");
        }
    }

    /**
     * @param kind {@code instance} or {@code cluster}
     * @param identifier the identifier
     * @param rebootPolicy {@code never} or {@code if_pending}
     * @param applyOtherPendingChanges {@code true} or {@code false}
     * @return the reference
     */
    public static DatabaseRef of(String kind, String identifier, String rebootPolicy,
            String applyOtherPendingChanges) {
        if (!"instance".equals(kind) && !"cluster".equals(kind)) {
            throw new IllegalArgumentException("Kind is '" + kind + "'; use instance or cluster");
        }
        if (!"never".equals(rebootPolicy) && !"if_pending".equals(rebootPolicy)) {
            throw new IllegalArgumentException("RebootPolicy is '" + rebootPolicy + "'; use never or if_pending");
        }
        if (!"true".equals(applyOtherPendingChanges) && !"false".equals(applyOtherPendingChanges)) {
            throw new IllegalArgumentException("ApplyOtherPendingChanges is '" + applyOtherPendingChanges
                    + "'; use true or false");
        }
        return new DatabaseRef(identifier, "cluster".equals(kind), "if_pending".equals(rebootPolicy),
                "true".equals(applyOtherPendingChanges));
    }

    /** @return the physical id: the same for every Update of the same database */
    public String physicalId() {
        return PREFIX + (cluster ? "cluster:" : "instance:") + identifier;
    }

    @Override
    public String toString() {
        return (cluster ? "DB cluster '" : "DB instance '") + identifier + "'";
    }
}
