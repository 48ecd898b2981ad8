/**
 * IAM authentication for the Debezium PostgreSQL connector:
 * {@link io.github.rdsiamreplication.debezium.IamTokenConnectionFactory}, named in the connector's
 * {@code database.connection.factory.class}, logs in with a fresh IAM token at every connect (no AWS JDBC
 * wrapper, no password in the configuration). The construct's {@code debeziumConnectorProperties(user)}
 * writes the matching connector properties.
 */
package io.github.rdsiamreplication.debezium;
