package io.github.rdsiamreplication.grant;

/** The CloudFormation request types a custom resource receives. */
public enum RequestType {
    /** The resource is new. */
    CREATE,
    /** Its properties changed. */
    UPDATE,
    /** It is being removed (or replaced, for the old physical id). */
    DELETE
}
