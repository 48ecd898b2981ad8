package io.github.rdsiamreplication.client;

/** Hands out the password to log in with: an IAM auth token in production. */
public interface AuthTokenProvider {
    /**
     * @param endpoint where and as whom to log in
     * @return a token valid now
     */
    String token(DatabaseEndpoint endpoint);

    /**
     * Tells the provider that {@code token} was refused, so that the next {@link #token} call makes a new
     * one instead of handing out the same again.
     *
     * @param endpoint where it was refused
     * @param token the refused token
     */
    void invalidate(DatabaseEndpoint endpoint, String token);
}
