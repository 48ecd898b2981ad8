package io.github.rdsiamreplication.client;

import io.github.rdsiamreplication.contract.SslMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.postgresql.replication.LogSequenceNumber;

/**
 * A PostgreSQL 16 with {@code wal_level=logical} whose pg_hba checks passwords for everyone but the
 * test superuser, and a test token provider that stands in for IAM: every token is a new random
 * password set on the role, so an old token stops working as soon as a new one is made.
 */
final class ReplicationServer {
    static final String USER = "repl_user";
    static final String REGION = "eu-west-1";
    private static EmbeddedPostgres pg;

    private ReplicationServer() {
    }

    static synchronized EmbeddedPostgres get() {
        if (pg == null) {
            try {
                pg = EmbeddedPostgres.builder()
                        .setServerConfig("wal_level", "logical")
                        .setServerConfig("max_wal_senders", "20")
                        .setServerConfig("max_replication_slots", "20")
                        .setDataDirectoryCustomizer(dir -> {
                            try {
                                Files.writeString(dir.toPath().resolve("pg_hba.conf"), String.join("\n",
                                        "local all all trust",
                                        "host all postgres 127.0.0.1/32 trust",
                                        "host all postgres ::1/128 trust",
                                        "host replication postgres 127.0.0.1/32 trust",
                                        "host all all 127.0.0.1/32 scram-sha-256",
                                        "host all all ::1/128 scram-sha-256",
                                        "host replication all 127.0.0.1/32 scram-sha-256",
                                        "host replication all ::1/128 scram-sha-256", ""));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                        .start();
                sql("CREATE ROLE " + USER + " LOGIN REPLICATION PASSWORD 'initial-" + UUID.randomUUID() + "'",
                        "CREATE TABLE items (id bigint PRIMARY KEY, note text)",
                        "GRANT SELECT ON items TO " + USER,
                        "CREATE PUBLICATION items_pub FOR TABLE items",
                        // Busy but not published: its WAL must not pile up behind a quiet publication.
                        "CREATE TABLE noise (id bigserial PRIMARY KEY, payload text)");
            } catch (IOException | SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return pg;
    }

    static DatabaseEndpoint endpoint() {
        return new DatabaseEndpoint("localhost", get().getPort(), USER, REGION);
    }

    /** Runs statements as the superuser, each in its own transaction. */
    static void sql(String... statements) throws SQLException {
        try (Connection c = get().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /**
     * @param query a one-row, one-column query with the slot name as its only parameter
     * @return that value as text
     */
    private static String slotValue(String query, String slot) throws SQLException {
        try (Connection c = get().getPostgresDatabase().getConnection(); PreparedStatement st = c.prepareStatement(query)) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no slot " + slot);
                }
                return rs.getString(1);
            }
        }
    }

    /** @return bytes of WAL the slot retains: {@code pg_current_wal_lsn() - confirmed_flush_lsn} */
    static long retainedWal(String slot) throws SQLException {
        return Long.parseLong(slotValue("SELECT (pg_catalog.pg_current_wal_lsn() - confirmed_flush_lsn)::bigint "
                + "FROM pg_catalog.pg_replication_slots WHERE slot_name = ?", slot));
    }

    /** @return the server's current WAL write position */
    static LogSequenceNumber currentWal() throws SQLException {
        try (Connection c = get().getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_catalog.pg_current_wal_lsn()::text")) {
            rs.next();
            return LogSequenceNumber.valueOf(rs.getString(1));
        }
    }

    /** @return the slot's confirmed_flush_lsn */
    static LogSequenceNumber confirmedFlush(String slot) throws SQLException {
        return LogSequenceNumber.valueOf(slotValue("SELECT confirmed_flush_lsn::text "
                + "FROM pg_catalog.pg_replication_slots WHERE slot_name = ?", slot));
    }

    /** Writes about {@code megabytes} MB of WAL into the unpublished table, in transactions of about 1 MB. */
    static void writeUnpublished(int megabytes) throws SQLException {
        for (int i = 0; i < megabytes; i++) {
            sql("INSERT INTO noise (payload) SELECT repeat(md5(g::text), 30) FROM generate_series(1, 1000) g");
        }
    }

    /** Ends the walsender streaming from {@code slot}; @return how many were ended (0 or 1) */
    static int killWalsender(String slot) throws SQLException {
        return Integer.parseInt(slotValue("SELECT count(pg_catalog.pg_terminate_backend(active_pid)) "
                + "FROM pg_catalog.pg_replication_slots WHERE slot_name = ? AND active_pid IS NOT NULL", slot));
    }

    /** Kills the slot's walsender, waiting for one to be streaming; @return 1, or 0 when none came in 20 s */
    static int killStreamingWalsender(String slot) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (killWalsender(slot) > 0) {
                return 1;
            }
            Thread.sleep(20);
        }
        return 0;
    }

    /** A token generator that rotates the role's password: the stand-in for IAM in these tests. */
    static final class RotatingPasswords implements Function<DatabaseEndpoint, String> {
        final AtomicInteger issued = new AtomicInteger();

        @Override
        public String apply(DatabaseEndpoint endpoint) {
            String token = "token-" + UUID.randomUUID();
            try {
                sql("ALTER ROLE " + endpoint.user() + " PASSWORD '" + token + "'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            issued.incrementAndGet();
            return token;
        }
    }

    static ReplicationConnections connections(AuthTokenProvider tokens) {
        return ReplicationConnections.builder().endpoint(endpoint()).tokens(tokens).sslMode(SslMode.DISABLE).build();
    }
}
