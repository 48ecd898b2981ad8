package io.github.rdsiamreplication.grant;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Measures what a cold Lambda pays: a fresh JVM running the shaded jar's handler entry through a
 * Create against a local PostgreSQL 16 (and the Secrets Manager endpoint), from process start to
 * exit. Prints each run, the median and the jar size. Not a test: run it with
 * {@code mvn -B -pl lambda-role-grant -am -Pbench verify -DskipTests}.
 */
public final class ColdStartBench {
    private ColdStartBench() {
    }

    /**
     * @param args optional: number of runs (default 7)
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path jar = Path.of(System.getProperty("handlerJar"));
        EmbeddedPostgres pg = PostgresServers.postgres16();
        RoleInspector roles = new RoleInspector(pg);
        try (SecretsManagerStub secrets = new SecretsManagerStub()) {
            secrets.adminSecret(Events.SECRET_ARN);
            Path event = Files.createTempFile("create", ".json");
            Files.writeString(event, ShadedJarIT.toJson(Events.create("Grants",
                    Events.properties(pg.getPort(), List.of("debezium", "analytics")))), StandardCharsets.UTF_8);
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                roles.reset();
                ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-jar", jar.toString(), event.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                Map<String, String> env = builder.environment();
                env.put("AWS_REGION", "us-east-1");
                env.put("AWS_ACCESS_KEY_ID", "AKIDLOCAL");
                env.put("AWS_SECRET_ACCESS_KEY", "local");
                env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint());
                long start = System.nanoTime();
                int exit = builder.start().waitFor();
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                if (exit != 0 || !roles.isMember("debezium", "rds_iam")) {
                    throw new IllegalStateException("run " + i + " failed (exit " + exit + ")");
                }
                if (i > 0) { // run 0 warms the OS page cache and the server; it is not counted
                    millis.add(elapsed);
                }
                System.out.println("run " + i + (i == 0 ? " (warm-up, not counted)" : "") + ": " + elapsed + " ms");
            }
            roles.reset();
            Collections.sort(millis);
            System.out.println("cold Create, JVM start to exit: median " + millis.get(millis.size() / 2) + " ms over "
                    + runs + " runs (min " + millis.get(0) + ", max " + millis.get(millis.size() - 1) + ")");
            System.out.println("shaded jar: " + Files.size(jar) + " bytes (" + jar.getFileName() + ")");
        }
        System.exit(0);
    }
}
