package io.github.rdsiamreplication.grant;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Physical ids, signed: {@code rds-iam-replication:<host>:<port>:<tag>}, the tag being 32 hex digits of
 * HMAC-SHA256 ({@link IdKey}) over a canonical encoding of the resource's stack id, logical id, host, port,
 * admin secret ARN, {@code SslMode} and {@code UndoOnDelete}. Pure: no I/O.
 *
 * <p>Why signed: CloudFormation sends the Delete of a removed (or replaced, or rolled-back) resource after the
 * handler's allow-list lost it, so a Delete is authorized by its physical id instead. Only the handler, which
 * gives these ids on Create and Update after the allow-list check, can make one; a Delete whose id is not the
 * one computed from its own stack, logical id and properties is refused before any secret but the key is
 * read. Whoever may invoke the handler can therefore point a Delete's admin password at no endpoint, secret or
 * TLS mode the handler never served for that resource, nor turn a retained resource's Delete into an undo.
 *
 * <p>The id changes with any of the signed parts, which CloudFormation treats as a replacement: it then
 * deletes the old id. On the same server that Delete finds nothing to undo (the Update took the ledger rows
 * over, see {@link LedgerKey}); on another server it undoes the grants there. The database name, the users
 * and the other properties are not part of it: an Update of those keeps the id. The host stays readable in
 * the id for people; the ledger no longer depends on it.
 */
public final class PhysicalIds {
    /** Every id starts with this. */
    static final String PREFIX = "rds-iam-replication:";
    /** How many bytes of the HMAC the tag keeps: 128 bits, 32 hex digits. */
    static final int TAG_BYTES = 16;
    /** Names what is signed and how, so that no other use of the key can produce the same input. */
    private static final String DOMAIN = "rds-iam-replication grants physical id v1";

    private PhysicalIds() {
    }

    /**
     * @param key the handler's key
     * @param stackId the stack's ARN
     * @param logicalResourceId the resource's logical id
     * @param properties its properties
     * @return {@code rds-iam-replication:<host>:<port>:<tag>}
     */
    public static String of(IdKey key, String stackId, String logicalResourceId, GrantProperties properties) {
        byte[] tag = key.sign(canonical(stackId, logicalResourceId, properties), TAG_BYTES);
        return PREFIX + properties.host() + ":" + properties.port() + ":" + HexFormat.of().formatHex(tag);
    }

    /**
     * Compares in constant time (for ids of one length), so the time a refusal takes says nothing about how
     * much of a guessed tag was right.
     *
     * @param key the handler's key
     * @param stackId the stack's ARN, from the event
     * @param logicalResourceId the logical id, from the event
     * @param properties the properties, from the event
     * @param claimed the physical id the event names (may be null)
     * @return whether {@code claimed} is the id the handler gives that resource with these properties
     */
    public static boolean isTheIdOf(IdKey key, String stackId, String logicalResourceId, GrantProperties properties,
            String claimed) {
        if (claimed == null) {
            return false;
        }
        return MessageDigest.isEqual(of(key, stackId, logicalResourceId, properties).getBytes(StandardCharsets.UTF_8),
                claimed.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The signed input: {@link #DOMAIN}, then each part as its UTF-8 length (4 bytes, big-endian) followed by
     * its UTF-8 bytes, so that no two different sets of parts give the same bytes (a part may hold any
     * character, ':' and '/' included). Port in decimal, {@code SslMode} as its property value,
     * {@code UndoOnDelete} as {@code true}/{@code false}: the parsed values, so a property left out and its
     * default written out (which act the same) give the same id.
     *
     * @param stackId the stack's ARN
     * @param logicalResourceId the logical id
     * @param properties the properties
     * @return the bytes to sign
     */
    static byte[] canonical(String stackId, String logicalResourceId, GrantProperties properties) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (String part : new String[] {DOMAIN, stackId, logicalResourceId, properties.host(),
                String.valueOf(properties.port()), properties.secretArn(), properties.sslMode().propertyValue(),
                String.valueOf(properties.undoOnDelete())}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }
}
