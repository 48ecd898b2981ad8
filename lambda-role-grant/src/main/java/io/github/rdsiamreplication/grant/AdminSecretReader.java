package io.github.rdsiamreplication.grant;

import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads the admin user and password from a Secrets Manager secret (JSON; other keys are ignored). */
public final class AdminSecretReader {
    private final SecretsManagerClient client;

    /** @param client the Secrets Manager client to read with */
    public AdminSecretReader(SecretsManagerClient client) {
        this.client = client;
    }

    /**
     * @param secretArn the secret's ARN
     * @return the admin credentials in it
     * @throws SecretUnreadableException when Secrets Manager does not answer or refuses
     * @throws IllegalStateException when the secret lacks username/password; the message never holds its value
     */
    public AdminCredentials read(String secretArn) {
        String value;
        try {
            value = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
        } catch (SdkException e) {
            throw SecretUnreadableException.from(secretArn, e);
        }
        if (value == null) {
            throw new IllegalStateException("The admin secret " + secretArn + " has no SecretString; "
                    + "it must be JSON with \"username\" and \"password\"");
        }
        Map<String, JsonNode> fields;
        try {
            JsonNode root = JsonNode.parser().parse(value);
            if (!root.isObject()) {
                throw new IllegalArgumentException("not an object");
            }
            fields = root.asObject();
        } catch (RuntimeException e) {
            // The parser's message may quote the secret's text: do not pass it on.
            throw new IllegalStateException("The admin secret " + secretArn
                    + " is not a JSON object; it must be JSON with \"username\" and \"password\"");
        }
        return new AdminCredentials(field(fields, "username", secretArn), field(fields, "password", secretArn));
    }

    private static String field(Map<String, JsonNode> fields, String key, String secretArn) {
        JsonNode node = fields.get(key);
        if (node == null || !node.isString() || node.asString().isEmpty()) {
            throw new IllegalStateException("The admin secret " + secretArn + " has no string \"" + key
                    + "\"; it must be JSON with \"username\" and \"password\"");
        }
        return node.asString();
    }
}
