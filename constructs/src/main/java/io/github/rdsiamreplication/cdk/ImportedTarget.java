package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.ParameterGroupNames;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A DB instance or cluster made outside the stack ({@link ReplicationTarget#importedInstance},
 * {@link ReplicationTarget#importedCluster}): its parameter group and IAM database authentication are
 * changed through the RDS API, since CloudFormation does not manage them.
 */
final class ImportedTarget extends ReplicationTarget {
    private final ImportedDatabaseProps props;
    private final boolean cluster;
    private final IConstruct database;

    ImportedTarget(ImportedDatabaseProps props, boolean cluster) {
        String factory = cluster ? "ReplicationTarget.importedCluster" : "ReplicationTarget.importedInstance";
        if (props == null || (cluster ? props.getCluster() == null : props.getInstance() == null)
                || props.getVpc() == null || props.getParameterGroupName() == null) {
            throw new IllegalArgumentException(factory + ": " + (cluster ? "cluster" : "instance")
                    + ", vpc and parameterGroupName are required");
        }
        if (!Token.isUnresolved(props.getParameterGroupName())
                && ParameterGroupNames.isEngineDefault(props.getParameterGroupName())) {
            throw new IllegalArgumentException(factory + ": parameter group '" + props.getParameterGroupName()
                    + "' is an engine default group, which cannot be modified; create a custom "
                    + (cluster ? "DB cluster " : "DB ") + "parameter group, attach it to the database (this needs "
                    + "a reboot), and name it here");
        }
        if (!cluster && !props.getMemberInstanceIdentifiers().isEmpty()) {
            throw new IllegalArgumentException(factory + ": memberInstanceIdentifiers names a cluster's member "
                    + "instances; for a DB instance leave it unset (the instance's own identifier is used)");
        }
        for (String member : props.getMemberInstanceIdentifiers()) {
            if (member == null || member.isBlank()) {
                throw new IllegalArgumentException(factory + ": memberInstanceIdentifiers has a blank entry; list "
                        + "the DB instance identifiers of the cluster's members");
            }
        }
        this.props = props;
        this.cluster = cluster;
        this.database = cluster ? props.getCluster() : props.getInstance();
    }

    @Override
    IConstruct database() {
        return database;
    }

    /**
     * Engine and version are not known at synth: the parameter-group handler fails when the group's family
     * lacks the parameters, and the role-grant handler when rds_iam / rds_replication are missing. The
     * parameters are set by a custom resource, IAM database authentication by the database-settings one
     * (ModifyDBInstance / ModifyDBCluster).
     */
    @Override
    Binding bind(Construct scope, Map<String, String> parameters) {
        return new Binding(ParameterGroupProvider.patch(scope,
                cluster ? ParameterGroupKind.CLUSTER : ParameterGroupKind.INSTANCE,
                props.getParameterGroupName(), parameters), true);
    }

    @Override
    String endpointAddress() {
        return cluster ? props.getCluster().getClusterEndpoint().getHostname()
                : props.getInstance().getDbInstanceEndpointAddress();
    }

    @Override
    String endpointPort() {
        if (!cluster) {
            return props.getInstance().getDbInstanceEndpointPort();
        }
        Number port = props.getCluster().getClusterEndpoint().getPort();
        return Token.isUnresolved(port) ? Token.asString(port) : String.valueOf(port.intValue());
    }

    @Override
    String resourceId() {
        String id = cluster ? props.getCluster().getClusterResourceIdentifier()
                : props.getInstance().getInstanceResourceId();
        if (id == null) {
            throw SynthChecks.error(database, "the imported database has no resource id; import it with "
                    + (cluster ? "clusterResourceIdentifier" : "instanceResourceId")
                    + " (the db-... / cluster-... id in the console's Configuration tab)");
        }
        return id;
    }

    @Override
    Connections connections() {
        return cluster ? props.getCluster().getConnections() : props.getInstance().getConnections();
    }

    @Override
    IVpc vpc() {
        return props.getVpc();
    }

    /** A database made outside the stack has no secret the construct could know of: set adminSecret. */
    @Override
    ISecret generatedAdminSecret(Construct scope) {
        return null;
    }

    @Override
    String adminUsernameIfKnown() {
        return null;
    }

    @Override
    String identifier() {
        return cluster ? props.getCluster().getClusterIdentifier() : props.getInstance().getInstanceIdentifier();
    }

    @Override
    boolean isCluster() {
        return cluster;
    }

    @Override
    List<String> memberInstanceIdentifiers() {
        return props.getMemberInstanceIdentifiers();
    }
}
