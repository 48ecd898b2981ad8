package io.github.rdsiamreplication.logincheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.contract.SettingsInEffect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built shaded jar, not the classes: its Lambda entry (no-argument constructor) is loaded from the
 * jar alone, makes a real IAM token with the SDK from the environment's region and credentials, and
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
        Path jar = Path.of(System.getProperty("handlerJar"));
        assertThat(jar).exists();
        StringBuilder log = new StringBuilder();
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
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> handlerClass = loader.loadClass("io.github.rdsiamreplication.logincheck.LoginCheckHandler");
            assertThat(handlerClass.getClassLoader()).isSameAs(loader);
            Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            Class<?> loggerType = loader.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
            Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (proxy, method, args) -> {
                if (method.getName().equals("log") && args[0] instanceof String line) {
                    log.append(line);
                }
                return null;
            });
            Object context = Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "getLogger" -> logger;
                        case "getRemainingTimeInMillis" -> 60_000;
                        default -> null;
                    });
            Object handler = handlerClass.getConstructor().newInstance();
            Method handle = handlerClass.getMethod("handleRequest", Map.class, contextType);

            Map<?, ?> response = (Map<?, ?>) handle.invoke(handler, event, context);

            assertThat(response.get("Data")).as(log.toString()).isEqualTo(Map.of("Login", "refused", "Timeline", ""));
            assertThat(log.toString()).contains("warning: the replication login as 'repl_user'")
                    .contains("SQLState 28P01").contains("'repl_user' is not a member of rds_iam")
                    .doesNotContain("X-Amz-Signature");
        } finally {
            System.clearProperty("aws.region");
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
