package io.github.rdsiamreplication.testfixtures;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Settings every logical-replication test server needs: {@code wal_level=logical}, room for a few
 * walsenders and slots, and the test's own {@code pg_hba.conf}, so that each test states only who may log
 * in and how.
 */
public final class LogicalReplicationServer {
    private LogicalReplicationServer() {
    }

    /**
     * @param builder a builder, e.g. {@link TestCa#postgres()} for a TLS server
     * @param hbaLines the whole {@code pg_hba.conf}, one rule a line (a logical replication connection matches
     *     the database column, not {@code replication})
     * @return the same builder
     */
    public static EmbeddedPostgres.Builder configure(EmbeddedPostgres.Builder builder, String... hbaLines) {
        return builder
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_wal_senders", "10")
                .setServerConfig("max_replication_slots", "10")
                .setDataDirectoryCustomizer(dir -> {
                    try {
                        Files.writeString(dir.toPath().resolve("pg_hba.conf"), String.join("\n", hbaLines) + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
