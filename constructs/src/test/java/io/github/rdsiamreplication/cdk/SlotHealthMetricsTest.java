package io.github.rdsiamreplication.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterAttributes;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;

/** Slot-health metrics and alarms: the namespace and dimension of each target kind, and what a kind lacks. */
class SlotHealthMetricsTest {
    private static final double GIB = 1024d * 1024 * 1024;

    private static Map<String, Object> dimensions(TestStacks t, Metric metric) {
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) t.stack.resolve(metric.getDimensions());
        return resolved;
    }

    private static Map<String, Object> ref(TestStacks t, software.constructs.IConstruct construct) {
        return Map.of("Ref", t.stack.getLogicalId((software.amazon.awscdk.CfnElement) construct.getNode()
                .getDefaultChild()));
    }

    @Test
    void aDbInstanceHasAllFourMetricsByInstanceIdentifier() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");
        IamReplicationAuth auth = t.auth("Repl", db, "debezium").build();

        List<Metric> metrics = List.of(auth.metricOldestReplicationSlotLag(), auth.metricTransactionLogsDiskUsage(),
                auth.metricReplicationSlotDiskUsage(), auth.metricIamDbAuthConnectionRequests());

        assertThat(metrics).extracting(Metric::getMetricName).containsExactly("OldestReplicationSlotLag",
                "TransactionLogsDiskUsage", "ReplicationSlotDiskUsage", "IamDbAuthConnectionRequests");
        assertThat(metrics).allSatisfy(m -> {
            assertThat(m.getNamespace()).isEqualTo("AWS/RDS");
            assertThat(dimensions(t, m)).isEqualTo(Map.of("DBInstanceIdentifier", ref(t, db)));
            assertThat(m.getPeriod().toSeconds()).isEqualTo(300);
        });
        assertThat(metrics).extracting(Metric::getStatistic).containsExactly("Maximum", "Maximum", "Maximum", "Sum");
    }

    @Test
    void metricOptionsOverrideTheDefaults() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").build();

        Metric metric = auth.metricOldestReplicationSlotLag(MetricOptions.builder().period(Duration.minutes(1))
                .statistic("Average").label("slot lag").build());

        assertThat(metric.getPeriod().toSeconds()).isEqualTo(60);
        assertThat(metric.getStatistic()).isEqualTo("Average");
        assertThat(metric.getLabel()).isEqualTo("slot lag");
        assertThat(metric.getMetricName()).isEqualTo("OldestReplicationSlotLag");
    }

    @Test
    void instanceAlarmsWatchTheSlotLagAndFreeStorageWithTheirDefaults() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseInstance db = t.instance("Db");
        IamReplicationAuth auth = t.auth("Repl", db, "debezium").build();

        SlotHealthAlarms alarms = auth.alarms();

        assertThat(alarms.getFreeStorage()).isNotNull();
        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 2);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "OldestReplicationSlotLag", "Namespace", "AWS/RDS",
                "Dimensions", List.of(Map.of("Name", "DBInstanceIdentifier", "Value", ref(t, db))),
                "Statistic", "Maximum", "Period", 300, "EvaluationPeriods", 3, "Threshold", GIB,
                "ComparisonOperator", "GreaterThanThreshold", "TreatMissingData", "notBreaching"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "FreeStorageSpace", "Statistic", "Minimum", "Threshold", 5 * GIB,
                "ComparisonOperator", "LessThanThreshold", "EvaluationPeriods", 3));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "OldestReplicationSlotLag",
                "AlarmActions", Match.absent()));
    }

    @Test
    void thresholdsAndPeriodsCanBeChosenButNotNonsense() {
        TestStacks t = TestStacks.withPrivateSubnets();
        IamReplicationAuth auth = t.auth("Repl", t.instance("Db"), "debezium").build();

        auth.alarms(SlotHealthAlarmProps.builder().slotLagBytes(10 * GIB).freeStorageBytes(50 * GIB)
                .evaluationPeriods(2).period(Duration.minutes(1)).build());

        Template template = Template.fromStack(t.stack);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "OldestReplicationSlotLag",
                "Threshold", 10 * GIB, "EvaluationPeriods", 2, "Period", 60));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "FreeStorageSpace",
                "Threshold", 50 * GIB));
        assertThatThrownBy(() -> SlotHealthAlarmProps.builder().slotLagBytes(0)).hasMessageContaining("slotLagBytes");
        assertThatThrownBy(() -> SlotHealthAlarmProps.builder().evaluationPeriods(0))
                .hasMessageContaining("evaluationPeriods");
    }

    @Test
    void anAuroraClusterUsesTheClusterIdentifierAndHasNoIamConnectionCountOrFreeStorage() {
        TestStacks t = TestStacks.withPrivateSubnets();
        DatabaseCluster cluster = t.auroraBuilder("Aurora").build();
        IamReplicationAuth auth = t.auth("Repl", ReplicationTarget.auroraCluster(cluster), "debezium").build();

        for (Metric m : List.of(auth.metricOldestReplicationSlotLag(), auth.metricTransactionLogsDiskUsage(),
                auth.metricReplicationSlotDiskUsage())) {
            assertThat(dimensions(t, m)).isEqualTo(Map.of("DBClusterIdentifier", ref(t, cluster)));
        }
        assertThatThrownBy(auth::metricIamDbAuthConnectionRequests).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Aurora PostgreSQL does not publish IamDbAuthConnectionRequests")
                .hasMessageContaining("iam-db-auth-error");

        SlotHealthAlarms alarms = auth.alarms();

        assertThat(alarms.getFreeStorage()).isNull();
        Template template = Template.fromStack(t.stack);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "OldestReplicationSlotLag",
                "Dimensions", List.of(Map.of("Name", "DBClusterIdentifier", "Value", ref(t, cluster)))));
    }

    @Test
    void anImportedInstanceUsesItsIdentifier() {
        TestStacks t = TestStacks.withPrivateSubnets();
        var instance = DatabaseInstance.fromDatabaseInstanceAttributes(t.stack, "Orders",
                DatabaseInstanceAttributes.builder().instanceIdentifier("orders-db")
                        .instanceEndpointAddress("orders-db.abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .instanceResourceId("db-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(t.stack, "Sg", "sg-0123456789abcdef0"))).build());
        IamReplicationAuth auth = t.auth("Repl", ReplicationTarget.importedInstance(ImportedDatabaseProps.builder()
                .instance(instance).vpc(t.vpc).parameterGroupName("orders-pg16").build()), "debezium")
                .adminSecret(t.adminSecret()).build();

        assertThat(dimensions(t, auth.metricIamDbAuthConnectionRequests()))
                .isEqualTo(Map.of("DBInstanceIdentifier", "orders-db"));
    }

    @Test
    void multiAzAndImportedClustersGetNoMetricThatWouldNeverHaveData() {
        TestStacks t = TestStacks.withPrivateSubnets();
        var multiAz = t.multiAzBuilder("MultiAz").build();
        IamReplicationAuth multiAzAuth = t.auth("ReplMaz", ReplicationTarget.multiAzCluster(t.multiAz(multiAz)),
                "debezium").build();
        var imported = DatabaseCluster.fromDatabaseClusterAttributes(t.stack, "Orders",
                DatabaseClusterAttributes.builder().clusterIdentifier("orders")
                        .clusterEndpointAddress("orders.cluster-abc.eu-west-1.rds.amazonaws.com").port(5432)
                        .clusterResourceIdentifier("cluster-ABCDEFGHIJKLMNOPQRSTUVWX12")
                        .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(t.stack, "Sg", "sg-0123456789abcdef0"))).build());
        IamReplicationAuth importedAuth = t.auth("ReplImported", ReplicationTarget.importedCluster(
                ImportedDatabaseProps.builder().cluster(imported).vpc(t.vpc).parameterGroupName("orders-cluster-pg")
                        .build()), "debezium").adminSecret(t.adminSecret()).build();

        assertThatThrownBy(multiAzAuth::metricOldestReplicationSlotLag).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Multi-AZ DB cluster publishes these metrics per member DB instance");
        assertThatThrownBy(multiAzAuth::alarms).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(importedAuth::metricReplicationSlotDiskUsage).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("imported DB cluster");
        Template.fromStack(t.stack).resourceCountIs("AWS::CloudWatch::Alarm", 0);
    }
}
