package io.github.rdsiamreplication.grant;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;

/** Reads the admin user and password from a Secrets Manager secret (JSON; other keys are ignored). */
public final class AdminSecretReader {
    private final SecretStringReader client;

    /** @param client reads the secret from Secrets Manager */
    public AdminSecretReader(SecretStringReader client) {
        this.client = client;
    }

    /**
     * @param secretArn the secret's ARN
     * @return the admin credentials in it
     * @throws SecretUnreadableException when the secret cannot be read (not found, access denied, KMS, no answer)
     * @throws IllegalStateException when the secret lacks username/password; the message never holds its value
     */
    public AdminCredentials read(String secretArn) {
        String value = client.secretString(secretArn, SecretUnreadableException.ADMIN_SECRET);
        if (value == null) {
            throw new IllegalStateException("The admin secret " + secretArn + " has no SecretString; "
                    + "it must be JSON with \"username\" and \"password\"");
        }
        JsonObject fields;
        try {
            fields = JsonValues.parse(value).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote the secret's text: do not pass it on.
            throw new IllegalStateException("The admin secret " + secretArn
                    + " is not a JSON object; it must be JSON with \"username\" and \"password\"");
        }
        return new AdminCredentials(field(fields, "username", secretArn), field(fields, "password", secretArn));
    }

    private static String field(JsonObject fields, String key, String secretArn) {
        JsonElement value = fields.get(key);
        String text = value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
        if (text == null || text.isEmpty()) {
            throw new IllegalStateException("The admin secret " + secretArn + " has no string \"" + key
                    + "\"; it must be JSON with \"username\" and \"password\"");
        }
        return text;
    }
}
