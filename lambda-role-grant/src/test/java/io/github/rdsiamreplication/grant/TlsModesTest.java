package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.lambdakit.LocalContext;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS as the handler uses it, against a PostgreSQL 16 that serves a certificate from a test CA:
 * {@code require} encrypts, {@code verify-full} refuses a server the trusted CAs did not sign (as the
 * RDS bundle refuses this one) and accepts it when its CA is trusted and the host name matches.
 */
class TlsModesTest {
    private static Path certs;
    private static EmbeddedPostgres pg;
    private static SecretsManagerStub secrets;

    @BeforeAll
    static void startServerWithTls() throws Exception {
        certs = Files.createTempDirectory("tls-test");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
                "-out", "server.csr");
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        Files.setPosixFilePermissions(certs.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        pg = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certs.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", certs.resolve("server.key").toString())
                .start();
        PostgresServers.setUpLikeRds(pg);
        secrets = new SecretsManagerStub();
        secrets.adminSecret(Events.SECRET_ARN);
    }

    @AfterAll
    static void stop() throws Exception {
        secrets.close();
        pg.close();
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(certs.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(output).isTrue();
    }

    private Map<String, Object> create(String sslMode, Path trusted) {
        return handle(Events.create("Grants", props(sslMode, "localhost")), trusted);
    }

    private static Map<String, Object> props(String sslMode, String host) {
        Map<String, Object> props = Events.properties(pg.getPort(), List.of("tls_" + sslMode.replace('-', '_')));
        props.put("SslMode", sslMode);
        props.put("Host", host);
        return props;
    }

    /** The trusted CAs reach the connection code through the handler's package-private seam only. */
    private static Map<String, Object> handle(Map<String, Object> event, Path trusted) {
        RoleGrantHandler handler = new RoleGrantHandler(() -> TestTargets.of(event),
                () -> Events.ID_KEY, () -> new AdminSecretReader(secrets.client()),
                p -> new ConnectionSettings(p.host(), p.port(), p.database(), p.sslMode(), trusted),
                DatabaseConnector.PGJDBC, Clock.systemUTC());
        return handler.handleRequest(event, LocalContext.recording(20_000));
    }

    @Test
    void requireConnectsOverTls() {
        assertThat(create("require", null)).containsKey("PhysicalResourceId");
    }

    /**
     * The certificate is signed by the trusted CA but names localhost; reached as 127.0.0.1 it is for
     * another host, so verify-full refuses it, at once, and a Delete does not forgive it either.
     */
    @Test
    void verifyFullRefusesACertificateForAnotherHostName() {
        Map<String, Object> otherName = props("verify-full", "127.0.0.1");

        assertThatThrownBy(() -> handle(Events.create("Grants", otherName), certs.resolve("ca.crt")))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(UnreachableException.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("hostname")
                .hasMessageContaining("after 1 attempt(s)").hasMessageContaining("SslMode");
        assertThatThrownBy(() -> handle(Events.delete("Grants", Events.physicalId("Grants", otherName), otherName),
                certs.resolve("ca.crt"))).hasMessageContaining("hostname").hasMessageContaining("RemovalPolicy.RETAIN");
    }

    @Test
    void verifyFullRefusesAServerTheRdsBundleDidNotSign() {
        assertThatThrownBy(() -> create("verify-full", RdsCaBundle.file()))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(UnreachableException.class)
                .hasMessageContaining("localhost:" + pg.getPort()).hasMessageContaining("SslMode");
    }

    @Test
    void verifyFullAcceptsAServerSignedByATrustedCaWithTheRightName() {
        assertThat(create("verify-full", certs.resolve("ca.crt"))).containsKey("PhysicalResourceId");
    }
}
