package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.IdKeySecret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The handler's key for signing physical ids ({@link PhysicalIds}): HMAC-SHA256 keyed with the
 * {@code SecretString} of the secret named in {@link IdKeySecret#SECRET_VARIABLE}, as UTF-8 bytes. The key
 * never appears in a message, a log or {@link #toString()}.
 */
public final class IdKey {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private IdKey(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * @param secretString the key secret's value
     * @return the key
     * @throws IllegalStateException when there is none or it is shorter than {@link IdKeySecret#MIN_LENGTH}
     *     characters (the message never holds the value)
     */
    public static IdKey of(String secretString) {
        if (secretString == null || secretString.length() < IdKeySecret.MIN_LENGTH) {
            throw new IllegalStateException("The physical-id key secret (" + IdKeySecret.SECRET_VARIABLE + ") holds "
                    + (secretString == null ? "no SecretString" : "fewer than " + IdKeySecret.MIN_LENGTH + " characters")
                    + ", so this handler signs and accepts no physical id and serves no database; deploy it through "
                    + "IamReplicationAuth, which has Secrets Manager generate " + IdKeySecret.GENERATED_LENGTH
                    + " characters");
        }
        return new IdKey(secretString.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the key from the secret the environment names.
     *
     * @param environment how to read an environment variable ({@code System::getenv} in Lambda)
     * @param secretString reads a secret's {@code SecretString} by ARN (the handler's secret reader, the same
     *     one that reads the allow-list and the admin secret)
     * @return the key
     * @throws IllegalStateException when the variable is missing or the secret unreadable or too short: the
     *     handler then serves nothing, not even a Delete
     */
    public static IdKey fromSecret(Function<String, String> environment, Function<String, String> secretString) {
        String secretArn = environment.apply(IdKeySecret.SECRET_VARIABLE);
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalStateException(IdKeySecret.SECRET_VARIABLE + " is not set, so this handler can neither "
                    + "sign nor check physical ids and serves no database. Deploy it through IamReplicationAuth "
                    + "(which sets it); to run it by hand, name a secret holding at least " + IdKeySecret.MIN_LENGTH
                    + " random characters");
        }
        return of(secretString.apply(secretArn));
    }

    /**
     * @param message what to sign
     * @param bytes how many leading bytes of the HMAC to keep (1 to 32)
     * @return those bytes
     */
    byte[] sign(byte[] message, int bytes) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(message), bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
        }
    }

    /** @return a description without the key */
    @Override
    public String toString() {
        return "IdKey[" + ALGORITHM + ", value not shown]";
    }
}
