package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.AllowedTargets;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Allow-lists as the construct writes them ({@link AllowedTargets}), for tests that exercise the handler
 * on the targets their events name; parsed by the handler's own code, so nothing is bypassed.
 */
final class TestTargets {
    private TestTargets() {
    }

    /** @return the allow-list JSON naming the targets of these resource properties (default SslMode verify-full) */
    static String json(List<Map<String, Object>> propertiesList) {
        List<Map<String, String>> entries = new ArrayList<>();
        for (Map<String, Object> props : propertiesList) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put(AllowedTargets.SECRET_ARN, String.valueOf(props.get("SecretArn")));
            entry.put(AllowedTargets.HOST, String.valueOf(props.get("Host")));
            entry.put(AllowedTargets.PORT, String.valueOf(props.get("Port")));
            entry.put(AllowedTargets.SSL_MODE, props.get("SslMode") == null ? "verify-full"
                    : String.valueOf(props.get("SslMode")));
            entries.add(entry);
        }
        return new Gson().toJson(entries);
    }

    /** @return the allow-list holding exactly the target of this event's resource properties */
    @SuppressWarnings("unchecked")
    static TargetAllowList of(Map<String, Object> event) {
        return TargetAllowList.parse(json(List.of((Map<String, Object>) event.get("ResourceProperties"))));
    }

    /** @return the allow-list holding the targets of these resource properties */
    @SafeVarargs
    static TargetAllowList ofProperties(Map<String, Object>... properties) {
        return TargetAllowList.parse(json(List.of(properties)));
    }
}
