package io.github.rdsiamreplication.dbsettings;

import java.util.List;

/**
 * One DB instance as a poll reads it from RDS: all the facts {@link RebootPlan} decides on.
 *
 * @param identifier the DB instance identifier
 * @param writer true for a cluster's writer ({@code IsClusterWriter}); true for a lone instance
 * @param status {@code DBInstanceStatus}, e.g. {@code available}, {@code rebooting}
 * @param pendingReboot its parameter group waits for a reboot ({@code pending-reboot})
 * @param otherPendingChanges pending modifications other than parameter-group application (e.g.
 *     {@code DBInstanceClass=db.r6g.large}), which a reboot would apply too
 * @param rebootedThisDeployment RDS recorded a restart of it since this deployment began
 */
public record InstanceState(String identifier, boolean writer, String status, boolean pendingReboot,
        List<String> otherPendingChanges, boolean rebootedThisDeployment) {
    /** Copies the list. */
    public InstanceState {
        otherPendingChanges = List.copyOf(otherPendingChanges);
    }

    /** @return whether the instance is {@code available} */
    public boolean available() {
        return "available".equals(status);
    }
}
