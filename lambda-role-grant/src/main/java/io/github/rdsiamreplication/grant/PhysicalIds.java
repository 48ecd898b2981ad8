package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.Sha256;


/**
 * Physical ids: stable for one resource on one database server (host and port), so that an Update of
 * the user list keeps the id (no Delete follows) while a change of endpoint gives a new id (a
 * replacement: CloudFormation then deletes the old one, which undoes the grants on the old server).
 * The database name is not part of it: roles belong to the whole server, so pointing the resource at
 * another database of the same server must not make the old resource's Delete drop them.
 */
public final class PhysicalIds {
    private static final String PREFIX = "rds-iam-replication:";

    private PhysicalIds() {
    }

    /**
     * @param stackId the stack's ARN
     * @param logicalResourceId the resource's logical id
     * @param properties its properties
     * @return {@code rds-iam-replication:<host>:<port>:<hash of stack and logical id>}
     */
    public static String of(String stackId, String logicalResourceId, GrantProperties properties) {
        return PREFIX + properties.host() + ":" + properties.port() + ":" + Sha256.shortHex(stackId + "/" + logicalResourceId, 8);
    }

}
