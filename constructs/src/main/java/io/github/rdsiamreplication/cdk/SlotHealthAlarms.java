package io.github.rdsiamreplication.cdk;

import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * The alarms {@link IamReplicationAuth#alarms(SlotHealthAlarmProps)} creates: a slot holding back WAL
 * (every kind with metrics), and free storage running low (DB instances; an Aurora cluster volume grows by
 * itself). Add actions with {@code alarm.addAlarmAction(...)}.
 */
public final class SlotHealthAlarms {
    private final Alarm slotLag;
    private final Alarm freeStorage;

    SlotHealthAlarms(Construct scope, ReplicationMetrics metrics, SlotHealthAlarmProps props) {
        MetricOptions period = MetricOptions.builder().period(props.getPeriod()).build();
        this.slotLag = Alarm.Builder.create(scope, "SlotLagAlarm")
                .metric(metrics.metric(ReplicationMetrics.OLDEST_REPLICATION_SLOT_LAG, period))
                .threshold(props.getSlotLagBytes())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(props.getEvaluationPeriods())
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription("A logical replication slot holds back more WAL than it should: its consumer is "
                        + "stopped or stuck (check the consumer, then pg_replication_slots); the WAL stays on disk "
                        + "until the slot advances or is dropped")
                .build();
        if (metrics.kind().publishes(ReplicationMetrics.FREE_STORAGE_SPACE)) {
            this.freeStorage = Alarm.Builder.create(scope, "FreeStorageAlarm")
                    .metric(metrics.metric(ReplicationMetrics.FREE_STORAGE_SPACE, MetricOptions.builder()
                            .period(props.getPeriod()).statistic("Minimum").build()))
                    .threshold(props.getFreeStorageBytes())
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .evaluationPeriods(props.getEvaluationPeriods())
                    .treatMissingData(TreatMissingData.MISSING)
                    .alarmDescription("Free storage is low; a replication slot that holds back WAL is a common cause "
                            + "(see ReplicationSlotDiskUsage and TransactionLogsDiskUsage)")
                    .build();
        } else {
            this.freeStorage = null;
        }
    }

    /** @return the alarm on OldestReplicationSlotLag */
    public Alarm getSlotLag() {
        return slotLag;
    }

    /** @return the alarm on FreeStorageSpace, or null for Aurora (which has no such metric) */
    public Alarm getFreeStorage() {
        return freeStorage;
    }
}
