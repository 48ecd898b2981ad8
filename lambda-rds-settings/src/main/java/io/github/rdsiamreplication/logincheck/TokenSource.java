package io.github.rdsiamreplication.logincheck;

/** Makes the password for one login: an IAM auth token in production, a password in tests. */
@FunctionalInterface
public interface TokenSource {
    /**
     * @param host endpoint address
     * @param port endpoint port
     * @param user database user
     * @return the token (a secret: never logged)
     */
    String token(String host, int port, String user);
}
