package io.github.rdsiamreplication.grant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * Runs the handler outside Lambda: {@code java -jar role-grant-handler.jar event.json}. Reads the
 * event (the JSON CloudFormation sends), calls {@link RoleGrantHandler} as Lambda would, prints the
 * response's physical id and exits 0, or prints the error and exits 1. Used by the tests that run the
 * shaded jar and by the cold-start measurement; handy for operators too.
 */
public final class LocalInvoke {
    /** Time the handler is told it has left, like a Lambda with a 5-minute timeout. */
    static final long REMAINING_MILLIS = 300_000;

    private LocalInvoke() {
    }

    /**
     * @param args the path of a JSON event file
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -jar role-grant-handler.jar EVENT.json");
            System.exit(2);
        }
        Map<String, Object> event = toMap(JsonParser.parseString(Files.readString(Path.of(args[0]),
                StandardCharsets.UTF_8)));
        try {
            Map<String, Object> response = new RoleGrantHandler().handleRequest(event,
                    new LocalContext(REMAINING_MILLIS, System.err::print));
            System.out.println("PhysicalResourceId=" + response.get("PhysicalResourceId"));
            System.out.println("Data=" + response.get("Data"));
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonElement node) {
        return (Map<String, Object>) toJava(node);
    }

    /** Plain Java values; numbers as their text (CloudFormation sends every scalar as a string anyway). */
    private static Object toJava(JsonElement node) {
        if (node.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.getAsJsonObject().entrySet().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        if (node.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            node.getAsJsonArray().forEach(v -> list.add(toJava(v)));
            return list;
        }
        if (node.isJsonNull()) {
            return null;
        }
        return node.getAsJsonPrimitive().isBoolean() ? node.getAsBoolean() : node.getAsString();
    }
}
