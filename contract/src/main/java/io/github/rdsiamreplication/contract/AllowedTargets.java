package io.github.rdsiamreplication.contract;

/**
 * The allow-list that pins the role-grant handler to what the constructs deployed: the construct writes it
 * into a Secrets Manager secret of the handler's own (its {@code SecretString}) and names that secret in
 * the handler's environment; the handler reads it for every Create and Update and refuses one outside it
 * before it reads the admin secret or opens a connection (a Delete is authorized by the physical id the
 * handler signed instead, see {@link IdKeySecret}: CloudFormation may send it after the list lost the
 * entry). A secret rather than the environment itself, because Lambda allows 4 KB of environment
 * variables, and a secret 64 KB. Its value is a JSON array of objects, one per grants resource using the
 * handler, each with the string members {@link #STACK_ID} and {@link #LOGICAL_RESOURCE_ID} and the object
 * member {@link #PROPERTIES}: the resource's properties as the construct sends them ({@link GrantsResource}'s
 * keys; CloudFormation's {@code ServiceToken} left out). A
 * Create or Update is served only when its {@code StackId}, {@code LogicalResourceId} and
 * {@code ResourceProperties} (less {@code ServiceToken}) are, together, one entry. Only names here: no I/O.
 */
public final class AllowedTargets {
    /** Name of the handler's environment variable holding the ARN of the secret that holds the allow-list. */
    public static final String SECRET_VARIABLE = "RDS_IAM_REPLICATION_ALLOWED_TARGETS_SECRET";
    /** Member: the ARN of the stack holding the grants resource. */
    public static final String STACK_ID = "StackId";
    /** Member: the grants resource's logical id in that stack. */
    public static final String LOGICAL_RESOURCE_ID = "LogicalResourceId";
    /** Member: the grants resource's properties, as in the template. */
    public static final String PROPERTIES = "Properties";

    /** What one entry looks like, for messages. */
    public static final String ENTRY_SHAPE = "{\"" + STACK_ID + "\", \"" + LOGICAL_RESOURCE_ID + "\", \""
            + PROPERTIES + "\": {the grants resource's properties}}";

    private AllowedTargets() {
    }
}
