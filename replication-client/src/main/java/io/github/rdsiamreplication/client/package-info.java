/**
 * A logical-replication consumer for Amazon RDS for PostgreSQL that logs in with IAM.
 *
 * <p>{@link io.github.rdsiamreplication.client.ReplicationConnections} opens pgjdbc replication connections
 * with a token from an {@link io.github.rdsiamreplication.client.AuthTokenProvider} asked at every connect
 * ({@link io.github.rdsiamreplication.client.IamAuthTokens} signs them with the default AWS credentials and
 * caches them), over TLS that checks the server against the Amazon RDS CA bundle by default.
 * {@link io.github.rdsiamreplication.client.LogicalReplicationStream} streams a slot's
 * {@link io.github.rdsiamreplication.client.Change}s to a handler, reconnects with a fresh token when the
 * connection breaks, and keeps the slot's confirmed position moving so that it never holds back WAL.
 */
package io.github.rdsiamreplication.client;
