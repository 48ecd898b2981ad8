package io.github.rdsiamreplication.client;

import io.github.rdsiamreplication.contract.PostgresEndpoint;
import java.util.regex.Pattern;

/**
 * Where and as whom a consumer logs in: the key IAM tokens are made and cached for.
 *
 * @param host the database endpoint address (the writer endpoint for clusters): a DNS host name, an IPv4
 *     address or an IPv6 address, nothing else (no port, database or options: see {@link PostgresEndpoint})
 * @param port its port, 1 to 65535
 * @param user the replication user (one that has {@code rds_iam} and {@code rds_replication})
 * @param region the AWS region the database is in, e.g. {@code eu-west-1}
 */
public record DatabaseEndpoint(String host, int port, String user, String region) {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** Checks every part, so that a typo fails here and not as an authentication error later. */
    public DatabaseEndpoint {
        PostgresEndpoint.checkHost("host", host);
        PostgresEndpoint.checkPort("port", port);
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user is required: the replication user to log in as");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name such as "
                    + "us-east-1 or eu-central-1; a token signed for a wrong region is refused by the database");
        }
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + " (" + region + ")";
    }
}
