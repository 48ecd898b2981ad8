package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.RoleNameRules;

import io.github.rdsiamreplication.contract.ReplicationGrant;

import io.github.rdsiamreplication.contract.SslMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the CDK Provider framework's onEvent map into a {@link GrantRequest}, or says exactly which
 * property is wrong. CloudFormation hands every scalar property over as a string.
 */
public final class EventParser {
    /** Default for {@code Database}. */
    public static final String DEFAULT_DATABASE = "postgres";

    private EventParser() {
    }

    /**
     * @param event the event as the Lambda Java runtime gives it
     * @return the parsed request
     * @throws InvalidRequestException when a required key is missing or a value is malformed
     */
    public static GrantRequest parse(Map<String, Object> event) {
        if (event == null) {
            throw new InvalidRequestException("the event is empty");
        }
        RequestType type = requestType(event.get("RequestType"));
        String physicalId = optionalString(event, "PhysicalResourceId", "event");
        if (type != RequestType.CREATE && physicalId == null) {
            throw new InvalidRequestException("PhysicalResourceId is missing from a " + type + " event");
        }
        GrantProperties properties = properties(map(event.get("ResourceProperties"), "ResourceProperties"),
                "ResourceProperties");
        GrantProperties oldProperties = type == RequestType.UPDATE
                ? properties(map(event.get("OldResourceProperties"), "OldResourceProperties"), "OldResourceProperties")
                : null;
        return new GrantRequest(type, requiredString(event, "StackId", "event"),
                requiredString(event, "LogicalResourceId", "event"), physicalId, properties, oldProperties);
    }

    private static RequestType requestType(Object value) {
        if (!(value instanceof String text)) {
            throw new InvalidRequestException("RequestType is missing or not a string; expected Create, Update or Delete");
        }
        try {
            return RequestType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("RequestType is '" + text + "'; expected Create, Update or Delete");
        }
    }

    private static GrantProperties properties(Map<String, Object> props, String where) {
        String host = requiredString(props, "Host", where);
        int port = port(props.get("Port"), where);
        String database = optionalString(props, "Database", where);
        String secretArn = requiredString(props, "SecretArn", where);
        List<String> users = users(props.get("Users"), where);
        boolean createUsers = bool(props.get("CreateUsers"), "CreateUsers", where, true);
        String grant = optionalString(props, "ReplicationGrant", where);
        String ssl = optionalString(props, "SslMode", where);
        boolean enabled = bool(props.get("Enabled"), "Enabled", where, true);
        return new GrantProperties(host, port, database == null ? DEFAULT_DATABASE : database, secretArn, users,
                createUsers,
                grant == null ? ReplicationGrant.RDS_REPLICATION : contractValue(() -> ReplicationGrant.fromPropertyValue(grant)),
                ssl == null ? SslMode.VERIFY_FULL : contractValue(() -> SslMode.fromPropertyValue(ssl)), enabled);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String key) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new InvalidRequestException(key + " is missing or not an object");
    }

    private static String requiredString(Map<String, Object> map, String key, String where) {
        String value = optionalString(map, key, where);
        if (value == null) {
            throw new InvalidRequestException(where + "." + key + " is required");
        }
        return value;
    }

    private static String optionalString(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidRequestException(where + "." + key + " must be a string, got "
                    + value.getClass().getSimpleName());
        }
        if (text.isBlank()) {
            throw new InvalidRequestException(where + "." + key + " is blank");
        }
        return text;
    }

    private static int port(Object value, String where) {
        String text = value instanceof Number n ? String.valueOf(n) : value instanceof String s ? s : null;
        if (text == null) {
            throw new InvalidRequestException(where + ".Port is required (a number from 1 to 65535)");
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException(where + ".Port is '" + text + "'; expected a number from 1 to 65535");
    }

    private static boolean bool(Object value, String key, String where, boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new InvalidRequestException(where + "." + key + " is '" + value + "'; expected \"true\" or \"false\"");
    }

    private static List<String> users(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidRequestException(where + ".Users is required: a list of replication user names");
        }
        List<String> users = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String name)) {
                throw new InvalidRequestException(where + ".Users must hold only strings, got "
                        + (item == null ? "null" : item.getClass().getSimpleName()));
            }
            users.add(name);
        }
        List<String> problems = RoleNameRules.problemsWith(users, null);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(where + ".Users: " + String.join("; ", problems));
        }
        return users;
    }

    /** A contract enum's own check, reported like every other malformed property. */
    private static <T> T contractValue(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
