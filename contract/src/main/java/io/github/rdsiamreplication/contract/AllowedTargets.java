package io.github.rdsiamreplication.contract;

/**
 * The allow-list that pins the role-grant handler to what the constructs deployed: the construct writes it
 * into a Secrets Manager secret of the handler's own (its {@code SecretString}) and names that secret in
 * the handler's environment; the handler reads it for every event and refuses every event outside it
 * before it reads the admin secret or opens a connection. A secret rather than the environment itself,
 * because Lambda allows 4 KB of environment variables (about 15 entries), and a secret 64 KB (several
 * hundred). Its value is a JSON array of objects, one per construct using the handler, each with
 * the string members {@link #SECRET_ARN}, {@link #HOST}, {@link #PORT} and {@link #SSL_MODE} (the
 * {@link SslMode#propertyValue()} spelling): the same names as the grants resource's properties
 * ({@link GrantsResource}), since each entry is what that resource sends. Only names here: no I/O.
 */
public final class AllowedTargets {
    /** Name of the handler's environment variable holding the ARN of the secret that holds the allow-list. */
    public static final String SECRET_VARIABLE = "RDS_IAM_REPLICATION_ALLOWED_TARGETS_SECRET";
    /** Member: the admin secret's ARN. */
    public static final String SECRET_ARN = GrantsResource.SECRET_ARN;
    /** Member: the database endpoint address. */
    public static final String HOST = GrantsResource.HOST;
    /** Member: the database endpoint port, as a decimal string. */
    public static final String PORT = GrantsResource.PORT;
    /** Member: the TLS mode, as {@link SslMode#propertyValue()} spells it. */
    public static final String SSL_MODE = GrantsResource.SSL_MODE;

    /** What one entry looks like, for messages. */
    public static final String ENTRY_SHAPE = "{\"" + SECRET_ARN + "\", \"" + HOST + "\", \"" + PORT + "\", \""
            + SSL_MODE + "\"}";

    private AllowedTargets() {
    }
}
