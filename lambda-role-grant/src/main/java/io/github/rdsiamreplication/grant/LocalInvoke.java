package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.lambdakit.LocalContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the role-grant handler outside Lambda: {@code java -jar handlers.jar event.json} (the main class of
 * the one handler jar). Reads the event (the JSON CloudFormation sends), calls {@link RoleGrantHandler} as
 * Lambda would, prints the response's physical id and exits 0, or prints the error and exits 1. Used by the
 * tests that run the shaded jar and by the cold-start measurement; handy for operators too.
 */
public final class LocalInvoke {
    private LocalInvoke() {
    }

    /**
     * @param args the path of a JSON event file
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -jar handlers.jar EVENT.json");
            System.exit(2);
        }
        Map<String, Object> event = toMap(JsonValues.toJava(Files.readString(Path.of(args[0]))));
        try {
            Map<String, Object> response = new RoleGrantHandler().handleRequest(event,
                    new LocalContext(LocalContext.DEFAULT_REMAINING_MILLIS, System.err::print));
            System.out.println("PhysicalResourceId=" + response.get("PhysicalResourceId"));
            System.out.println("Data=" + response.get("Data"));
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Object value) {
        if (!(value instanceof Map)) {
            System.err.println("the event file must hold a JSON object");
            System.exit(2);
        }
        return (Map<String, Object>) value;
    }
}
