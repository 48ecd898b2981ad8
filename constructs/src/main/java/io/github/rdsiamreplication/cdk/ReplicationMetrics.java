package io.github.rdsiamreplication.cdk;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Unit;
import software.constructs.IConstruct;

/**
 * The slot-health metrics of a replication target, in {@code AWS/RDS} with the dimension its kind
 * publishes: {@code DBInstanceIdentifier} for DB instances, {@code DBClusterIdentifier} for Aurora
 * PostgreSQL clusters (the instance metrics aggregated over the cluster; a slot lives on the writer, so
 * the maximum is the writer's value and follows it across failovers). A metric the kind does not publish
 * is refused at synth time instead of being a graph or alarm that never has data.
 */
final class ReplicationMetrics {
    static final String NAMESPACE = "AWS/RDS";
    static final String OLDEST_REPLICATION_SLOT_LAG = "OldestReplicationSlotLag";
    static final String TRANSACTION_LOGS_DISK_USAGE = "TransactionLogsDiskUsage";
    static final String REPLICATION_SLOT_DISK_USAGE = "ReplicationSlotDiskUsage";
    static final String IAM_DB_AUTH_CONNECTION_REQUESTS = "IamDbAuthConnectionRequests";
    static final String FREE_STORAGE_SPACE = "FreeStorageSpace";

    /** The kinds of target with a known metric dimension. */
    enum Kind {
        INSTANCE("DBInstanceIdentifier"),
        AURORA_CLUSTER("DBClusterIdentifier");

        final String dimension;

        Kind(String dimension) {
            this.dimension = dimension;
        }

        /** Aurora publishes neither: its storage grows by itself, and it has no IAM connection count. */
        boolean publishes(String metricName) {
            return this == INSTANCE || !(IAM_DB_AUTH_CONNECTION_REQUESTS.equals(metricName)
                    || FREE_STORAGE_SPACE.equals(metricName));
        }
    }

    private final IConstruct scope;
    private final ReplicationTarget target;

    ReplicationMetrics(IConstruct scope, ReplicationTarget target) {
        this.scope = scope;
        this.target = target;
    }

    /** @return the kind, or throws naming why this target has no metrics of its own */
    Kind kind() {
        if (target instanceof InstanceTarget || (target instanceof ImportedTarget && !target.isCluster())) {
            return Kind.INSTANCE;
        }
        if (target instanceof AuroraClusterTarget) {
            return Kind.AURORA_CLUSTER;
        }
        if (target instanceof MultiAzClusterTarget) {
            throw SynthChecks.error(scope, "a Multi-AZ DB cluster publishes these metrics per member DB instance "
                    + "(dimension DBInstanceIdentifier of its writer, which changes at a failover), not per cluster: "
                    + "build them with new Metric(...) for the member instances");
        }
        throw SynthChecks.error(scope, "an imported DB cluster may be Aurora (DBClusterIdentifier) or a Multi-AZ "
                + "DB cluster (per member instance), which the construct cannot tell: build the metrics with new "
                + "Metric(...) and the dimension of your cluster's kind");
    }

    /**
     * @param name the metric name
     * @param options overrides (statistic, period, label...); null for none
     * @return the metric: maximum over 5 minutes for sizes, sum over 5 minutes for counts
     */
    Metric metric(String name, MetricOptions options) {
        Kind kind = kind();
        if (!kind.publishes(name)) {
            throw SynthChecks.error(scope, "Aurora PostgreSQL does not publish " + name + " ("
                    + (FREE_STORAGE_SPACE.equals(name) ? "its cluster volume grows by itself; watch "
                            + "TransactionLogsDiskUsage and ReplicationSlotDiskUsage"
                            : "it is an RDS DB instance metric; see the iam-db-auth-error log export instead")
                    + "): no metric is made rather than one that never has data");
        }
        boolean count = IAM_DB_AUTH_CONNECTION_REQUESTS.equals(name);
        Map<String, String> dimensions = new TreeMap<>();
        dimensions.put(kind.dimension, target.identifier());
        Metric metric = Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(count ? "Sum" : "Maximum")
                .unit(count ? Unit.COUNT : Unit.BYTES)
                .period(Duration.minutes(5))
                .build();
        return options == null ? metric : metric.with(options);
    }
}
