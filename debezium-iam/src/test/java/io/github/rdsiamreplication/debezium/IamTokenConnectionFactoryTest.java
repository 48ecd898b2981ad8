package io.github.rdsiamreplication.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.jdbc.JdbcConfiguration;
import io.github.rdsiamreplication.contract.RdsCaBundle;
import io.github.rdsiamreplication.testfixtures.TestCa;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The factory's checks, before any connection (TLS, endpoint, region, the token provider), and TLS itself. */
class IamTokenConnectionFactoryTest {
    private static TestCa ca;
    private static EmbeddedPostgres tls;

    @BeforeAll
    static void startTlsServer() throws Exception {
        ca = TestCa.create();
        tls = ca.postgres().start();
    }

    @AfterAll
    static void stop() throws Exception {
        tls.close();
    }

    private static JdbcConfiguration.Builder config() {
        return JdbcConfiguration.create().with("hostname", "orders.abc.eu-west-1.rds.amazonaws.com")
                .with("port", "5432").with("user", "debezium").with("dbname", "orders")
                .with("aws.region", "eu-west-1");
    }

    private static Properties properties(JdbcConfiguration config) {
        return IamTokenConnectionFactory.settings(config).properties();
    }

    @Test
    void verifyFullWithTheRdsCaBundleWhenNothingIsSaidAndNoPasswordIsPassedOn() {
        Properties props = properties(config().with("password", "static-secret").with("replication", "database")
                .with("assumeMinServerVersion", "9.4").build());

        assertThat(props.getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(props.getProperty("sslrootcert")).isEqualTo(RdsCaBundle.file().toString());
        assertThat(props).doesNotContainKey("password").doesNotContainKey("aws.region").doesNotContainKey("user")
                .containsEntry("PGHOST", "orders.abc.eu-west-1.rds.amazonaws.com").containsEntry("PGPORT", "5432")
                .containsEntry("PGDBNAME", "orders");
        assertThat(props.getProperty("replication")).as("Debezium's own settings pass through").isEqualTo("database");
        assertThat(props.getProperty("assumeMinServerVersion")).isEqualTo("9.4");
        assertThat(IamTokenConnectionFactory.settings(config().build()).url()).isEqualTo("jdbc:postgresql://");
    }

    @Test
    void aGivenCaFileReplacesTheEmbeddedBundleAndWeakerModesAreExplicitOrRefused() {
        assertThat(properties(config().with("sslmode", "verify-full")
                .with("sslrootcert", ca.caCertificate().toString()).build()).getProperty("sslrootcert"))
                .isEqualTo(ca.caCertificate().toString());
        assertThat(properties(config().with("sslmode", "require").build()))
                .doesNotContainKey("sslrootcert").containsEntry("sslmode", "require");
        for (String weak : new String[] {"prefer", "allow", "verify-ca"}) {
            assertThatThrownBy(() -> properties(config().with("sslmode", weak).build()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("database.sslmode is '" + weak + "'").hasMessageContaining("verify-full");
        }
    }

    @Test
    void aCaFileThatIsNotAPemBundleOrGoesWithAModeThatChecksNothingIsRefused(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("bundle.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> properties(config().with("sslrootcert", notPem.toString()).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("database.sslrootcert: the CA bundle file " + notPem + " holds a PRIVATE KEY block");
        assertThatThrownBy(() -> properties(config().with("sslrootcert", dir.resolve("missing.pem").toString()).build()))
                .hasMessageContaining("database.sslrootcert").hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> properties(config().with("sslmode", "require")
                .with("sslrootcert", ca.caCertificate().toString()).build()))
                .hasMessageContaining("database.sslrootcert is set but database.sslmode is require");
    }

    @Test
    void tlsAndEndpointKeysTheFactorySetsCannotComeFromTheConnectorConfiguration() {
        for (String key : new String[] {"sslfactory", "sslfactoryarg", "sslhostnameverifier", "ssl", "gssEncMode",
            "PGHOST", "PGPORT", "PGDBNAME"}) {
            assertThatThrownBy(() -> properties(config().with(key, "x").build())).as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("database." + key + " is set, but IamTokenConnectionFactory sets TLS");
        }
    }

    @Test
    void endpointPartsThatCouldCarryUrlTextAreRefusedNamingTheConnectorProperty() {
        for (String host : new String[] {"[::ffff:127.0.0.1]:5432/postgres?sslmode=disable&x=", "host/db?x=",
            "host:1234", "host;", "my host", "host%0a", "user@host"}) {
            assertThatThrownBy(() -> IamTokenConnectionFactory.endpoint(config().with("hostname", host).build()))
                    .as(host).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("database.hostname is refused");
        }
        assertThatThrownBy(() -> IamTokenConnectionFactory.endpoint(config().with("port", "5432?sslmode=disable").build()))
                .hasMessageStartingWith("database.port is refused");
        for (String database : new String[] {"postgres?sslmode=disable", "db&x="}) {
            assertThatThrownBy(() -> properties(config().with("dbname", database).build())).as(database)
                    .hasMessageStartingWith("database.dbname is refused");
        }
    }

    @Test
    void theRegionIsRequiredAndChecked() {
        assertThatThrownBy(() -> IamTokenConnectionFactory.endpoint(JdbcConfiguration.create()
                .with("hostname", "h").with("port", "5432").with("user", "debezium").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database.aws.region is required");
        assertThatThrownBy(() -> IamTokenConnectionFactory.endpoint(config().with("aws.region", "eu-west").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an AWS region");
    }

    @Test
    void aTokenProviderThatIsNotOneIsRefusedWithTheRemedy() {
        assertThatThrownBy(() -> new IamTokenConnectionFactory().connect(config()
                .with("iam.token.provider", "java.lang.String").with("sslmode", "disable").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database.iam.token.provider is 'java.lang.String'")
                .hasMessageContaining("public no-argument constructor");
    }

    private static JdbcConfiguration.Builder tlsServer() {
        return JdbcConfiguration.create().with("hostname", "localhost").with("port", String.valueOf(tls.getPort()))
                .with("user", "postgres").with("dbname", "postgres").with("aws.region", "eu-west-1")
                .with("iam.token.provider", AnyTokenProvider.class.getName()).with("replication", "database")
                .with("preferQueryMode", "simple").with("sslmode", "verify-full");
    }

    /**
     * A database whose CA the embedded bundle does not hold (here a test CA): with its bundle in
     * {@code database.sslrootcert} the replication connection is made over verified TLS; without it the
     * same server is refused.
     */
    @Test
    void verifyFullSucceedsWithTheSuppliedBundleAndFailsWithoutIt() throws Exception {
        try (Connection c = new IamTokenConnectionFactory().connect(tlsServer()
                .with("sslrootcert", ca.caCertificate().toString()).build());
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
            assertThat(rs.next()).isTrue();
        }
        assertThatThrownBy(() -> new IamTokenConnectionFactory().connect(tlsServer().build()))
                .isInstanceOf(SQLException.class).hasMessageContaining("SSL error");
    }
}
