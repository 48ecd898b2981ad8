package io.github.rdsiamreplication.debezium;

import io.github.rdsiamreplication.client.AuthTokenProvider;
import io.github.rdsiamreplication.client.DatabaseEndpoint;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The stand-in for IAM: every call makes a new random password and sets it on the role, so a token from
 * an earlier connect no longer works (as an expired IAM token would not). Named in the connector
 * configuration through {@code database.iam.token.provider}, as a user's own provider would be.
 */
public final class RotatingPasswordProvider implements AuthTokenProvider {
    /** Every token handed out, in order. */
    static final List<String> ISSUED = new CopyOnWriteArrayList<>();

    /** Made by the connection factory. */
    public RotatingPasswordProvider() {
    }

    @Override
    public String token(DatabaseEndpoint endpoint) {
        String token = "token-" + UUID.randomUUID();
        try {
            DebeziumServer.sql("ALTER ROLE " + endpoint.user() + " PASSWORD '" + token + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not rotate the test password", e);
        }
        ISSUED.add(token);
        return token;
    }

    @Override
    public void invalidate(DatabaseEndpoint endpoint, String token) {
        // every call makes a new one anyway
    }
}
