package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rdsiamreplication.contract.AllowedTargets;
import io.github.rdsiamreplication.contract.IdKeySecret;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built shaded jar, not the classes: a fresh JVM runs it through the handler entry with a real
 * event, as Lambda would, reading the allow-list and the admin secret with the jar's own SDK client from a
 * local Secrets Manager endpoint, found through the SDK's standard {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}.
 */
class ShadedJarIT {
    /** The allow-list secret the stand-in serves (the construct makes one per handler). */
    static final String ALLOW_LIST = "arn:aws:secretsmanager:us-east-1:123456789012:secret:allowed-targets-AbC123";
    /** The physical-id key secret the stand-in serves (the construct makes one per handler). */
    static final String ID_KEY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:id-key-AbC123";
    private static SecretsManagerStub secrets;
    private static EmbeddedPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        secrets = new SecretsManagerStub();
        secrets.adminSecret(Events.SECRET_ARN);
        secrets.secret(ID_KEY, Events.ID_KEY_VALUE);
        pg = PostgresServers.postgres16();
        new RoleInspector(pg).reset();
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs the jar deployed for the event's own target, as the construct deploys it. */
    private Result runJar(Map<String, Object> event) throws Exception {
        return runJar(event, TestTargets.json(List.of(event)));
    }

    /** Runs the jar with this allow-list in its allow-list secret (no secret named when null). */
    private Result runJar(Map<String, Object> event, String allowedTargets) throws Exception {
        return runJar(event, allowedTargets, List.of());
    }

    /** As {@link #runJar(Map, String)}, without the environment variables named in {@code unset}. */
    private Result runJar(Map<String, Object> event, String allowedTargets, List<String> unset) throws Exception {
        Path eventFile = dir.resolve("event-" + System.nanoTime() + ".json");
        Files.writeString(eventFile, toJson(event), StandardCharsets.UTF_8);
        Path jar = Path.of(System.getProperty("handlerJar"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), eventFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(secrets.environment());
        builder.environment().remove(AllowedTargets.SECRET_VARIABLE);
        if (allowedTargets != null) {
            secrets.secret(ALLOW_LIST, allowedTargets);
            builder.environment().put(AllowedTargets.SECRET_VARIABLE, ALLOW_LIST);
        }
        builder.environment().put(IdKeySecret.SECRET_VARIABLE, ID_KEY);
        unset.forEach(builder.environment()::remove);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the handler jar finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theShadedJarGrantsOnCreateAndUndoesOnDelete() throws Exception {
        assertThat(Path.of(System.getProperty("handlerJar"))).exists();
        RoleInspector roles = new RoleInspector(pg);
        Map<String, Object> props = Events.properties(pg.getPort(), List.of("debezium", "Analytics Team"));

        Result created = runJar(Events.create("Grants", props));

        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.stdout()).contains("PhysicalResourceId=" + Events.physicalId("Grants", props));
        assertThat(roles.isMember("Analytics Team", "rds_iam")).isTrue();
        assertThat(roles.isMember("debezium", "rds_replication")).isTrue();
        String id = created.stdout().lines().filter(l -> l.startsWith("PhysicalResourceId="))
                .findFirst().orElseThrow().substring("PhysicalResourceId=".length());

        Result deleted = runJar(Events.delete("Grants", id, props));

        assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
        assertThat(roles.nonFixtureRoles()).isEmpty();
        assertThat(created.stderr() + deleted.stderr()).contains("GRANT")
                .doesNotContain(PostgresServers.ADMIN_PASSWORD);
    }

    @Test
    void theShadedJarFailsWithAClearMessageOnBadInput() throws Exception {
        Map<String, Object> props = Events.properties(pg.getPort(), List.of("pg_reserved"));

        Result result = runJar(Events.create("Grants", props));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("FAILED: ResourceProperties.Users").contains("PostgreSQL reserves");
    }

    @Test
    void theShadedJarServesNoTargetOutsideItsAllowList() throws Exception {
        Map<String, Object> deployed = Events.properties(pg.getPort(), List.of("debezium"));
        Map<String, Object> asked = Events.properties(pg.getPort(), List.of("debezium"));
        asked.put("SslMode", "require"); // same server, weaker TLS than deployed
        int before = secrets.reads(Events.SECRET_ARN);

        Result outside = runJar(Events.create("Grants", asked), TestTargets.json(List.of(Events.create("Grants", deployed))));
        Result unset = runJar(Events.create("Grants", deployed), null);

        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.stderr()).contains("FAILED: refused before reading the admin secret")
                .contains("SslMode require").contains(AllowedTargets.SECRET_VARIABLE);
        assertThat(unset.exitCode()).isEqualTo(1);
        assertThat(unset.stderr()).contains("FAILED").contains(AllowedTargets.SECRET_VARIABLE + " is not set");
        assertThat(secrets.reads(Events.SECRET_ARN)).as("no admin secret read").isEqualTo(before);
        assertThat(new RoleInspector(pg).nonFixtureRoles()).isEmpty();
    }

    @Test
    void outsideLambdaTheJarNamesTheMissingRegionAndCredentials() throws Exception {
        Map<String, Object> event = Events.create("Grants", Events.properties(pg.getPort(), List.of("debezium")));
        String allowed = TestTargets.json(List.of(event));

        Result noRegion = runJar(event, allowed, List.of("AWS_REGION"));
        Result noCredentials = runJar(event, allowed, List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));

        assertThat(noRegion.exitCode()).isEqualTo(1);
        assertThat(noRegion.stderr()).contains("FAILED: AWS_REGION is not set");
        assertThat(noCredentials.exitCode()).isEqualTo(1);
        assertThat(noCredentials.stderr()).contains("FAILED").contains("AWS_ACCESS_KEY_ID");
        assertThat(new RoleInspector(pg).nonFixtureRoles()).isEmpty();
    }

    /** A minimal JSON writer for event maps (strings, lists, maps). */
    static String toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> fields = new ArrayList<>();
            map.forEach((k, v) -> fields.add(SecretsManagerStub.json(String.valueOf(k)) + ":" + toJson(v)));
            return "{" + String.join(",", fields) + "}";
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(v -> items.add(toJson(v)));
            return "[" + String.join(",", items) + "]";
        }
        return SecretsManagerStub.json(String.valueOf(value));
    }
}
