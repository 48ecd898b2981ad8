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
 * The database whose replication users must log in with IAM. One small type per kind of database;
 * each answers the questions {@link IamReplicationAuth} asks and nothing else.
 *
 * <p>Create one with a factory: {@link #instance(DatabaseInstance)} (or a {@code DatabaseInstanceFromSnapshot}),
 * {@link #auroraCluster(DatabaseCluster)} (or a {@code DatabaseClusterFromSnapshot}),
 * {@link #readReplica(DatabaseInstanceReadReplica, DatabaseInstance)},
 * {@link #multiAzCluster(MultiAzClusterProps)}, {@link #importedInstance} or {@link #importedCluster}.
 */
public sealed interface ReplicationTarget
        permits InstanceTarget, AuroraClusterTarget, MultiAzClusterTarget, ImportedTarget, ReadReplicaTarget {

    /**
     * An RDS for PostgreSQL DB instance defined in this CDK app.
     *
     * @param instance the instance; its engine must be PostgreSQL 11 or later with an explicit version
     * @return the target
     */
    static ReplicationTarget instance(DatabaseInstance instance) {
        requireDatabase(instance, "instance", "DatabaseInstance");
        return new InstanceTarget(instance, instance.getVpc(), instance.getSecret());
    }

    /**
     * An RDS for PostgreSQL DB instance restored from a snapshot in this CDK app. The admin secret is the
     * one its {@code SnapshotCredentials} made or named ({@code fromGeneratedSecret}, {@code fromSecret});
     * with {@code fromPassword} or no credentials there is none: pass {@code adminSecret}.
     *
     * @param instance the restored instance; its engine must be PostgreSQL 11 or later with an explicit version
     * @return the target
     */
    static ReplicationTarget instance(DatabaseInstanceFromSnapshot instance) {
        requireDatabase(instance, "instance", "DatabaseInstanceFromSnapshot");
        return new InstanceTarget(instance, instance.getVpc(), instance.getSecret());
    }

    /**
     * A read replica of a PostgreSQL DB instance of this app as the publisher: logical decoding on a read
     * replica needs RDS for PostgreSQL 16.1 or later, with {@code rds.logical_replication} on the replica
     * and on its source. The replica gets both parameters and IAM database authentication; the source's
     * parameter group gets {@code rds.logical_replication=1} (a group that sets it to 0 is an error). The
     * grants run on the source (a replica is read-only; roles replicate to it) with the source's admin
     * secret; {@code grantConnect} names the replica's resource id.
     *
     * @param replica the read replica consumers connect to
     * @param source the instance the replica was made from (its {@code sourceDatabaseInstance})
     * @return the target
     */
    static ReplicationTarget readReplica(DatabaseInstanceReadReplica replica, DatabaseInstance source) {
        requireDatabase(replica, "readReplica", "DatabaseInstanceReadReplica");
        return new ReadReplicaTarget(replica, (InstanceTarget) instance(source));
    }

    /**
     * Like {@link #readReplica(DatabaseInstanceReadReplica, DatabaseInstance)}, for a replica of an
     * instance restored from a snapshot.
     *
     * @param replica the read replica consumers connect to
     * @param source the restored instance the replica was made from
     * @return the target
     */
    static ReplicationTarget readReplica(DatabaseInstanceReadReplica replica, DatabaseInstanceFromSnapshot source) {
        requireDatabase(replica, "readReplica", "DatabaseInstanceReadReplica");
        return new ReadReplicaTarget(replica, (InstanceTarget) instance(source));
    }

    /**
     * An Aurora PostgreSQL cluster defined in this CDK app. The parameters go into its DB cluster
     * parameter group; its instance parameter groups are left alone. The handler uses the writer endpoint.
     *
     * @param cluster the cluster; its engine must be Aurora PostgreSQL 11 or later with an explicit version
     * @return the target
     */
    static ReplicationTarget auroraCluster(DatabaseCluster cluster) {
        requireDatabase(cluster, "auroraCluster", "Aurora PostgreSQL DatabaseCluster");
        return new AuroraClusterTarget(cluster, cluster.getVpc());
    }

    /**
     * An Aurora PostgreSQL cluster restored from a snapshot in this CDK app, like
     * {@link #auroraCluster(DatabaseCluster)}. The admin secret is the one its {@code snapshotCredentials}
     * made or named; without one, pass {@code adminSecret}.
     *
     * @param cluster the restored cluster; its engine must be Aurora PostgreSQL 11 or later with an explicit version
     * @return the target
     */
    static ReplicationTarget auroraCluster(DatabaseClusterFromSnapshot cluster) {
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
     * what an L1 cannot tell: its VPC, security groups and (unless it manages its master password) the
     * admin secret.
     *
     * @param props the cluster and its network
     * @return the target
     */
    static ReplicationTarget multiAzCluster(MultiAzClusterProps props) {
        return new MultiAzClusterTarget(props);
    }

    /**
     * A DB instance made outside the stack: its parameter group and IAM database authentication are
     * changed through the RDS API (see {@link RebootPolicy} for the static parameter).
     *
     * @param props the imported instance, its VPC and its custom parameter group
     * @return the target
     */
    static ReplicationTarget importedInstance(ImportedDatabaseProps props) {
        return new ImportedTarget(props, false);
    }

    /**
     * A DB cluster (Aurora PostgreSQL or Multi-AZ) made outside the stack, like {@link #importedInstance}.
     *
     * @param props the imported cluster, its VPC and its custom DB cluster parameter group
     * @return the target
     */
    static ReplicationTarget importedCluster(ImportedDatabaseProps props) {
        return new ImportedTarget(props, true);
    }

    /**
     * @return the database the grants run on and whose admin secret they use: the target itself, or a read
     *     replica's source (a replica is read-only; the roles replicate to it)
     */
    default ReplicationTarget primary() {
        return this;
    }

    /** @return the database construct: custom resources depend on it; messages name its path */
    IConstruct database();

    /**
     * Checks the engine and version; throws with the remedy when they cannot support the feature.
     *
     * @throws IllegalArgumentException naming what to change
     */
    void validate();

    /**
     * Sets {@code rds.logical_replication} and {@code rds.iam_auth_for_replication} in the parameter
     * group the database uses: creates one in {@code scope} when it has none, adds to its own otherwise.
     *
     * @param scope where a new parameter group is created
     * @param parameters the values ({@link ReplicationParameters#values})
     * @return the parameter group construct, for the custom resource to depend on
     */
    IConstruct enableReplicationParameters(Construct scope, Map<String, String> parameters);

    /** Switches IAM database authentication on, or throws when it was explicitly switched off. */
    void enableIamAuthentication();

    /** @return the endpoint address (a token) */
    String endpointAddress();

    /** @return the endpoint port (a token, as a string) */
    String endpointPort();

    /** @return the resource id for {@code rds-db:connect} ARNs (DbiResourceId / DbClusterResourceId) */
    String resourceId();

    /** @return the database's security groups and default port */
    Connections connections();

    /** @return the VPC the database is in */
    IVpc vpc();

    /**
     * @param scope where an imported secret construct may be created
     * @return the secret the database generated (or manages) for its admin user, or null when it has none
     */
    ISecret generatedAdminSecret(Construct scope);

    /** @return the admin user name when it is known at synth time, else null */
    String adminUsernameIfKnown();

    /** @return the DB instance or DB cluster identifier (a token for databases of this stack) */
    String identifier();

    /** @return true for DB clusters (Aurora or Multi-AZ) */
    boolean isCluster();

    /**
     * @return the identifiers (tokens for instances of this stack) of the cluster's DB instances when they
     *     are known at synth, so that the reboot permission names them; empty when not known (the
     *     permission then covers all DB instances of the account and region). Unused for DB instances.
     */
    default List<String> memberInstanceIdentifiers() {
        return List.of();
    }

    /**
     * @return true when CloudFormation manages the database (IAM authentication is set in the template);
     *     false for a database made outside the stack (set through the RDS API)
     */
    default boolean definedInThisStack() {
        return true;
    }
}
