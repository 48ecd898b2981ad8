package io.github.rdsiamreplication.logincheck;

/**
 * What {@code IDENTIFY_SYSTEM} answered on the replication connection.
 *
 * @param systemId the cluster's system identifier
 * @param timeline the current timeline
 * @param walPosition the current WAL flush position
 * @param database the database the connection is bound to
 */
public record SystemIdentity(String systemId, int timeline, String walPosition, String database) {
}
