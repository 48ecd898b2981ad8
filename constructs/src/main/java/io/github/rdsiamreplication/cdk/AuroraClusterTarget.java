package io.github.rdsiamreplication.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.CfnDBCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterBase;
import software.amazon.awscdk.services.rds.IClusterEngine;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * An Aurora PostgreSQL cluster defined in this app, new or restored from a snapshot
 * ({@link ReplicationTarget#auroraCluster}); like {@link InstanceTarget}, the factories hand over the VPC.
 */
final class AuroraClusterTarget extends ReplicationTarget {
    private final DatabaseClusterBase cluster;
    private final CfnDBCluster cfn;
    private final IVpc vpc;

    /**
     * @param cluster a DatabaseCluster or DatabaseClusterFromSnapshot (never null: the factories check)
     * @param vpc its VPC
     */
    AuroraClusterTarget(DatabaseClusterBase cluster, IVpc vpc) {
        this.cluster = cluster;
        this.cfn = (CfnDBCluster) cluster.getNode().getDefaultChild();
        this.vpc = vpc;
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
        IClusterEngine engine = cluster.getEngine();
        String type = engine == null ? null : engine.getEngineType();
        if (!"aurora-postgresql".equals(type)) {
            throw SynthChecks.error(cluster, "the cluster's engine is " + (type == null ? "unknown" : "'" + type + "'")
                    + "; IAM authentication for replication needs PostgreSQL: use DatabaseClusterEngine.auroraPostgres("
                    + "...) (Aurora MySQL is not supported)");
        }
        if (engine.getEngineVersion() == null) {
            throw SynthChecks.error(cluster, "the cluster's Aurora PostgreSQL engine has no version, so the parameter "
                    + "group family cannot be known; set one, e.g. DatabaseClusterEngine.auroraPostgres("
                    + "AuroraPostgresClusterEngineProps.builder().version(AuroraPostgresEngineVersion.VER_16_4).build())");
        }
        String major = engine.getEngineVersion().getMajorVersion();
        if (PostgresVersions.major(major) < PostgresVersions.MINIMUM_MAJOR) {
            throw SynthChecks.error(cluster, "the cluster runs Aurora PostgreSQL " + major + "; IAM authentication "
                    + "for replication needs version " + PostgresVersions.MINIMUM_MAJOR + " or later: upgrade the "
                    + "engine version");
        }
    }

    private IConstruct enableReplicationParameters(Construct scope, Map<String, String> parameters) {
        return ReplicationParameterGroups.ensure(scope, cluster, cfn.getDbClusterParameterGroupName(),
                ParameterGroupKind.CLUSTER, cluster.getEngine(), cfn::setDbClusterParameterGroupName, parameters);
    }

    private void enableIamAuthentication() {
        SynthChecks.enableIamAuthentication(cluster, cfn.getEnableIamDatabaseAuthentication(),
                cfn::setEnableIamDatabaseAuthentication, "iamAuthentication on the cluster");
    }

    @Override
    String endpointAddress() {
        return cfn.getAttrEndpointAddress();
    }

    @Override
    String endpointPort() {
        return cfn.getAttrEndpointPort();
    }

    @Override
    String resourceId() {
        return cfn.getAttrDbClusterResourceId();
    }

    @Override
    Connections connections() {
        return cluster.getConnections();
    }

    @Override
    IVpc vpc() {
        return vpc;
    }

    @Override
    ISecret generatedAdminSecret(Construct scope) {
        return cluster.getSecret();
    }

    @Override
    String adminUsernameIfKnown() {
        return SynthChecks.literalOrNull(cfn.getMasterUsername());
    }

    @Override
    String identifier() {
        return cluster.getClusterIdentifier();
    }

    @Override
    boolean isCluster() {
        return true;
    }

    @Override
    List<String> memberInstanceIdentifiers() {
        return cluster.getInstanceIdentifiers();
    }
}
