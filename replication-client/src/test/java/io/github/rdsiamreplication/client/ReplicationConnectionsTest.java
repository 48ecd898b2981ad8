package io.github.rdsiamreplication.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.contract.CaBundle;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.contract.SslMode;
import io.github.rdsiamreplication.testfixtures.TestCa;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/** Token refresh without AWS: every token is a new password on the role, so old ones stop working. */
class ReplicationConnectionsTest {
    @BeforeAll
    static void server() {
        ReplicationServer.get();
    }

    private static String whoAmI(PGConnection connection) throws Exception {
        try (Connection c = (Connection) connection; Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aReconnectAfterSixteenMinutesStillSucceedsWithANewToken() throws Exception {
        ReplicationServer.RotatingPasswords passwords = new ReplicationServer.RotatingPasswords();
        MutableClock clock = new MutableClock();
        IamAuthTokens tokens = IamAuthTokens.builder().clock(clock).generator(passwords).build();
        ReplicationConnections connections = ReplicationServer.connections(tokens);

        assertThat(whoAmI(connections.open())).isEqualTo(ReplicationServer.USER);
        assertThat(whoAmI(connections.open())).as("same token within 10 minutes").isEqualTo(ReplicationServer.USER);
        assertThat(passwords.issued).hasValue(1);

        clock.advance(Duration.ofMinutes(16));
        assertThat(whoAmI(connections.open())).isEqualTo(ReplicationServer.USER);
        assertThat(passwords.issued).as("a new token after the refresh age").hasValue(2);
    }

    @Test
    void aStaleCachedTokenIsReplacedAfterOneRefusedLogin() throws Exception {
        ReplicationServer.RotatingPasswords passwords = new ReplicationServer.RotatingPasswords();
        IamAuthTokens tokens = IamAuthTokens.builder().clock(new MutableClock()).generator(passwords).build();
        ReplicationConnections connections = ReplicationServer.connections(tokens);
        whoAmI(connections.open());

        // Someone else made a newer token: the cached one no longer works, though it is not old.
        ReplicationServer.sql("ALTER ROLE " + ReplicationServer.USER + " PASSWORD 'changed-elsewhere'");

        assertThat(whoAmI(connections.open())).isEqualTo(ReplicationServer.USER);
        assertThat(passwords.issued).hasValue(2);
    }

    @Test
    void verifyFullWithTheRdsCaBundleIsTheDefaultAndRefusesAServerWithoutTls() {
        IamAuthTokens tokens = IamAuthTokens.builder().generator(new ReplicationServer.RotatingPasswords()).build();
        ReplicationConnections connections = ReplicationConnections.builder().endpoint(ReplicationServer.endpoint())
                .tokens(tokens).build();

        assertThat(connections.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(connections.rootCertificates()).isEqualTo(RdsCaBundle.file());
        // The local test server has no TLS: a verify-full client must not fall back to plain text.
        assertThatThrownBy(connections::open).isInstanceOf(SQLException.class).hasMessageContaining("SSL");
    }

    @Test
    void weakerModesAreExplicitAndDoNotPretendToCheckCertificates() {
        IamAuthTokens tokens = IamAuthTokens.builder().generator(e -> "unused").build();
        ReplicationConnections require = ReplicationConnections.builder().endpoint(ReplicationServer.endpoint())
                .tokens(tokens).sslMode(SslMode.REQUIRE).build();
        assertThat(require.rootCertificates()).isNull();

        assertThatThrownBy(() -> ReplicationConnections.builder().endpoint(ReplicationServer.endpoint()).tokens(tokens)
                .sslMode(SslMode.REQUIRE).rootCertificates(Path.of("/tmp/ca.pem")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslMode is REQUIRE")
                .hasMessageContaining("VERIFY_FULL");
        assertThatThrownBy(() -> ReplicationConnections.builder().sslMode(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sslMode");
        assertThatThrownBy(() -> ReplicationConnections.builder().endpoint(ReplicationServer.endpoint()).tokens(tokens)
                .sslMode(SslMode.DISABLE).caBundle(RdsCaBundle.bundle()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslMode is DISABLE");
    }

    @Test
    void endpointPartsThatCouldCarryUrlTextAreRefusedBeforeAnyTokenIsMade() {
        for (String host : new String[] {"[::ffff:127.0.0.1]:5432/postgres?sslmode=disable&x=", "host/db?x=",
            "host:1234", "host;", "my host", "host%25", "host\n", "user@host", "a".repeat(64) + ".example"}) {
            assertThatThrownBy(() -> new DatabaseEndpoint(host, 5432, "debezium", "eu-west-1")).as(host)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("host is refused");
        }
        for (String database : new String[] {"postgres?sslmode=disable", "db&x=", "my db"}) {
            assertThatThrownBy(() -> ReplicationConnections.builder().database(database)).as(database)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("database is refused");
        }
    }

    @Test
    void aRootCertificatesFileThatIsNotAPemBundleIsRefusedAtBuild(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("bundle.pem"), "not a certificate");
        IamAuthTokens tokens = IamAuthTokens.builder().generator(e -> "unused").build();

        assertThatThrownBy(() -> ReplicationConnections.builder().endpoint(ReplicationServer.endpoint()).tokens(tokens)
                .rootCertificates(notPem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notPem + " is not PEM");
    }

    /**
     * A database in a region the embedded bundle does not cover: a supplied bundle (here a test CA's, from
     * text) makes VERIFY_FULL work, and without it the same server is refused.
     */
    @Test
    void verifyFullSucceedsWithASuppliedBundleAndFailsWithoutIt() throws Exception {
        TestCa ca = TestCa.create();
        try (EmbeddedPostgres tls = ca.postgres().start()) {
            DatabaseEndpoint endpoint = new DatabaseEndpoint("localhost", tls.getPort(), "postgres", "eu-west-1");
            IamAuthTokens tokens = IamAuthTokens.builder().generator(e -> "trusted-locally").build();
            ReplicationConnections supplied = ReplicationConnections.builder().endpoint(endpoint).tokens(tokens)
                    .caBundle(CaBundle.fromPem(ca.caPem(), "the test CA")).applicationName("supplied-bundle-test").build();
            ReplicationConnections embedded = ReplicationConnections.builder().endpoint(endpoint).tokens(tokens).build();

            try (Connection c = (Connection) supplied.open(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(supplied.rootCertificates()).isEqualTo(supplied.caBundle().file());
            assertThatThrownBy(embedded::open).isInstanceOf(SQLException.class).hasMessageContaining("SSL error");
        }
    }
}
