package io.github.rdsiamreplication.cdk;

import java.util.Map;
import java.util.TreeMap;

/**
 * The Debezium PostgreSQL connector properties for a replication user: where to connect, as whom, and
 * through the IAM token connection factory of the {@code debezium-iam} module with TLS verify-full.
 */
final class DebeziumConnectorProperties {
    static final String CONNECTION_FACTORY = "io.github.rdsiamreplication.debezium.IamTokenConnectionFactory";

    private DebeziumConnectorProperties() {
    }

    /**
     * @param host endpoint address (may be a token)
     * @param port endpoint port (may be a token)
     * @param database the database with the publication and slot
     * @param user the replication user
     * @param region the AWS region (may be a token)
     * @param caBundlePath the CA file on the connector's machine, or null for the bundle in the factory's jar
     * @return the properties, sorted by name
     */
    static Map<String, String> of(String host, String port, String database, String user, String region,
            String caBundlePath) {
        Map<String, String> p = new TreeMap<>();
        p.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.put("plugin.name", "pgoutput");
        p.put("database.hostname", host);
        p.put("database.port", port);
        p.put("database.dbname", database);
        p.put("database.user", user);
        p.put("database.connection.factory.class", CONNECTION_FACTORY);
        p.put("database.aws.region", region);
        p.put("database.sslmode", "verify-full");
        if (caBundlePath != null) {
            p.put("database.sslrootcert", caBundlePath);
        }
        return p;
    }
}
