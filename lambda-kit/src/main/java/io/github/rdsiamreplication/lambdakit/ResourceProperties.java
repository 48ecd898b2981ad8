package io.github.rdsiamreplication.lambdakit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A custom resource's properties with typed access. CloudFormation hands every scalar over as a string
 * (a boolean as {@code "true"}/{@code "false"}, a number as its digits); every error names the key as
 * {@code <where>.<key>} (e.g. {@code ResourceProperties.Port}) and says what is expected.
 */
public final class ResourceProperties {
    private final Map<String, Object> values;
    private final String where;

    private ResourceProperties(Map<String, Object> values, String where) {
        this.values = values;
        this.where = where;
    }

    /**
     * @param value the event member, e.g. {@code event.get("ResourceProperties")}
     * @param where its name, used in messages
     * @return the properties
     * @throws InvalidRequestException when the member is missing or not an object
     */
    @SuppressWarnings("unchecked")
    public static ResourceProperties of(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return new ResourceProperties(Collections.unmodifiableMap((Map<String, Object>) map), where);
        }
        throw new InvalidRequestException(where + " is missing or not an object");
    }

    /** @return the properties as given (read-only) */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * @param key a property name
     * @return true when the property is present (and not null)
     */
    public boolean has(String key) {
        return values.get(key) != null;
    }

    /**
     * @param key a property name
     * @return its value
     * @throws InvalidRequestException when it is missing, blank or not a string
     */
    public String requiredString(String key) {
        String value = optionalString(key);
        if (value == null) {
            throw new InvalidRequestException(where + "." + key + " is required");
        }
        return value;
    }

    /**
     * @param key a property name
     * @param defaultValue what an absent property means
     * @return its value, or {@code defaultValue} when absent
     * @throws InvalidRequestException when it is present but blank or not a string
     */
    public String string(String key, String defaultValue) {
        String value = optionalString(key);
        return value == null ? defaultValue : value;
    }

    /**
     * @param key a property name
     * @return its value, or null when absent
     * @throws InvalidRequestException when it is present but blank or not a string
     */
    public String optionalString(String key) {
        Object value = values.get(key);
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

    /**
     * @param key a property name
     * @param defaultValue what an absent property means
     * @return {@code "true"} (or a JSON true) as true, {@code "false"} as false
     * @throws InvalidRequestException for any other value
     */
    public boolean bool(String key, boolean defaultValue) {
        Object value = values.get(key);
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

    /**
     * @param key a property name
     * @return a TCP port
     * @throws InvalidRequestException when it is missing or not a number from 1 to 65535
     */
    public int port(String key) {
        Object value = values.get(key);
        String text = value instanceof Number n ? String.valueOf(n) : value instanceof String s ? s : null;
        if (text == null) {
            throw new InvalidRequestException(where + "." + key + " is required (a number from 1 to 65535)");
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException(where + "." + key + " is '" + text + "'; expected a number from 1 to 65535");
    }

    /**
     * @param key a property name
     * @param what what the list holds, for messages (e.g. "replication user names")
     * @return the strings, in the order given
     * @throws InvalidRequestException when it is missing, not a list, or holds anything but strings
     */
    public List<String> stringList(String key, String what) {
        if (!(values.get(key) instanceof List<?> list)) {
            throw new InvalidRequestException(where + "." + key + " is required: a list of " + what);
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new InvalidRequestException(where + "." + key + " must hold only strings, got "
                        + (item == null ? "null" : item.getClass().getSimpleName()));
            }
            strings.add(text);
        }
        return strings;
    }

    /**
     * @param key a property name
     * @return the name-to-string map, sorted by name
     * @throws InvalidRequestException when it is missing, not an object, empty, or holds a value that is not a string
     */
    public Map<String, String> stringMap(String key) {
        if (!(values.get(key) instanceof Map<?, ?> map)) {
            throw new InvalidRequestException(where + "." + key + " is missing or not an object");
        }
        Map<String, String> strings = new TreeMap<>();
        map.forEach((name, value) -> {
            if (!(value instanceof String text)) {
                throw new InvalidRequestException(where + "." + key + "." + name + " must be a string");
            }
            strings.put(String.valueOf(name), text);
        });
        if (strings.isEmpty()) {
            throw new InvalidRequestException(where + "." + key + " is empty");
        }
        return strings;
    }

    /**
     * @param key a property name
     * @param allowed the values it may take
     * @param defaultValue what an absent property means
     * @return one of {@code allowed}
     * @throws InvalidRequestException for any other value, or when absent without a default (null)
     */
    public String oneOf(String key, List<String> allowed, String defaultValue) {
        String value = string(key, defaultValue);
        if (value == null) {
            throw new InvalidRequestException(where + "." + key + " is required; use " + String.join(" or ", allowed));
        }
        if (!allowed.contains(value)) {
            throw new InvalidRequestException(where + "." + key + " is '" + value + "'; use "
                    + String.join(" or ", allowed));
        }
        return value;
    }
}
