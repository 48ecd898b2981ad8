package io.github.rdsiamreplication.cdk;

import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.rds.CfnDBCluster;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** A Multi-AZ DB cluster written as an L1 {@code CfnDBCluster} ({@link ReplicationTarget#multiAzCluster}). */
final class MultiAzClusterTarget extends ReplicationTarget {
    private final CfnDBCluster cluster;
    private final MultiAzClusterProps props;
    private final Connections connections;

    MultiAzClusterTarget(MultiAzClusterProps props) {
        if (props == null || props.getCluster() == null || props.getVpc() == null
                || props.getSecurityGroups() == null || props.getSecurityGroups().isEmpty()) {
            throw new IllegalArgumentException("ReplicationTarget.multiAzCluster: cluster, vpc and securityGroups "
                    + "are required: pass the CfnDBCluster, its VPC and the security groups in its vpcSecurityGroupIds");
        }
        this.props = props;
        this.cluster = props.getCluster();
        this.connections = Connections.Builder.create().securityGroups(props.getSecurityGroups())
                .defaultPort(Port.tcp(Token.asNumber(cluster.getAttrEndpointPort()))).build();
    }

    @Override
    IConstruct database() {
        return cluster;
    }

    @Override
    Binding bind(Construct scope, Map<String, String> parameters) {
        validate();
        IConstruct group = enableReplicationParameters(scope, parameters);
        enableIamAuthentication();
        return new Binding(group, false);
    }

    private void validate() {
        String engine = SynthChecks.literalOrNull(cluster.getEngine());
        if (!"postgres".equals(engine)) {
            throw SynthChecks.error(cluster, "the cluster's engine is '" + engine + "'; a Multi-AZ DB cluster target "
                    + "needs engine 'postgres' (for Aurora PostgreSQL use ReplicationTarget.auroraCluster with a "
                    + "DatabaseCluster)");
        }
        if (Stack.of(cluster).resolve(cluster.getDbClusterInstanceClass()) == null) {
            throw SynthChecks.error(cluster, "the cluster has no dbClusterInstanceClass; a Multi-AZ DB cluster needs "
                    + "one (e.g. db.m6gd.large), along with allocatedStorage, storageType and iops");
        }
        PostgresVersions.multiAzProblem(SynthChecks.literalOrNull(cluster.getEngineVersion())).ifPresent(problem -> {
            throw SynthChecks.error(cluster, problem);
        });
    }

    private IConstruct enableReplicationParameters(Construct scope, Map<String, String> parameters) {
        String version = cluster.getEngineVersion();
        PostgresEngineVersion engineVersion = PostgresEngineVersion.of(version,
                String.valueOf(PostgresVersions.major(version)));
        return ReplicationParameterGroups.ensure(scope, cluster, cluster.getDbClusterParameterGroupName(),
                ParameterGroupKind.CLUSTER,
                DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder().version(engineVersion).build()),
                cluster::setDbClusterParameterGroupName, parameters);
    }

    private void enableIamAuthentication() {
        SynthChecks.enableIamAuthentication(cluster, cluster.getEnableIamDatabaseAuthentication(),
                cluster::setEnableIamDatabaseAuthentication, "enableIamDatabaseAuthentication on the cluster");
    }

    @Override
    String endpointAddress() {
        return cluster.getAttrEndpointAddress();
    }

    @Override
    String endpointPort() {
        return cluster.getAttrEndpointPort();
    }

    @Override
    String resourceId() {
        return cluster.getAttrDbClusterResourceId();
    }

    @Override
    Connections connections() {
        return connections;
    }

    @Override
    IVpc vpc() {
        return props.getVpc();
    }

    @Override
    ISecret generatedAdminSecret(Construct scope) {
        if (Boolean.TRUE.equals(Stack.of(cluster).resolve(cluster.getManageMasterUserPassword()))) {
            return Secret.fromSecretCompleteArn(scope, "ManagedMasterUserSecret",
                    cluster.getAttrMasterUserSecretSecretArn());
        }
        return null;
    }

    @Override
    String adminUsernameIfKnown() {
        return SynthChecks.literalOrNull(cluster.getMasterUsername());
    }

    @Override
    String identifier() {
        return cluster.getRef();
    }

    @Override
    boolean isCluster() {
        return true;
    }
}
