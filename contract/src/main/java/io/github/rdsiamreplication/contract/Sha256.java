package io.github.rdsiamreplication.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex: of whole files (names by content) and short ones (stable ids). */
public final class Sha256 {
    private static final int DIGEST_BYTES = 32;

    private Sha256() {
    }

    /**
     * @param bytes what to digest
     * @return the whole digest, 64 lower-case hex characters
     */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /**
     * @param text what to digest (as UTF-8)
     * @param bytes how many leading bytes of the digest to keep (1 to 32)
     * @return {@code 2 * bytes} lower-case hex characters
     */
    public static String shortHex(String text, int bytes) {
        if (bytes < 1 || bytes > DIGEST_BYTES) {
            throw new IllegalArgumentException("a short SHA-256 keeps 1 to 32 bytes, not " + bytes);
        }
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
