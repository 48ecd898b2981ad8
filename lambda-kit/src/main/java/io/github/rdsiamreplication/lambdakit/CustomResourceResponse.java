package io.github.rdsiamreplication.lambdakit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The map an onEvent handler returns to the CDK Provider framework: {@code PhysicalResourceId}, then
 * (when there is any) {@code Data}, whose string values become the resource's attributes. Insertion
 * ordered, so logs and tests read the same every time.
 */
public final class CustomResourceResponse {
    /** The response key of the physical id. */
    public static final String PHYSICAL_RESOURCE_ID = "PhysicalResourceId";
    /** The response key of the attributes. */
    public static final String DATA = "Data";

    private CustomResourceResponse() {
    }

    /**
     * @param physicalId the physical resource id
     * @return a response with that id only (add top-level members to it as needed)
     */
    public static Map<String, Object> of(String physicalId) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put(PHYSICAL_RESOURCE_ID, physicalId);
        return response;
    }

    /**
     * @param physicalId the physical resource id
     * @param data the attributes (copied, in their order)
     * @return a response with that id and {@code Data}
     */
    public static Map<String, Object> of(String physicalId, Map<String, ?> data) {
        Map<String, Object> response = of(physicalId);
        response.put(DATA, new LinkedHashMap<>(data));
        return response;
    }

    /**
     * @param response a response made here
     * @return its {@code Data}, to add attributes to
     * @throws IllegalArgumentException when it has none
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> data(Map<String, Object> response) {
        if (!(response.get(DATA) instanceof Map<?, ?> data)) {
            throw new IllegalArgumentException("the response has no Data");
        }
        return (Map<String, Object>) data;
    }
}
