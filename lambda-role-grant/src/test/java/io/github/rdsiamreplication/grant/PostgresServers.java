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
 * RDS: {@code rds_iam} and {@code rds_replication} as NOLOGIN roles, and an admin that is not a
 * superuser ({@code CREATEROLE}, ADMIN OPTION on both roles, owner of the database), like the RDS
 * master user.
 */
final class PostgresServers {
    static final String ADMIN = "master_admin";
    /** Has quotes and a backslash, to catch quoting or logging slips. */
    static final String ADMIN_PASSWORD = "Adm1n-'\"\\-p@ss-7f3c9e";

    private static EmbeddedPostgres defaultMajor;
    private static EmbeddedPostgres secondMajor;

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

    private static EmbeddedPostgres start(Path binariesJar) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
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

    static void setUpLikeRds(EmbeddedPostgres pg) throws SQLException {
        superuserSql(pg, "CREATE ROLE rds_iam NOLOGIN",
                "CREATE ROLE rds_replication NOLOGIN",
                "CREATE ROLE " + ADMIN + " LOGIN CREATEROLE CREATEDB NOSUPERUSER NOREPLICATION PASSWORD '"
                        + ADMIN_PASSWORD.replace("'", "''") + "'",
                "GRANT rds_iam TO " + ADMIN + " WITH ADMIN OPTION",
                "GRANT rds_replication TO " + ADMIN + " WITH ADMIN OPTION",
                "ALTER DATABASE postgres OWNER TO " + ADMIN,
                "CREATE DATABASE other_db OWNER " + ADMIN);
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
