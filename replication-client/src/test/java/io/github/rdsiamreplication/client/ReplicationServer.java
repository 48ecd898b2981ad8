package io.github.rdsiamreplication.client;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
                        "CREATE PUBLICATION items_pub FOR TABLE items");
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
        return ReplicationConnections.builder().endpoint(endpoint()).tokens(tokens).sslMode("disable").build();
    }
}
