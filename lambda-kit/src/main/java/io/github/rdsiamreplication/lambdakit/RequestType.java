package io.github.rdsiamreplication.lambdakit;

import java.util.Locale;

/** The CloudFormation request types a custom resource receives. */
public enum RequestType {
    /** The resource is new. */
    CREATE,
    /** Its properties changed. */
    UPDATE,
    /** It is being removed (or replaced, for the old physical id). */
    DELETE;

    /**
     * @param value the event's {@code RequestType}
     * @return the type
     * @throws InvalidRequestException when it is not Create, Update or Delete
     */
    public static RequestType of(Object value) {
        if (!(value instanceof String text)) {
            throw new InvalidRequestException("RequestType is missing or not a string; expected Create, Update or Delete");
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("RequestType is '" + text + "'; expected Create, Update or Delete");
        }
    }
}
