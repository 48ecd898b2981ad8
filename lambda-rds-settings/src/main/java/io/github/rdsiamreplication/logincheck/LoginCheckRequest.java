package io.github.rdsiamreplication.logincheck;

import io.github.rdsiamreplication.contract.LoginCheckResource;
import io.github.rdsiamreplication.contract.PostgresEndpoint;
import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.lambdakit.InvalidRequestException;
import io.github.rdsiamreplication.lambdakit.ResourceProperties;

import java.util.List;


/**
 * The login check's resource properties, parsed: where to log in, as whom, how to react to a refusal,
 * and the settings the role-grant handler reported (passed on by the construct from its attributes).
 *
 * @param host endpoint address: a DNS host name or an IP address, nothing else
 * @param port endpoint port
 * @param database database the replication connection logs into: a plain identifier
 * @param user the replication user to log in as
 * @param sslMode TLS mode ({@code verify-full} against the RDS CA bundle unless the construct says otherwise)
 * @param failOnRefusedLogin fail the deployment when the login fails (else only warn)
 * @param settings what the role-grant handler found in effect
 */
public record LoginCheckRequest(String host, int port, String database, String user, SslMode sslMode,
        boolean failOnRefusedLogin, SettingsInEffect settings) {
    /** The refusals name the resource properties these parts come from. */
    private static final PostgresEndpoint.Names PROPERTIES = PostgresEndpoint.named(
            "ResourceProperties." + LoginCheckResource.HOST, "ResourceProperties." + LoginCheckResource.PORT,
            "ResourceProperties." + LoginCheckResource.DATABASE);

    /**
     * @param properties the keys of {@link LoginCheckResource} (all required) and of {@link SettingsInEffect}
     * @return the request
     * @throws InvalidRequestException naming the property that is missing or wrong (before any token is made)
     */
    public static LoginCheckRequest of(ResourceProperties properties) {
        int port = properties.port(LoginCheckResource.PORT);
        String host = properties.requiredString(LoginCheckResource.HOST);
        String database = properties.requiredString(LoginCheckResource.DATABASE);
        try {
            PROPERTIES.of(host, port, database);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        boolean fail = Boolean.parseBoolean(properties.oneOf(LoginCheckResource.FAIL_ON_REFUSED_LOGIN,
                List.of("true", "false"), null));
        return new LoginCheckRequest(host, port, database, properties.requiredString(LoginCheckResource.USER),
                SslMode.fromPropertyValue(properties.requiredString(LoginCheckResource.SSL_MODE)), fail,
                SettingsInEffect.fromData(properties.asMap()));
    }

    /** @return user@host:port/database, for messages (no token) */
    public String describe() {
        return "'" + user + "' at " + host + ":" + port + "/" + database;
    }
}
