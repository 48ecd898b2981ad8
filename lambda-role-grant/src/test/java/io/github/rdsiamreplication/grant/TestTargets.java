package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.AllowedTargets;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Allow-lists as the construct writes them ({@link AllowedTargets}), for tests that exercise the handler
 * on the resources their events name; parsed by the handler's own code, so nothing is bypassed.
 */
final class TestTargets {
    private TestTargets() {
    }

    /** @return the allow-list JSON naming the resources of these events: stack, logical id, properties */
    @SuppressWarnings("unchecked")
    static String json(List<Map<String, Object>> events) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Map<String, Object> event : events) {
            Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) event.get("ResourceProperties"));
            properties.remove(TargetAllowList.SERVICE_TOKEN);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(AllowedTargets.STACK_ID, event.get("StackId"));
            entry.put(AllowedTargets.LOGICAL_RESOURCE_ID, event.get("LogicalResourceId"));
            entry.put(AllowedTargets.PROPERTIES, properties);
            entries.add(entry);
        }
        return new Gson().toJson(entries);
    }

    /** @return the allow-list holding exactly the resource of this event */
    static TargetAllowList of(Map<String, Object> event) {
        return TargetAllowList.parse(json(List.of(event)));
    }

    /** @return the allow-list holding the resources of these events */
    @SafeVarargs
    static TargetAllowList ofEvents(Map<String, Object>... events) {
        return TargetAllowList.parse(json(List.of(events)));
    }
}
