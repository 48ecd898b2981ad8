package io.github.rdsiamreplication.logincheck;

import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.github.rdsiamreplication.contract.SslMode;

import java.util.Map;

/**
 * The login check's resource properties, parsed: where to log in, as whom, how to react to a refusal,
 * and the settings the role-grant handler reported (passed on by the construct from its attributes).
 *
 * @param host endpoint address
 * @param port endpoint port
 * @param database database the replication connection logs into
 * @param user the replication user to log in as
 * @param sslMode TLS mode ({@code verify-full} against the RDS CA bundle unless the construct says otherwise)
 * @param failOnRefusedLogin fail the deployment when the login fails (else only warn)
 * @param settings what the role-grant handler found in effect
 */
public record LoginCheckRequest(String host, int port, String database, String user, SslMode sslMode,
        boolean failOnRefusedLogin, SettingsInEffect settings) {
    /**
     * @param properties {@code Host}, {@code Port}, {@code Database}, {@code User}, {@code SslMode},
     *     {@code FailOnRefusedLogin} and the keys of {@link SettingsInEffect}
     * @return the request
     * @throws IllegalArgumentException naming the property that is missing or wrong
     */
    public static LoginCheckRequest of(Map<String, Object> properties) {
        String port = required(properties, "Port");
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Port must be a number, got '" + port + "'");
        }
        String fail = required(properties, "FailOnRefusedLogin");
        if (!"true".equals(fail) && !"false".equals(fail)) {
            throw new IllegalArgumentException("FailOnRefusedLogin must be true or false, got '" + fail + "'");
        }
        return new LoginCheckRequest(required(properties, "Host"), portNumber, required(properties, "Database"),
                required(properties, "User"), SslMode.fromPropertyValue(required(properties, "SslMode")),
                Boolean.parseBoolean(fail), SettingsInEffect.fromData(properties));
    }

    private static String required(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(key + " is missing from the login check's properties (a string "
                    + "is required); the construct sets it, so check that the stack was synthesized by it");
        }
        return text;
    }

    /** @return user@host:port/database, for messages (no token) */
    public String describe() {
        return "'" + user + "' at " + host + ":" + port + "/" + database;
    }
}
