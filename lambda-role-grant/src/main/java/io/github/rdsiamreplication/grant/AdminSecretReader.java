package io.github.rdsiamreplication.grant;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads the admin user and password from a Secrets Manager secret (JSON; other keys are ignored). */
public final class AdminSecretReader {
    private final SecretsExtensionClient client;

    /** @param client reads the secret through the AWS Parameters and Secrets Lambda Extension */
    public AdminSecretReader(SecretsExtensionClient client) {
        this.client = client;
    }

    /**
     * @param secretArn the secret's ARN
     * @return the admin credentials in it
     * @throws SecretRefusedException when Secrets Manager refuses the secret (not found, access denied)
     * @throws UnreachableException when the secret cannot be fetched (extension or Secrets Manager not reached)
     * @throws IllegalStateException when the secret lacks username/password; the message never holds its value
     */
    public AdminCredentials read(String secretArn) {
        String value = client.secretString(secretArn);
        if (value == null) {
            throw new IllegalStateException("The admin secret " + secretArn + " has no SecretString; "
                    + "it must be JSON with \"username\" and \"password\"");
        }
        JsonObject fields;
        try {
            JsonElement root = JsonParser.parseString(value);
            if (!root.isJsonObject()) {
                throw new IllegalArgumentException("not an object");
            }
            fields = root.getAsJsonObject();
        } catch (RuntimeException e) {
            // The parser's message may quote the secret's text: do not pass it on.
            throw new IllegalStateException("The admin secret " + secretArn
                    + " is not a JSON object; it must be JSON with \"username\" and \"password\"");
        }
        return new AdminCredentials(field(fields, "username", secretArn), field(fields, "password", secretArn));
    }

    private static String field(JsonObject fields, String key, String secretArn) {
        JsonElement node = fields.get(key);
        if (node == null || !node.isJsonPrimitive() || !node.getAsJsonPrimitive().isString()
                || node.getAsString().isEmpty()) {
            throw new IllegalStateException("The admin secret " + secretArn + " has no string \"" + key
                    + "\"; it must be JSON with \"username\" and \"password\"");
        }
        return node.getAsString();
    }
}
