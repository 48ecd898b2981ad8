package io.github.rdsiamreplication.debezium;

import io.github.rdsiamreplication.client.AuthTokenProvider;
import io.github.rdsiamreplication.client.DatabaseEndpoint;

/** A token provider for test servers that trust every local login: the token is never checked. */
public final class AnyTokenProvider implements AuthTokenProvider {
    /** Made by the connection factory. */
    public AnyTokenProvider() {
    }

    @Override
    public String token(DatabaseEndpoint endpoint) {
        return "not-checked";
    }

    @Override
    public void invalidate(DatabaseEndpoint endpoint, String token) {
        // nothing cached
    }
}
