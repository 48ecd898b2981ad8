package io.github.rdsiamreplication.lambdakit;

import java.util.Map;

/**
 * One CloudFormation custom-resource event as the CDK Provider framework passes it to onEvent and
 * isComplete: its type, ids and properties, each checked when read, with errors naming the key.
 */
public final class CustomResourceEvent {
    private final Map<String, Object> event;
    private final RequestType type;

    private CustomResourceEvent(Map<String, Object> event, RequestType type) {
        this.event = event;
        this.type = type;
    }

    /**
     * @param event the event as the Lambda Java runtime gives it
     * @return the event, its {@code RequestType} checked, and a {@code PhysicalResourceId} on Update and Delete
     * @throws InvalidRequestException when the event is empty, its type unknown, or an id missing
     */
    public static CustomResourceEvent of(Map<String, Object> event) {
        if (event == null) {
            throw new InvalidRequestException("the event is empty");
        }
        CustomResourceEvent parsed = new CustomResourceEvent(event, RequestType.of(event.get("RequestType")));
        if (parsed.type != RequestType.CREATE && parsed.physicalResourceId() == null) {
            throw new InvalidRequestException("PhysicalResourceId is missing from a " + parsed.type + " event");
        }
        return parsed;
    }

    /** @return Create, Update or Delete */
    public RequestType type() {
        return type;
    }

    /** @return the id CloudFormation knows the resource by; null on Create */
    public String physicalResourceId() {
        return optional("PhysicalResourceId");
    }

    /** @return the stack's ARN */
    public String stackId() {
        return required("StackId");
    }

    /** @return the resource's logical id in the template */
    public String logicalResourceId() {
        return required("LogicalResourceId");
    }

    /** @return the (new) resource properties */
    public ResourceProperties properties() {
        return ResourceProperties.of(event.get("ResourceProperties"), "ResourceProperties");
    }

    /** @return the previous properties (on Update) */
    public ResourceProperties oldProperties() {
        return ResourceProperties.of(event.get("OldResourceProperties"), "OldResourceProperties");
    }

    /**
     * @param key a top-level member (e.g. one an onEvent response added for isComplete)
     * @return its value, or null when absent
     */
    public Object get(String key) {
        return event.get(key);
    }

    private String required(String key) {
        String value = optional(key);
        if (value == null) {
            throw new InvalidRequestException("event." + key + " is required");
        }
        return value;
    }

    private String optional(String key) {
        Object value = event.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidRequestException("event." + key + " must be a string, got " + value.getClass().getSimpleName());
        }
        if (text.isBlank()) {
            throw new InvalidRequestException("event." + key + " is blank");
        }
        return text;
    }
}
