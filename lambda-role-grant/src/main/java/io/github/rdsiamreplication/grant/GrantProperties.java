package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.ReplicationGrant;

import io.github.rdsiamreplication.contract.SslMode;

import java.util.List;

/**
 * The custom resource's properties, typed and checked (the contract in docs/ARCHITECTURE.md).
 *
 * @param host database endpoint address
 * @param port database port
 * @param database the database the resource names; default {@code postgres}. The handler logs into
 *     {@link GrantLedger#DATABASE} whatever it says: roles, and so the ledger and the lock, are server-wide
 * @param secretArn the admin secret (JSON with {@code username} and {@code password})
 * @param users the replication users, in the order given
 * @param createUsers create missing users as LOGIN roles without a password; default true
 * @param replicationGrant how replication rights are given; default {@link ReplicationGrant#RDS_REPLICATION}
 * @param sslMode TLS for the connection; default {@link SslMode#VERIFY_FULL}
 * @param enabled IAM authentication for replication on: users get {@code rds_iam}. Off: the {@code rds_iam}
 *     this resource granted is revoked (replication rights stay); default true
 * @param undoOnDelete a Delete undoes what the resource did; false for a resource CloudFormation retains
 *     (it sends no Delete then, so one that arrives changes nothing); default true
 */
public record GrantProperties(String host, int port, String database, String secretArn, List<String> users,
        boolean createUsers, ReplicationGrant replicationGrant, SslMode sslMode, boolean enabled,
        boolean undoOnDelete) {

    /** Makes the user list unmodifiable. */
    public GrantProperties {
        users = List.copyOf(users);
    }

    /** @return host:port/database, for messages */
    public String endpoint() {
        return host + ":" + port + "/" + database;
    }
}
