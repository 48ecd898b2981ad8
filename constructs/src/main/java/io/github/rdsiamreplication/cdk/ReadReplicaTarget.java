package io.github.rdsiamreplication.cdk;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.CfnDBInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A read replica of an instance of this app as the publisher ({@link ReplicationTarget#readReplica}):
 * consumers connect to the replica, the grants run on its source.
 */
final class ReadReplicaTarget extends ReplicationTarget {
    private final DatabaseInstanceReadReplica replica;
    private final CfnDBInstance cfn;
    private final InstanceTarget source;

    ReadReplicaTarget(DatabaseInstanceReadReplica replica, InstanceTarget source) {
        this.replica = replica;
        this.cfn = (CfnDBInstance) replica.getNode().getDefaultChild();
        this.source = source;
    }

    @Override
    ReplicationTarget primary() {
        return source;
    }

    @Override
    IConstruct database() {
        return replica;
    }

    @Override
    Binding bind(Construct scope, Map<String, String> parameters) {
        validate();
        IConstruct group = enableReplicationParameters(scope, parameters);
        enableIamAuthentication();
        return new Binding(group, false);
    }

    private void validate() {
        Stack stack = Stack.of(replica);
        Object replicaOf = stack.resolve(cfn.getSourceDbInstanceIdentifier());
        IConstruct sourceDatabase = source.database();
        if (!replicaOf.equals(stack.resolve(source.instanceArn()))
                && !replicaOf.equals(stack.resolve(source.identifier()))) {
            throw SynthChecks.error(replica, "the replica's sourceDatabaseInstance is not "
                    + sourceDatabase.getNode().getPath() + "; pass the instance the replica was made from as the "
                    + "source of ReplicationTarget.readReplica(replica, source)");
        }
        source.validate();
        IInstanceEngine engine = source.engine(); // a replica runs its source's engine and version
        String version = engine == null || engine.getEngineVersion() == null ? null
                : engine.getEngineVersion().getFullVersion();
        PostgresVersions.readReplicaProblem(version).ifPresent(problem -> {
            throw SynthChecks.error(replica, problem);
        });
    }

    /**
     * Both parameters in the replica's group; {@code rds.logical_replication} in the source's group too
     * (the replica is created after it), which fails when that group sets it to another value.
     */
    private IConstruct enableReplicationParameters(Construct scope, Map<String, String> parameters) {
        Map<String, String> logical = new TreeMap<>();
        logical.put(ReplicationParameters.LOGICAL_REPLICATION, parameters.get(ReplicationParameters.LOGICAL_REPLICATION));
        IConstruct sourceGroup = source.enableReplicationParameters(new Construct(scope, "Source"), logical);
        replica.getNode().addDependency(sourceGroup);
        return ReplicationParameterGroups.ensure(scope, replica, cfn.getDbParameterGroupName(),
                ParameterGroupKind.INSTANCE, source.engine(), cfn::setDbParameterGroupName, parameters);
    }

    private void enableIamAuthentication() {
        SynthChecks.enableIamAuthentication(replica, cfn.getEnableIamDatabaseAuthentication(),
                cfn::setEnableIamDatabaseAuthentication, "iamAuthentication on the read replica");
    }

    @Override
    String endpointAddress() {
        return replica.getDbInstanceEndpointAddress();
    }

    @Override
    String endpointPort() {
        return replica.getDbInstanceEndpointPort();
    }

    @Override
    String resourceId() {
        return cfn.getAttrDbiResourceId();
    }

    @Override
    Connections connections() {
        return replica.getConnections();
    }

    @Override
    IVpc vpc() {
        return replica.getVpc();
    }

    @Override
    ISecret generatedAdminSecret(Construct scope) {
        return source.generatedAdminSecret(scope);
    }

    @Override
    String adminUsernameIfKnown() {
        return source.adminUsernameIfKnown();
    }

    @Override
    String identifier() {
        return replica.getInstanceIdentifier();
    }

    @Override
    boolean isCluster() {
        return false;
    }
}
