package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.GrantsResource;
import io.github.rdsiamreplication.contract.ReplicationGrant;
import io.github.rdsiamreplication.contract.RoleNameRules;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.lambdakit.CustomResourceEvent;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;
import io.github.rdsiamreplication.lambdakit.RequestType;
import io.github.rdsiamreplication.lambdakit.ResourceProperties;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns the CDK Provider framework's onEvent map into a {@link GrantRequest}, or says exactly which
 * property is wrong. The keys and defaults are {@link GrantsResource}'s.
 */
public final class EventParser {
    private EventParser() {
    }

    /**
     * @param event the event as the Lambda Java runtime gives it
     * @return the parsed request
     * @throws InvalidRequestException when a required key is missing or a value is malformed
     */
    public static GrantRequest parse(Map<String, Object> event) {
        CustomResourceEvent parsed = CustomResourceEvent.of(event);
        GrantProperties properties = properties(parsed.properties());
        GrantProperties oldProperties = parsed.type() == RequestType.UPDATE ? properties(parsed.oldProperties()) : null;
        return new GrantRequest(parsed.type(), parsed.stackId(), parsed.logicalResourceId(),
                parsed.physicalResourceId(), properties, oldProperties);
    }

    private static GrantProperties properties(ResourceProperties props) {
        String host = props.requiredString(GrantsResource.HOST);
        int port = props.port(GrantsResource.PORT);
        String database = props.string(GrantsResource.DATABASE, GrantsResource.DEFAULT_DATABASE);
        String secretArn = props.requiredString(GrantsResource.SECRET_ARN);
        List<String> users = props.stringList(GrantsResource.USERS, "replication user names");
        List<String> problems = RoleNameRules.problemsWith(users, null);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("ResourceProperties." + GrantsResource.USERS + ": "
                    + String.join("; ", problems));
        }
        boolean createUsers = props.bool(GrantsResource.CREATE_USERS, GrantsResource.DEFAULT_CREATE_USERS);
        String grant = props.optionalString(GrantsResource.REPLICATION_GRANT);
        String ssl = props.optionalString(GrantsResource.SSL_MODE);
        boolean enabled = props.bool(GrantsResource.ENABLED, GrantsResource.DEFAULT_ENABLED);
        boolean undoOnDelete = props.bool(GrantsResource.UNDO_ON_DELETE, GrantsResource.DEFAULT_UNDO_ON_DELETE);
        return new GrantProperties(host, port, database, secretArn, users, createUsers,
                grant == null ? GrantsResource.DEFAULT_REPLICATION_GRANT
                        : contractValue(() -> ReplicationGrant.fromPropertyValue(grant)),
                ssl == null ? GrantsResource.DEFAULT_SSL_MODE : contractValue(() -> SslMode.fromPropertyValue(ssl)),
                enabled, undoOnDelete);
    }

    /** A contract enum's own check, reported like every other malformed property. */
    private static <T> T contractValue(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
