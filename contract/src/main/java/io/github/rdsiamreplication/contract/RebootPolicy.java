package io.github.rdsiamreplication.contract;

/**
 * What to do when {@code rds.logical_replication} (a static parameter) waits for a reboot: on a
 * database that existed before its parameter group got it, the feature does nothing until then.
 */
public enum RebootPolicy {
    /**
     * Never reboot. For databases made outside the stack a synth-time warning says a reboot may be
     * needed, and the construct's {@code parameterApplyStatus} attribute says whether it is. Default.
     */
    NEVER("never"),
    /**
     * Reboot the instances whose parameters wait for it (one at a time in a cluster) during the deploy,
     * waiting until each is available again (within the custom resource's one-hour limit).
     */
    IF_PENDING("if_pending");

    private final String propertyValue;

    RebootPolicy(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** @return the value used in the custom resource properties */
    public String propertyValue() {
        return propertyValue;
    }
}
