package io.github.rdsiamreplication.logincheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.github.rdsiamreplication.onejar.JarHandler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built handler jar, not the classes: the login check's Lambda entry (no-argument constructor) is loaded
 * from the jar alone, makes a real IAM token with the SDK from the environment's region and credentials, and
 * logs in through the jar's own pgjdbc. The local server checks passwords, so it refuses the token,
 * which the warn-only mode turns into {@code Login: refused} and a warning naming the cause.
 */
class LoginCheckShadedJarIT {
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setDataDirectoryCustomizer(dir -> {
                    try {
                        Files.writeString(dir.toPath().resolve("pg_hba.conf"), String.join("\n",
                                "local all all trust", "host all postgres 127.0.0.1/32 trust",
                                "host all postgres ::1/128 trust", "host all all 127.0.0.1/32 scram-sha-256",
                                "host all all ::1/128 scram-sha-256", ""));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE repl_user LOGIN REPLICATION PASSWORD 'not-a-token'");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        pg.close();
    }

    @Test
    void theShadedJarSignsARealTokenAndReportsTheRefusal() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>(
                new SettingsInEffect("logical", "on", "on", List.of("repl_user"), List.of()).toData());
        props.put("Host", "localhost");
        props.put("Port", String.valueOf(pg.getPort()));
        props.put("Database", "postgres");
        props.put("User", "repl_user");
        props.put("SslMode", "disable");
        props.put("FailOnRefusedLogin", "false");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", "Create");
        event.put("ResourceProperties", props);

        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.accessKeyId", "AKIDLOCAL");
        System.setProperty("aws.secretAccessKey", "local-secret");
        try (JarHandler handler = JarHandler.load("io.github.rdsiamreplication.logincheck.LoginCheckHandler")) {
            Map<?, ?> response = handler.invoke(event);

            assertThat(response.get("Data")).as(handler.log()).isEqualTo(Map.of("Login", "refused", "Timeline", ""));
            assertThat(handler.log()).contains("warning: the replication login as 'repl_user'")
                    .contains("SQLState 28P01").contains("'repl_user' is not a member of rds_iam")
                    .doesNotContain("X-Amz-Signature");
        } finally {
            System.clearProperty("aws.region");
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
