package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.testfixtures.TestCa;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/**
 * The connection settings with the real pgjdbc against real PostgreSQL 16 servers: one without TLS and
 * one serving a certificate of a test CA for {@code localhost}. TLS is what the settings say, whatever
 * the host string tried.
 */
class PgjdbcTlsTest {
    private static final Driver DRIVER = new Driver();
    private static EmbeddedPostgres plain;
    private static EmbeddedPostgres tls;
    private static TestCa ca;

    @BeforeAll
    static void start() throws Exception {
        plain = EmbeddedPostgres.builder().start();
        ca = TestCa.create();
        tls = ca.postgres().start();
    }

    @AfterAll
    static void stop() throws Exception {
        plain.close();
        tls.close();
    }

    private static Connection connect(PgjdbcSettings settings) throws SQLException {
        return DRIVER.connect(settings.url(), settings.properties("postgres", "the-master-password"));
    }

    /** @return whether the session is encrypted, as the server sees it */
    private static boolean encrypted(Connection connection) throws SQLException {
        try (connection; Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT ssl FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** What 0.1.0 did with the reported Host: verify-full asked for, the password sent over plain TCP. */
    @Test
    void theOldSplicedUrlLoggedInWithoutTlsThoughVerifyFullWasAsked() throws Exception {
        String host = "[::ffff:127.0.0.1]:" + plain.getPort() + "/postgres?sslmode=disable&x=";
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "the-master-password");
        props.setProperty("sslmode", "verify-full");
        props.setProperty("sslrootcert", RdsCaBundle.file().toString());

        Connection connection = DRIVER.connect(PgjdbcSettingsTest.splicedUrl010(host, 5432, "postgres"), props);

        assertThat(encrypted(connection)).as("logged in, in clear").isFalse();
    }

    @Test
    void theSameHostIsNowRefusedBeforeAnythingIsBuilt() {
        String host = "[::ffff:127.0.0.1]:" + plain.getPort() + "/postgres?sslmode=disable&x=";

        assertThatThrownBy(() -> PostgresEndpoint.named("ResourceProperties.Host", "ResourceProperties.Port",
                "ResourceProperties.Database").of(host, plain.getPort(), "postgres"))
                .hasMessageStartingWith("ResourceProperties.Host is refused");
    }

    @Test
    void requireAndVerifyFullAreNeverTalkedDownToPlainText() {
        PostgresEndpoint endpoint = new PostgresEndpoint("localhost", plain.getPort(), "postgres");

        // Every form of the address that reaches this server; the forms that carry anything more are refused
        // before a connection is built (PostgresEndpointTest).
        for (String host : new String[] {"localhost", "127.0.0.1", "[::ffff:127.0.0.1]", "::ffff:127.0.0.1"}) {
            PostgresEndpoint e = new PostgresEndpoint(host, plain.getPort(), "postgres");
            assertThatThrownBy(() -> connect(PgjdbcSettings.builder(e, SslMode.REQUIRE, null).build()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("does not support SSL");
            assertThatThrownBy(() -> connect(PgjdbcSettings.builder(e, SslMode.VERIFY_FULL, RdsCaBundle.bundle())
                    .property("ApplicationName", "x").build()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("does not support SSL");
        }
        assertThatThrownBy(() -> PgjdbcSettings.builder(endpoint, SslMode.REQUIRE, null).property("sslmode", "disable"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verifyFullSucceedsWithASuppliedBundleFromText() throws Exception {
        CaBundle supplied = CaBundle.fromPem(ca.caPem(), "the test CA");

        assertThat(encrypted(connect(PgjdbcSettings.builder(new PostgresEndpoint("localhost", tls.getPort(), "postgres"),
                SslMode.VERIFY_FULL, supplied).build()))).isTrue();
    }

    @Test
    void verifyFullFailsWithoutTheSuppliedBundle() {
        assertThatThrownBy(() -> connect(PgjdbcSettings.builder(new PostgresEndpoint("localhost", tls.getPort(),
                "postgres"), SslMode.VERIFY_FULL, RdsCaBundle.bundle()).build()))
                .isInstanceOf(SQLException.class).hasMessageContaining("SSL error");
    }

    @Test
    void verifyFullChecksTheHostNameToo() {
        CaBundle supplied = CaBundle.fromPem(ca.caPem(), "the test CA");

        assertThatThrownBy(() -> connect(PgjdbcSettings.builder(new PostgresEndpoint("127.0.0.1", tls.getPort(),
                "postgres"), SslMode.VERIFY_FULL, supplied).build()))
                .isInstanceOf(SQLException.class).hasMessageContaining("hostname 127.0.0.1 could not be verified");
    }

    @Test
    void requireEncryptsWithoutCheckingWhoAnswers() throws Exception {
        assertThat(encrypted(connect(PgjdbcSettings.builder(new PostgresEndpoint("127.0.0.1", tls.getPort(),
                "postgres"), SslMode.REQUIRE, null).build()))).isTrue();
    }
}
