package io.github.rdsiamreplication.contract;

/**
 * Names of the settings the construct pins in a handler function's own configuration (its environment
 * variables) rather than in per-resource data: whoever may edit an allow-list or invoke a function can
 * change neither. An event whose properties disagree with them is refused before any secret read, AWS call
 * or SQL. Only names here: no I/O.
 */
public final class FunctionSettings {
    /**
     * The role-grant function's TLS mode ({@link SslMode#propertyValue()}): every grants resource it serves
     * must name the same {@code SslMode}, so a function made for {@code verify-full} never connects with less.
     */
    public static final String SSL_MODE_VARIABLE = "RDS_IAM_REPLICATION_SSL_MODE";
    /**
     * A CA bundle (PEM text) the user supplied in place of the embedded RDS bundle, for the role-grant function
     * and the login check; absent: the embedded bundle.
     */
    public static final String CA_BUNDLE_VARIABLE = "RDS_IAM_REPLICATION_CA_BUNDLE";
    /** The login check's endpoint host: the one endpoint its function may log in to. */
    public static final String LOGIN_HOST_VARIABLE = "RDS_IAM_REPLICATION_LOGIN_HOST";
    /** The login check's endpoint port. */
    public static final String LOGIN_PORT_VARIABLE = "RDS_IAM_REPLICATION_LOGIN_PORT";
    /** The login check's database. */
    public static final String LOGIN_DATABASE_VARIABLE = "RDS_IAM_REPLICATION_LOGIN_DATABASE";
    /** The login check's user. */
    public static final String LOGIN_USER_VARIABLE = "RDS_IAM_REPLICATION_LOGIN_USER";

    private FunctionSettings() {
    }
}
