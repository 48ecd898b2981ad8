package io.github.rdsiamreplication.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.postgresql.replication.LogSequenceNumber;

/**
 * One message of the logical decoding plugin, as the slot delivers it.
 *
 * @param lsn the WAL position of the message; acknowledged once the handler returns
 * @param data the plugin's message (pgoutput: binary protocol message; test_decoding: text)
 * @param possiblyRedelivered true when this change may have been handled before: it is at or below a
 *     position this process already delivered (a reconnect resumed from the slot's acknowledged
 *     position), or it was written before this process started (a previous process may have handled
 *     it without its acknowledgement reaching the server)
 */
public record Change(LogSequenceNumber lsn, ByteBuffer data, boolean possiblyRedelivered) {
    /** @return the message as UTF-8 text (for text plugins such as test_decoding or wal2json) */
    public String text() {
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
