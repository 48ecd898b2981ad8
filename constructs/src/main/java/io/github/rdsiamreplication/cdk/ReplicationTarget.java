package io.github.rdsiamreplication.cdk;

import io.github.rdsiamreplication.contract.RebootPolicy;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterFromSnapshot;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceFromSnapshot;
import software.amazon.awscdk.services.rds.DatabaseInstanceReadReplica;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The database whose replication users must log in with IAM, for {@link IamReplicationAuth.Builder#target}.
 * Like {@code ProxyTarget} in the CDK's {@code aws-rds}, it is made only by its static factories, and
 * what the construct asks of it stays inside this library.
 *
 * <p>Create one with a factory: {@link #instance(DatabaseInstance)} (or a {@code DatabaseInstanceFromSnapshot}),
 * {@link #auroraCluster(DatabaseCluster)} (or a {@code DatabaseClusterFromSnapshot}),
 * {@link #readReplica(DatabaseInstanceReadReplica, DatabaseInstance)},
 * {@link #multiAzCluster(MultiAzClusterProps)}, {@link #importedInstance} or {@link #importedCluster}.
 * The admin secret the grants run with is set on the construct
 * ({@link IamReplicationAuth.Builder#adminSecret}); each factory says what it is by default.
 */
public abstract sealed class ReplicationTarget
        permits InstanceTarget, AuroraClusterTarget, MultiAzClusterTarget, ImportedTarget, ReadReplicaTarget {

    /** Only the factories below make targets. */
    ReplicationTarget() {
    }

    /**
     * An RDS for PostgreSQL DB instance defined in this CDK app. The admin secret is, by default, the
     * one the instance generated for its master user.
     *
     * @param instance the instance; its engine must be PostgreSQL 11 or later with an explicit version
     * @return the target
     */
    public static ReplicationTarget instance(DatabaseInstance instance) {
        requireDatabase(instance, "instance", "DatabaseInstance");
        return new InstanceTarget(instance, instance.getVpc(), instance.getSecret());
    }

    /**
     * An RDS for PostgreSQL DB instance restored from a snapshot in this CDK app. The admin secret is, by
     * default, the one its {@code SnapshotCredentials} made or named ({@code fromGeneratedSecret},
     * {@code fromSecret}); with {@code fromPassword} or no credentials there is none: set
     * {@code adminSecret} on the construct.
     *
     * @param instance the restored instance; its engine must be PostgreSQL 11 or later with an explicit version
     * @return the target
     */
    public static ReplicationTarget instance(DatabaseInstanceFromSnapshot instance) {
        requireDatabase(instance, "instance", "DatabaseInstanceFromSnapshot");
        return new InstanceTarget(instance, instance.getVpc(), instance.getSecret());
    }

    /**
     * A read replica of a PostgreSQL DB instance of this app as the publisher: logical decoding on a read
     * replica needs RDS for PostgreSQL 16.1 or later, with {@code rds.logical_replication} on the replica
     * and on its source. The replica gets both parameters and IAM database authentication; the source's
     * parameter group gets {@code rds.logical_replication=1} (a group that sets it to 0 is an error). The
     * grants run on the source (a replica is read-only; roles replicate to it), by default with the
     * source's generated admin secret; {@code grantConnect} names the replica's resource id.
     *
     * @param replica the read replica consumers connect to
     * @param source the instance the replica was made from (its {@code sourceDatabaseInstance})
     * @return the target
     */
    public static ReplicationTarget readReplica(DatabaseInstanceReadReplica replica, DatabaseInstance source) {
        requireDatabase(replica, "readReplica", "DatabaseInstanceReadReplica");
        requireDatabase(source, "readReplica", "DatabaseInstance the replica was made from");
        return new ReadReplicaTarget(replica, new InstanceTarget(source, source.getVpc(), source.getSecret()));
    }

    /**
     * Like {@link #readReplica(DatabaseInstanceReadReplica, DatabaseInstance)}, for a replica of an
     * instance restored from a snapshot (admin secret by default as in
     * {@link #instance(DatabaseInstanceFromSnapshot)}).
     *
     * @param replica the read replica consumers connect to
     * @param source the restored instance the replica was made from
     * @return the target
     */
    public static ReplicationTarget readReplica(DatabaseInstanceReadReplica replica,
            DatabaseInstanceFromSnapshot source) {
        requireDatabase(replica, "readReplica", "DatabaseInstanceReadReplica");
        requireDatabase(source, "readReplica", "DatabaseInstanceFromSnapshot the replica was made from");
        return new ReadReplicaTarget(replica, new InstanceTarget(source, source.getVpc(), source.getSecret()));
    }

    /**
     * An Aurora PostgreSQL cluster defined in this CDK app. The parameters go into its DB cluster
     * parameter group; its instance parameter groups are left alone. The handler uses the writer endpoint.
     * The admin secret is, by default, the one the cluster generated for its master user.
     *
     * @param cluster the cluster; its engine must be Aurora PostgreSQL 11 or later with an explicit version
     * @return the target
     */
    public static ReplicationTarget auroraCluster(DatabaseCluster cluster) {
        requireDatabase(cluster, "auroraCluster", "Aurora PostgreSQL DatabaseCluster");
        return new AuroraClusterTarget(cluster, cluster.getVpc());
    }

    /**
     * An Aurora PostgreSQL cluster restored from a snapshot in this CDK app, like
     * {@link #auroraCluster(DatabaseCluster)}. The admin secret is, by default, the one its
     * {@code snapshotCredentials} made or named; without one, set {@code adminSecret} on the construct.
     *
     * @param cluster the restored cluster; its engine must be Aurora PostgreSQL 11 or later with an explicit version
     * @return the target
     */
    public static ReplicationTarget auroraCluster(DatabaseClusterFromSnapshot cluster) {
        requireDatabase(cluster, "auroraCluster", "Aurora PostgreSQL DatabaseClusterFromSnapshot");
        return new AuroraClusterTarget(cluster, cluster.getVpc());
    }

    private static void requireDatabase(Object database, String factory, String kind) {
        if (database == null) {
            throw new IllegalArgumentException("ReplicationTarget." + factory + "(null): pass the " + kind
                    + " whose replication users should log in with IAM");
        }
    }

    /**
     * A Multi-AZ DB cluster (engine {@code postgres}, not Aurora) written as a {@code CfnDBCluster}, with
     * what an L1 cannot tell: its VPC and security groups. The admin secret is, by default, the secret RDS
     * manages when the cluster has {@code manageMasterUserPassword: true}; otherwise set
     * {@code adminSecret} on the construct.
     *
     * @param props the cluster and its network
     * @return the target
     */
    public static ReplicationTarget multiAzCluster(MultiAzClusterProps props) {
        return new MultiAzClusterTarget(props);
    }

    /**
     * A DB instance made outside the stack: its parameter group and IAM database authentication are
     * changed through the RDS API (see {@link RebootPolicy} for the static parameter). There is no admin
     * secret by default: set {@code adminSecret} on the construct.
     *
     * @param props the imported instance, its VPC and its custom parameter group
     * @return the target
     */
    public static ReplicationTarget importedInstance(ImportedDatabaseProps props) {
        return new ImportedTarget(props, false);
    }

    /**
     * A DB cluster (Aurora PostgreSQL or Multi-AZ) made outside the stack, like {@link #importedInstance};
     * no admin secret by default either.
     *
     * @param props the imported cluster, its VPC and its custom DB cluster parameter group
     * @return the target
     */
    public static ReplicationTarget importedCluster(ImportedDatabaseProps props) {
        return new ImportedTarget(props, true);
    }

    // What IamReplicationAuth and its custom resources ask of a target: package-private, never called by users.

    /**
     * What binding the target to the construct did to the database.
     *
     * @param parameterGroup the parameter group construct (or the custom resource patching one made outside
     *     the stack), for the custom resources to depend on
     * @param settingsThroughRdsApi true for a database made outside the stack: IAM database authentication
     *     is not in the template, so the database-settings custom resource switches it on through the RDS
     *     API; false when CloudFormation manages the database
     */
    record Binding(IConstruct parameterGroup, boolean settingsThroughRdsApi) {
    }

    /**
     * Checks what can be checked at synth (engine, version), then sets {@code rds.logical_replication} and
     * {@code rds.iam_auth_for_replication} in the parameter group the database uses (creating one in
     * {@code scope} when it has none) and switches IAM database authentication on where the template
     * holds it.
     *
     * @param scope where a new parameter group (or the patching custom resource) is created
     * @param parameters the values ({@link ReplicationParameters#values})
     * @return what was bound
     * @throws IllegalArgumentException naming what to change
     */
    abstract Binding bind(Construct scope, Map<String, String> parameters);

    /**
     * @return the database the grants run on and whose admin secret they use: the target itself, or a read
     *     replica's source (a replica is read-only; the roles replicate to it)
     */
    ReplicationTarget primary() {
        return this;
    }

    /** @return the database construct: custom resources depend on it; messages name its path */
    abstract IConstruct database();

    /** @return the endpoint address (a token) */
    abstract String endpointAddress();

    /** @return the endpoint port (a token, as a string) */
    abstract String endpointPort();

    /** @return the resource id for {@code rds-db:connect} ARNs (DbiResourceId / DbClusterResourceId) */
    abstract String resourceId();

    /** @return the database's security groups and default port */
    abstract Connections connections();

    /** @return the VPC the database is in */
    abstract IVpc vpc();

    /**
     * @param scope where an imported secret construct may be created
     * @return the secret the database generated (or RDS manages) for its admin user, or null when it has none
     */
    abstract ISecret generatedAdminSecret(Construct scope);

    /** @return the admin user name when it is known at synth time, else null */
    abstract String adminUsernameIfKnown();

    /** @return the DB instance or DB cluster identifier (a token for databases of this stack) */
    abstract String identifier();

    /** @return true for DB clusters (Aurora or Multi-AZ) */
    abstract boolean isCluster();

    /**
     * @return the identifiers (tokens for instances of this stack) of the cluster's DB instances when they
     *     are known at synth, so that the reboot permission names them; empty when not known (the
     *     permission then covers all DB instances of the account and region). Unused for DB instances.
     */
    List<String> memberInstanceIdentifiers() {
        return List.of();
    }
}
