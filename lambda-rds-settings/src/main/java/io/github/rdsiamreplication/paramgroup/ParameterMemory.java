package io.github.rdsiamreplication.paramgroup;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The physical id of a parameter-group resource: the group and the values it found before changing
 * them, so that Delete can put exactly those back (CloudFormation hands the physical id to every later
 * event). It stays the same across Updates of the same group.
 * Format: {@code rds-iam-replication-parameters:<kind>:<group>:<name>=<value|~>,<static|dynamic>;...}
 * ({@code ~}: engine default, reset on Delete; parts URL-encoded).
 */
public final class ParameterMemory {
    private static final String PREFIX = "rds-iam-replication-parameters:";

    private ParameterMemory() {
    }

    /**
     * @param group the group
     * @param found the parameters as they were
     * @return the physical id
     */
    public static String encode(ParameterGroupRef group, Map<String, FoundParameter> found) {
        return PREFIX + group.kind() + ":" + enc(group.name()) + ":" + found.values().stream()
                .map(p -> enc(p.name()) + "=" + (p.engineDefault() ? "~" : enc(p.value())) + ","
                        + (p.staticParameter() ? "static" : "dynamic"))
                .collect(Collectors.joining(";"));
    }

    /**
     * @param physicalId an id made by {@link #encode}
     * @return the group it names
     * @throws IllegalArgumentException when the id was not made by {@link #encode}
     */
    public static ParameterGroupRef group(String physicalId) {
        String[] parts = split(physicalId);
        return ParameterGroupRef.of(parts[0], dec(parts[1]));
    }

    /**
     * @param physicalId an id made by {@link #encode}
     * @return the parameters as they were before the resource changed them, by name
     */
    public static Map<String, FoundParameter> found(String physicalId) {
        String[] parts = split(physicalId);
        Map<String, FoundParameter> found = new LinkedHashMap<>();
        if (parts[2].isEmpty()) {
            return found;
        }
        for (String entry : parts[2].split(";")) {
            String name = dec(entry.substring(0, entry.indexOf('=')));
            String rest = entry.substring(entry.indexOf('=') + 1);
            String value = rest.substring(0, rest.lastIndexOf(','));
            boolean staticParameter = rest.endsWith(",static");
            found.put(name, "~".equals(value) ? new FoundParameter(name, null, true, staticParameter)
                    : new FoundParameter(name, dec(value), false, staticParameter));
        }
        return found;
    }

    /** @return whether the id was made by {@link #encode} */
    public static boolean isOurs(String physicalId) {
        return physicalId != null && physicalId.startsWith(PREFIX) && physicalId.split(":", -1).length == 4;
    }

    private static String[] split(String physicalId) {
        if (!isOurs(physicalId)) {
            throw new IllegalArgumentException("physical id '" + physicalId + "' was not made by this handler");
        }
        String[] parts = physicalId.substring(PREFIX.length()).split(":", -1);
        return parts;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String dec(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
