package io.github.rdsiamreplication.grant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.ZipFile;

/**
 * Real PostgreSQL servers for the tests, one per major, started once per JVM and set up like Amazon
 * RDS: {@code rds_iam} and {@code rds_replication} as NOLOGIN roles, and an admin that is not a superuser
 * ({@code CREATEROLE}, a member of {@code rds_superuser} but not of {@code rds_iam}, owner of the
 * {@code postgres} database), like the RDS master user. As on RDS (psql's {@code \du} there lists
 * {@code rds_superuser} as a member of {@code pg_monitor}, {@code pg_signal_backend}, {@code rds_replication}
 * and {@code rds_password}), {@code rds_superuser} is a member of {@code rds_replication} (with ADMIN OPTION)
 * and of {@code pg_monitor}, so the admin sees every session's client address, but not a member of
 * {@code rds_iam}: before 16 CREATEROLE is enough to grant it; from 16 on granting needs ADMIN OPTION, which
 * {@code rds_superuser} holds through a grant that gives nothing else ({@code INHERIT FALSE, SET FALSE}),
 * the closest stock PostgreSQL comes to RDS, which lets {@code rds_superuser} grant it without one.
 */
final class PostgresServers {
    static final String ADMIN = "master_admin";
    /** Has quotes and a backslash, to catch quoting or logging slips. */
    static final String ADMIN_PASSWORD = "Adm1n-'\"\\-p@ss-7f3c9e";

    private static EmbeddedPostgres defaultMajor;
    private static EmbeddedPostgres secondMajor;
    private static EmbeddedPostgres walLevelReplica;

    private PostgresServers() {
    }

    /** @return PostgreSQL 16 (the binaries on the test classpath) */
    static synchronized EmbeddedPostgres postgres16() {
        if (defaultMajor == null) {
            defaultMajor = start(null);
        }
        return defaultMajor;
    }

    /** @return the second major (14: pre-16 CREATEROLE and GRANT rules), unpacked from its own artifact */
    static synchronized EmbeddedPostgres secondMajor() {
        if (secondMajor == null) {
            Path jar = Path.of(System.getProperty("secondPostgresBinaries",
                    "target/postgres-binaries/postgres-second-major.jar"));
            secondMajor = start(jar);
        }
        return secondMajor;
    }

    /**
     * @return PostgreSQL 16 as RDS runs it before the reboot that applies {@code rds.logical_replication}:
     *     {@code wal_level=replica}, {@code rds.logical_replication=off}, {@code rds.iam_auth_for_replication=0}
     */
    static synchronized EmbeddedPostgres walLevelReplica() {
        if (walLevelReplica == null) {
            walLevelReplica = start(null, false);
        }
        return walLevelReplica;
    }

    private static EmbeddedPostgres start(Path binariesJar) {
        return start(binariesJar, true);
    }

    /** The two rds.* parameters are placeholder settings here, shown by current_setting as RDS shows them. */
    private static EmbeddedPostgres start(Path binariesJar, boolean logical) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectoryCustomizer(PostgresServers::passwordsForEveryoneButTheSuperuser)
                    .setServerConfig("wal_level", logical ? "logical" : "replica")
                    .setServerConfig("rds.logical_replication", logical ? "on" : "off")
                    .setServerConfig("rds.iam_auth_for_replication", logical ? "1" : "0")
                    .setServerConfig("max_connections", "50");
            if (binariesJar != null) {
                builder.setPgBinaryResolver((system, arch) -> {
                    try (ZipFile zip = new ZipFile(binariesJar.toFile())) {
                        String name = ("postgres-" + system + "-" + arch + ".txz").toLowerCase(java.util.Locale.ROOT);
                        var entry = zip.getEntry(name);
                        if (entry == null) {
                            throw new IOException("no " + name + " in " + binariesJar);
                        }
                        return new ByteArrayInputStream(zip.getInputStream(entry).readAllBytes());
                    }
                });
            }
            EmbeddedPostgres pg = builder.start();
            setUpLikeRds(pg);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like RDS, logins over TCP need the password (so a wrong one is refused with 28P01); only the test's
     * own superuser {@code postgres} keeps trust, to set up and inspect the server.
     */
    private static void passwordsForEveryoneButTheSuperuser(java.io.File dataDirectory) {
        try {
            java.nio.file.Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), String.join("\n",
                    "local all all trust",
                    "host all postgres 127.0.0.1/32 trust",
                    "host all postgres ::1/128 trust",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void setUpLikeRds(EmbeddedPostgres pg) throws SQLException {
        superuserSql(pg, "CREATE ROLE rds_iam NOLOGIN",
                "CREATE ROLE rds_replication NOLOGIN",
                "CREATE ROLE rds_superuser NOLOGIN",
                "GRANT rds_replication TO rds_superuser WITH ADMIN OPTION",
                "GRANT pg_monitor, pg_signal_backend TO rds_superuser",
                "CREATE ROLE " + ADMIN + " LOGIN CREATEROLE CREATEDB NOSUPERUSER NOREPLICATION PASSWORD '"
                        + ADMIN_PASSWORD.replace("'", "''") + "'",
                "GRANT rds_superuser TO " + ADMIN,
                "ALTER DATABASE postgres OWNER TO " + ADMIN,
                "CREATE DATABASE other_db OWNER " + ADMIN);
        if (major(pg) >= 16) {
            superuserSql(pg, "GRANT rds_iam TO rds_superuser WITH ADMIN OPTION, INHERIT FALSE, SET FALSE");
        }
    }

    /** @return the server's major version */
    static int major(EmbeddedPostgres pg) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Runs statements as the superuser {@code postgres}, each in its own transaction.
     *
     * @param pg the server
     * @param statements SQL
     */
    static void superuserSql(EmbeddedPostgres pg, String... statements) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
