package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.CaBundle;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.lambdakit.LocalContext;
import io.github.rdsiamreplication.testfixtures.TestCa;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS as the handler uses it, against a PostgreSQL 16 that serves a certificate from a test CA:
 * {@code require} encrypts, {@code verify-full} refuses a server the trusted CAs did not sign (as the
 * RDS bundle refuses this one) and accepts it when its CA is trusted and the host name matches.
 */
class TlsModesTest {
    private static TestCa ca;
    private static EmbeddedPostgres pg;
    private static SecretsManagerStub secrets;

    @BeforeAll
    static void startServerWithTls() throws Exception {
        ca = TestCa.create();
        pg = ca.postgres().start();
        PostgresServers.setUpLikeRds(pg);
        secrets = new SecretsManagerStub();
        secrets.adminSecret(Events.SECRET_ARN);
    }

    @AfterAll
    static void stop() throws Exception {
        secrets.close();
        pg.close();
    }

    private Map<String, Object> create(String sslMode, CaBundle trusted) {
        return handle(Events.create("Grants", props(sslMode, "localhost")), trusted);
    }

    private static Map<String, Object> props(String sslMode, String host) {
        Map<String, Object> props = Events.properties(pg.getPort(), List.of("tls_" + sslMode.replace('-', '_')));
        props.put("SslMode", sslMode);
        props.put("Host", host);
        return props;
    }

    /** The trusted CAs reach the connection code through the handler's package-private seam only. */
    private static Map<String, Object> handle(Map<String, Object> event, CaBundle trusted) {
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

        assertThatThrownBy(() -> handle(Events.create("Grants", otherName), CaBundle.fromFile(ca.caCertificate())))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(UnreachableException.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("hostname")
                .hasMessageContaining("after 1 attempt(s)").hasMessageContaining("SslMode");
        assertThatThrownBy(() -> handle(Events.delete("Grants", Events.physicalId("Grants", otherName), otherName),
                CaBundle.fromFile(ca.caCertificate()))).hasMessageContaining("hostname").hasMessageContaining("RemovalPolicy.RETAIN");
    }

    @Test
    void verifyFullRefusesAServerTheRdsBundleDidNotSign() {
        assertThatThrownBy(() -> create("verify-full", RdsCaBundle.bundle()))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(UnreachableException.class)
                .hasMessageContaining("localhost:" + pg.getPort()).hasMessageContaining("SslMode");
    }

    @Test
    void verifyFullAcceptsAServerSignedByATrustedCaWithTheRightName() {
        assertThat(create("verify-full", CaBundle.fromFile(ca.caCertificate()))).containsKey("PhysicalResourceId");
    }
}
