package io.github.rdsiamreplication.grant;

import io.github.rdsiamreplication.contract.AllowedTargets;
import io.github.rdsiamreplication.contract.IdKeySecret;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cold Lambda pays: fresh JVMs running the role-grant entry of the one handler jar through a Create
 * over TLS ({@code sslmode=require}) against a local PostgreSQL 16, reading the allow-list and the admin
 * secret with the jar's SDK client from a local Secrets Manager endpoint, from process start to exit,
 * against the floor: {@link ConnectionFloor} on the same jar's pgjdbc, one TLS connection and one query.
 * Runs alternate; each variant also runs with {@code -XX:TieredStopAtLevel=1} (what the construct sets
 * through JAVA_TOOL_OPTIONS). Prints the medians, the ratios (of wall time, and on Linux of CPU time) and
 * the jar size. Not a test: run it with {@code mvn -B -pl lambda-handlers -am -Pbench verify -DskipTests}
 * (add {@code -DcoldStartRuns=21} for more runs on a busy machine).
 */
public final class ColdStartBench {
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private ColdStartBench() {
    }

    /**
     * @param args optional: number of runs of each variant (default 9); or {@code --serve}: keep the
     *        database and the Secrets Manager endpoint up and print the two command lines, for timing them with
     *        an outside tool (stop with Ctrl-C)
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        boolean serve = args.length > 0 && "--serve".equals(args[0]);
        int runs = args.length > 0 && !serve ? Integer.parseInt(args[0]) : 9;
        Path jar = Path.of(System.getProperty("handlerJar"));
        EmbeddedPostgres pg = postgresWithTls();
        RoleInspector roles = new RoleInspector(pg);
        try (SecretsManagerStub secrets = new SecretsManagerStub()) {
            secrets.adminSecret(Events.SECRET_ARN);
            Path event = Files.createTempFile("create", ".json");
            Map<String, Object> props = Events.properties(pg.getPort(), List.of("debezium", "analytics"));
            props.put("SslMode", "require");
            Files.writeString(event, ShadedJarIT.toJson(Events.create("Grants", props)), StandardCharsets.UTF_8);
            Map<String, String> env = new LinkedHashMap<>();
            env.putAll(secrets.environment());
            secrets.secret(ShadedJarIT.ALLOW_LIST, TestTargets.json(List.of(Events.create("Grants", props))));
            env.put(AllowedTargets.SECRET_VARIABLE, ShadedJarIT.ALLOW_LIST);
            secrets.secret(ShadedJarIT.ID_KEY, Events.ID_KEY_VALUE);
            env.put(IdKeySecret.SECRET_VARIABLE, ShadedJarIT.ID_KEY);
            env.put("FLOOR_URL", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
            env.put("FLOOR_USER", PostgresServers.ADMIN);
            env.put("FLOOR_PASSWORD", PostgresServers.ADMIN_PASSWORD);
            env.put("FLOOR_SSLMODE", "require");

            // The floor class is bench code (test classes); pgjdbc comes from the handler jar, as for the handler.
            String floorClasspath = jar + java.io.File.pathSeparator
                    + Path.of(ConnectionFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (serve) {
                StringBuilder envPrefix = new StringBuilder("env");
                env.forEach((k, v) -> envPrefix.append(' ').append(k).append('=').append(v));
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                System.out.println("handler: " + envPrefix + " " + java + " " + C1_ONLY + " -jar " + jar + " " + event);
                System.out.println("floor:   " + envPrefix + " " + java + " " + C1_ONLY + " -cp " + floorClasspath + " "
                        + ConnectionFloor.class.getName());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            Map<String, List<Long>> times = new LinkedHashMap<>();
            Map<String, List<Long>> cpu = new LinkedHashMap<>();
            for (int i = 0; i <= runs; i++) { // run 0 warms the page cache and the server; not counted
                for (String flags : List.of("", C1_ONLY)) {
                    roles.reset();
                    Timing handler = run(env, flags, "-jar", jar.toString(), event.toString());
                    if (!roles.isMember("debezium", "rds_iam")) {
                        throw new IllegalStateException("the handler run did not grant");
                    }
                    Timing floor = run(env, flags, "-cp", floorClasspath, ConnectionFloor.class.getName());
                    if (i > 0) {
                        times.computeIfAbsent("handler " + flags, k -> new ArrayList<>()).add(handler.wallMillis());
                        times.computeIfAbsent("floor " + flags, k -> new ArrayList<>()).add(floor.wallMillis());
                        cpu.computeIfAbsent("handler " + flags, k -> new ArrayList<>()).add(handler.cpuMillis());
                        cpu.computeIfAbsent("floor " + flags, k -> new ArrayList<>()).add(floor.cpuMillis());
                    }
                }
            }
            roles.reset();
            Map<String, Long> medians = new LinkedHashMap<>();
            times.forEach((name, list) -> {
                Collections.sort(list);
                medians.put(name, list.get(list.size() / 2));
                System.out.printf("%-40s median %5d ms  (min %d, max %d, %d runs)%n", name.trim().isEmpty()
                        ? name : name.trim(), list.get(list.size() / 2), list.get(0), list.get(list.size() - 1),
                        list.size());
            });
            System.out.printf("ratio handler/floor, default JVM: %.2f%n",
                    (double) medians.get("handler ") / medians.get("floor "));
            System.out.printf("ratio handler/floor, %s: %.2f%n", C1_ONLY,
                    (double) medians.get("handler " + C1_ONLY) / medians.get("floor " + C1_ONLY));
            // Other processes only ever add time: on a busy machine the fastest runs are the better estimate.
            System.out.printf("ratio of the fastest runs, %s: %.2f%n", C1_ONLY,
                    (double) times.get("handler " + C1_ONLY).get(0) / times.get("floor " + C1_ONLY).get(0));
            long handlerCpu = median(cpu.get("handler " + C1_ONLY));
            long floorCpu = median(cpu.get("floor " + C1_ONLY));
            if (handlerCpu > 0 && floorCpu > 0) {
                // Lambda gives a 512 MB function about a third of a vCPU: there the JIT compiler and GC threads
                // take turns with the handler, so CPU time, not wall time on an idle 2-core machine, is the cost.
                System.out.printf("CPU time (user+sys, all threads), %s: handler median %d ms, floor %d ms, "
                        + "ratio %.2f%n", C1_ONLY, handlerCpu, floorCpu, (double) handlerCpu / floorCpu);
            }
            System.out.printf("handler with %s vs default: %.2f%n", C1_ONLY,
                    (double) medians.get("handler " + C1_ONLY) / medians.get("handler "));
            System.out.println("shaded jar: " + Files.size(jar) + " bytes (" + jar.getFileName() + ")");
        }
        System.exit(0);
    }

    /**
     * PostgreSQL 16 set up like RDS that serves TLS with a throw-away self-signed certificate: handler and
     * floor both connect with {@code sslmode=require}, as the handler connects to RDS over TLS.
     */
    private static EmbeddedPostgres postgresWithTls() throws Exception {
        Path certs = Files.createTempDirectory("bench-tls");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.crt")
                .directory(certs.toFile()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (openssl.waitFor() != 0) {
            throw new IllegalStateException("openssl failed: " + output);
        }
        Files.setPosixFilePermissions(certs.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certs.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", certs.resolve("server.key").toString())
                .start();
        PostgresServers.setUpLikeRds(pg);
        return pg;
    }

    /** One run: wall time from start to exit, and the CPU time of all its threads (-1 when unknown). */
    private record Timing(long wallMillis, long cpuMillis) {
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * @return the CPU time of this JVM's children that have exited and been waited for, in ms: Linux's
     *     {@code /proc/self/stat} fields cutime and cstime (clock ticks of 10 ms); -1 elsewhere
     */
    private static long childrenCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10; // fields 16, 17 of stat(5)
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Timing run(Map<String, String> env, String flags, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!flags.isEmpty()) {
            line.add(flags);
        }
        line.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        long cpuBefore = childrenCpuMillis();
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        long cpuAfter = childrenCpuMillis();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", line) + " exited with " + exit);
        }
        return new Timing(elapsed, cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
    }
}
