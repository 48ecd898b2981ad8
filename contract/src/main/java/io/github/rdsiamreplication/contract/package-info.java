/**
 * The vocabulary the construct, the custom-resource handlers and the replication client all speak, so
 * that each says the same thing the same way: how the handler connects
 * ({@link io.github.rdsiamreplication.contract.SslMode}), how replication rights are given
 * ({@link io.github.rdsiamreplication.contract.ReplicationGrant}), what to do about a pending reboot
 * ({@link io.github.rdsiamreplication.contract.RebootPolicy}), which names may be replication users
 * ({@link io.github.rdsiamreplication.contract.RoleNameRules}), what a server runs with
 * ({@link io.github.rdsiamreplication.contract.SettingsInEffect}), how every side hands pgjdbc a connection
 * ({@link io.github.rdsiamreplication.contract.PostgresEndpoint},
 * {@link io.github.rdsiamreplication.contract.PgjdbcSettings}), the CA certificates it trusts
 * ({@link io.github.rdsiamreplication.contract.CaBundle}), the role-grant handler's allow-list and
 * physical-id key ({@link io.github.rdsiamreplication.contract.AllowedTargets},
 * {@link io.github.rdsiamreplication.contract.IdKeySecret}) and the Amazon RDS CA certificates carried in
 * the jar ({@link io.github.rdsiamreplication.contract.RdsCaBundle}).
 *
 * <p>Plain Java with no dependencies: neither the AWS SDK nor the AWS CDK, so that every side can depend
 * on it without pulling the other's world in.
 */
package io.github.rdsiamreplication.contract;
