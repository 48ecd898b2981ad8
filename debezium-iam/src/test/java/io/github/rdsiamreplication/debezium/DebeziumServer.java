package io.github.rdsiamreplication.debezium;

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

/**
 * A PostgreSQL 16 with {@code wal_level=logical} whose pg_hba checks passwords for the replication user,
 * a published table, and the user Debezium logs in as.
 */
final class DebeziumServer {
    static final String USER = "dbz_user";
    static final String PUBLICATION = "dbz_pub";
    private static EmbeddedPostgres pg;

    private DebeziumServer() {
    }

    static synchronized EmbeddedPostgres get() {
        if (pg == null) {
            try {
                pg = EmbeddedPostgres.builder()
                        .setServerConfig("wal_level", "logical")
                        .setServerConfig("max_wal_senders", "10")
                        .setServerConfig("max_replication_slots", "10")
                        .setDataDirectoryCustomizer(dir -> {
                            try {
                                Files.writeString(dir.toPath().resolve("pg_hba.conf"), String.join("\n",
                                        "local all all trust",
                                        "host all postgres 127.0.0.1/32 trust",
                                        "host all postgres ::1/128 trust",
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
                        "CREATE TABLE public.orders (id bigint PRIMARY KEY, writer int NOT NULL)",
                        "GRANT SELECT ON public.orders TO " + USER,
                        "CREATE PUBLICATION " + PUBLICATION + " FOR TABLE public.orders");
            } catch (IOException | SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return pg;
    }

    static void sql(String... statements) throws SQLException {
        try (Connection c = get().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** @return the walsender pid streaming from {@code slot}, or 0 when none is active */
    static int activeWalsender(String slot) throws SQLException {
        try (Connection c = get().getPostgresDatabase().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT coalesce(active_pid, 0) "
                        + "FROM pg_catalog.pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    static void terminate(int pid) throws SQLException {
        try (Connection c = get().getPostgresDatabase().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT pg_catalog.pg_terminate_backend(?)")) {
            st.setInt(1, pid);
            st.execute();
        }
    }
}
