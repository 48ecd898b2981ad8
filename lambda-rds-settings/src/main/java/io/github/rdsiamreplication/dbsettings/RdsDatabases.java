package io.github.rdsiamreplication.dbsettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;
import software.amazon.awssdk.services.rds.model.SourceType;

/**
 * Switches IAM database authentication on and applies a pending static parameter with a controlled
 * reboot, through the RDS API (the real SDK client): Describe/Modify DB instances and clusters,
 * DescribeEvents and RebootDBInstance. It reads the facts; {@link RebootPlan} decides. Throttling is
 * retried by the SDK's standard retry policy.
 */
public final class RdsDatabases {
    private static final String AVAILABLE = "available";
    private static final String PENDING_REBOOT = "pending-reboot";

    private final RdsClient rds;

    /** @param rds the RDS client */
    public RdsDatabases(RdsClient rds) {
        this.rds = rds;
    }

    /**
     * Asks for IAM database authentication (applied immediately) unless it is already on.
     *
     * @param database the database
     * @return true when a modification was requested
     */
    public boolean enableIamAuthentication(DatabaseRef database) {
        if (database.cluster()) {
            DBCluster cluster = cluster(database);
            if (Boolean.TRUE.equals(cluster.iamDatabaseAuthenticationEnabled())) {
                return false;
            }
            rds.modifyDBCluster(r -> r.dbClusterIdentifier(database.identifier())
                    .enableIAMDatabaseAuthentication(true).applyImmediately(true));
            return true;
        }
        DBInstance instance = instance(database.identifier());
        if (Boolean.TRUE.equals(instance.iamDatabaseAuthenticationEnabled())) {
            return false;
        }
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier(database.identifier())
                .enableIAMDatabaseAuthentication(true).applyImmediately(true));
        return true;
    }

    /**
     * One poll: reads the state and, when the plan says so, reboots one instance.
     *
     * @param database the database
     * @param deploymentStart when this deployment's onEvent ran: restarts since then are this deployment's
     * @return where it stands
     * @throws IllegalStateException when a reboot would loop or apply someone else's pending change
     */
    public DatabaseProgress poll(DatabaseRef database, Instant deploymentStart) {
        List<InstanceState> instances = new ArrayList<>();
        if (database.cluster()) {
            DBCluster cluster = cluster(database);
            if (!AVAILABLE.equals(cluster.status())) {
                return new DatabaseProgress(false, applyStatus(cluster), "cluster status " + cluster.status());
            }
            if (!Boolean.TRUE.equals(cluster.iamDatabaseAuthenticationEnabled())) {
                return new DatabaseProgress(false, applyStatus(cluster), "IAM database authentication to be on");
            }
            for (DBClusterMember member : cluster.dbClusterMembers()) {
                boolean pending = PENDING_REBOOT.equals(member.dbClusterParameterGroupStatus());
                instances.add(state(database, instance(member.dbInstanceIdentifier()),
                        Boolean.TRUE.equals(member.isClusterWriter()), pending, deploymentStart));
            }
        } else {
            DBInstance instance = instance(database.identifier());
            boolean pending = instance.dbParameterGroups().stream().map(DBParameterGroupStatus::parameterApplyStatus)
                    .anyMatch(PENDING_REBOOT::equals);
            if (AVAILABLE.equals(instance.dbInstanceStatus())
                    && !Boolean.TRUE.equals(instance.iamDatabaseAuthenticationEnabled())) {
                return new DatabaseProgress(false, pending ? PENDING_REBOOT : "in-sync",
                        "IAM database authentication to be on");
            }
            instances.add(state(database, instance, true, pending, deploymentStart));
        }
        RebootPlan.Step step = RebootPlan.next(instances, database.rebootIfPending(),
                database.applyOtherPendingChanges());
        String applyStatus = instances.stream().anyMatch(InstanceState::pendingReboot) ? PENDING_REBOOT : "in-sync";
        if (step instanceof RebootPlan.Wait wait) {
            return new DatabaseProgress(false, applyStatus, wait.reason());
        }
        if (step instanceof RebootPlan.Reboot reboot) {
            try {
                rds.rebootDBInstance(r -> r.dbInstanceIdentifier(reboot.identifier()));
            } catch (InvalidDbInstanceStateException e) {
                // Already rebooting or modifying: the next poll sees it and waits.
            }
            return new DatabaseProgress(false, applyStatus, "reboot of " + reboot.identifier());
        }
        return new DatabaseProgress(true, applyStatus, null);
    }

    private InstanceState state(DatabaseRef database, DBInstance instance, boolean writer, boolean pending,
            Instant deploymentStart) {
        boolean rebooted = pending && database.rebootIfPending()
                && restartedSince(instance.dbInstanceIdentifier(), deploymentStart);
        return new InstanceState(instance.dbInstanceIdentifier(), writer, instance.dbInstanceStatus(), pending,
                PendingChanges.of(instance.pendingModifiedValues()), rebooted);
    }

    /** RDS records a reboot as "DB instance restarted" (and "shutdown"/"rebooted" around it). */
    private boolean restartedSince(String identifier, Instant since) {
        return rds.describeEventsPaginator(r -> r.sourceType(SourceType.DB_INSTANCE).sourceIdentifier(identifier)
                        .startTime(since)).events().stream()
                .map(e -> String.valueOf(e.message()).toLowerCase(Locale.ROOT))
                .anyMatch(m -> m.contains("restarted") || m.contains("rebooted"));
    }

    private static String applyStatus(DBCluster cluster) {
        return cluster.dbClusterMembers().stream().anyMatch(m -> PENDING_REBOOT.equals(
                m.dbClusterParameterGroupStatus())) ? PENDING_REBOOT : "in-sync";
    }

    private DBInstance instance(String identifier) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().get(0);
    }

    private DBCluster cluster(DatabaseRef database) {
        return rds.describeDBClusters(r -> r.dbClusterIdentifier(database.identifier())).dbClusters().get(0);
    }
}
