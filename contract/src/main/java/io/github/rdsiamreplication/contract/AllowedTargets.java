package io.github.rdsiamreplication.contract;

/**
 * The allow-list that pins the role-grant handler to what the constructs deployed: the construct writes it
 * into the handler's environment, the handler refuses every event outside it before it reads a secret or
 * opens a connection. Its value is a JSON array of objects, one per construct using the handler, each with
 * the string members {@link #SECRET_ARN}, {@link #HOST}, {@link #PORT} and {@link #SSL_MODE} (the
 * {@link SslMode#propertyValue()} spelling). Only names here: no I/O.
 */
public final class AllowedTargets {
    /** Name of the handler's environment variable holding the allow-list. */
    public static final String ENVIRONMENT_VARIABLE = "RDS_IAM_REPLICATION_ALLOWED_TARGETS";
    /** Member: the admin secret's ARN. */
    public static final String SECRET_ARN = "SecretArn";
    /** Member: the database endpoint address. */
    public static final String HOST = "Host";
    /** Member: the database endpoint port, as a decimal string. */
    public static final String PORT = "Port";
    /** Member: the TLS mode, as {@link SslMode#propertyValue()} spells it. */
    public static final String SSL_MODE = "SslMode";

    private AllowedTargets() {
    }
}
