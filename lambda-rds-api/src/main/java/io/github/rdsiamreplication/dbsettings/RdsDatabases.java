package io.github.rdsiamreplication.dbsettings;

import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBParameterGroupStatus;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException;

/**
 * Switches IAM database authentication on and applies a pending static parameter with a controlled
 * reboot, through the RDS API (the real SDK client): Describe/Modify DB instances and clusters,
 * RebootDBInstance, one instance at a time.
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
     * One poll: reads the state and, when the policy says so and everything is available, reboots one
     * instance whose parameters wait for a reboot.
     *
     * @param database the database
     * @return where it stands
     */
    public DatabaseProgress poll(DatabaseRef database) {
        return database.cluster() ? pollCluster(database) : pollInstance(database);
    }

    private DatabaseProgress pollInstance(DatabaseRef database) {
        DBInstance instance = instance(database.identifier());
        String applyStatus = instance.dbParameterGroups().stream().map(DBParameterGroupStatus::parameterApplyStatus)
                .findFirst().orElse("unknown");
        if (!AVAILABLE.equals(instance.dbInstanceStatus())) {
            return new DatabaseProgress(false, applyStatus, "status " + instance.dbInstanceStatus());
        }
        if (!Boolean.TRUE.equals(instance.iamDatabaseAuthenticationEnabled())) {
            return new DatabaseProgress(false, applyStatus, "IAM database authentication to be on");
        }
        if (database.rebootIfPending() && PENDING_REBOOT.equals(applyStatus)) {
            return reboot(database.identifier(), applyStatus);
        }
        return new DatabaseProgress(true, applyStatus, null);
    }

    private DatabaseProgress pollCluster(DatabaseRef database) {
        DBCluster cluster = cluster(database);
        List<DBClusterMember> members = cluster.dbClusterMembers();
        boolean pending = members.stream().anyMatch(m -> PENDING_REBOOT.equals(m.dbClusterParameterGroupStatus()));
        String applyStatus = pending ? PENDING_REBOOT : "in-sync";
        if (!AVAILABLE.equals(cluster.status())) {
            return new DatabaseProgress(false, applyStatus, "cluster status " + cluster.status());
        }
        if (!Boolean.TRUE.equals(cluster.iamDatabaseAuthenticationEnabled())) {
            return new DatabaseProgress(false, applyStatus, "IAM database authentication to be on");
        }
        List<DBInstance> instances = rds.describeDBInstances(r -> r.filters(Filter.builder().name("db-cluster-id")
                .values(database.identifier()).build())).dbInstances();
        for (DBInstance instance : instances) {
            if (!AVAILABLE.equals(instance.dbInstanceStatus())) {
                return new DatabaseProgress(false, applyStatus, "instance " + instance.dbInstanceIdentifier()
                        + " status " + instance.dbInstanceStatus());
            }
        }
        if (database.rebootIfPending() && pending) {
            String next = members.stream().filter(m -> PENDING_REBOOT.equals(m.dbClusterParameterGroupStatus()))
                    .map(DBClusterMember::dbInstanceIdentifier).findFirst().orElseThrow();
            return reboot(next, applyStatus);
        }
        return new DatabaseProgress(true, applyStatus, null);
    }

    private DatabaseProgress reboot(String instanceIdentifier, String applyStatus) {
        try {
            rds.rebootDBInstance(r -> r.dbInstanceIdentifier(instanceIdentifier));
        } catch (InvalidDbInstanceStateException e) {
            // Already rebooting or modifying: the next poll sees it.
        }
        return new DatabaseProgress(false, applyStatus, "reboot of " + instanceIdentifier);
    }

    private DBInstance instance(String identifier) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier)).dbInstances().get(0);
    }

    private DBCluster cluster(DatabaseRef database) {
        return rds.describeDBClusters(r -> r.dbClusterIdentifier(database.identifier())).dbClusters().get(0);
    }
}
