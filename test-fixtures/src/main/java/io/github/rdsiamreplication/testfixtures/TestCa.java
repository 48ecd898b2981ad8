package io.github.rdsiamreplication.testfixtures;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority for tests and a server certificate it signed for {@code localhost} (and no
 * other name, no IP address): a PostgreSQL started from {@link #postgres()} serves it, a client
 * that trusts {@link #caCertificate()} can check it under {@code verify-full} when it connects to
 * {@code localhost}, and one that trusts anything else (the Amazon RDS CA bundle) cannot. Made with the
 * {@code openssl} command, in a new temporary directory, valid two days.
 */
public final class TestCa {
    private final Path directory;

    private TestCa(Path directory) {
        this.directory = directory;
    }

    /** @return a new CA (CN=Test CA) and a server certificate for DNS name localhost */
    public static TestCa create() {
        try {
            Path dir = Files.createTempDirectory("test-ca");
            TestCa ca = new TestCa(dir);
            ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Test CA",
                    "-keyout", "ca.key", "-out", "ca.crt");
            ca.openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
                    "-out", "server.csr");
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
            ca.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
            // PostgreSQL refuses a key file others can read.
            Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while openssl ran", e);
        }
    }

    /** @return the CA certificate (PEM file) */
    public Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    /** @return the CA certificate as PEM text */
    public String caPem() {
        try {
            return Files.readString(caCertificate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return PostgreSQL settings that turn TLS on with the server certificate, in a fixed order */
    private Map<String, String> serverConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("ssl", "on");
        config.put("ssl_cert_file", directory.resolve("server.crt").toString());
        config.put("ssl_key_file", directory.resolve("server.key").toString());
        return config;
    }

    /** @return an embedded PostgreSQL builder (the default major) that serves the server certificate over TLS */
    public EmbeddedPostgres.Builder postgres() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        serverConfig().forEach(builder::setServerConfig);
        return builder;
    }
}
