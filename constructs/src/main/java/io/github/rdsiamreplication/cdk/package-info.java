/**
 * The AWS CDK construct that requires IAM authentication for the logical-replication connections of an
 * Amazon RDS for PostgreSQL database.
 *
 * <p>Start with {@link io.github.rdsiamreplication.cdk.IamReplicationAuth}: pick the database with a
 * {@link io.github.rdsiamreplication.cdk.ReplicationTarget} factory (an instance, a read replica, an Aurora
 * PostgreSQL cluster, a Multi-AZ DB cluster, or one made outside the stack), name the replication users,
 * then let consumers in with {@code grantConnect}. The construct sets {@code rds.logical_replication} and
 * {@code rds.iam_auth_for_replication} in the database's parameter group, switches IAM database
 * authentication on, and at deploy time grants {@code rds_iam} and {@code rds_replication} inside the
 * database through a custom resource whose handler jar this library carries.
 *
 * <p>The other public types are the construct's options
 * ({@link io.github.rdsiamreplication.cdk.IamReplicationAuthProps},
 * {@link io.github.rdsiamreplication.cdk.ImportedDatabaseProps},
 * {@link io.github.rdsiamreplication.cdk.MultiAzClusterProps},
 * {@link io.github.rdsiamreplication.cdk.HandlerOptions},
 * {@link io.github.rdsiamreplication.cdk.SlotHealthAlarmProps}), what it returns
 * ({@link io.github.rdsiamreplication.cdk.SlotHealthAlarms}), and the import of a construct made in another
 * stack ({@link io.github.rdsiamreplication.cdk.IIamReplicationAuth},
 * {@link io.github.rdsiamreplication.cdk.IamReplicationAuthAttributes}). Everything else in the package is
 * package-private: the binding between a target and the construct, and the custom-resource providers.
 * The vocabulary shared with the handlers ({@code SslMode}, {@code ReplicationGrant}, {@code RebootPolicy})
 * lives in {@code io.github.rdsiamreplication.contract}.
 */
package io.github.rdsiamreplication.cdk;
