package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

/**
 * What pgjdbc gets, and how the pgjdbc the project ships reads it: {@code Driver.parseURL} is the
 * driver's own merge of URL and properties, run here on exactly what the connection settings hand it.
 */
class PgjdbcSettingsTest {
    private static final PostgresEndpoint ORDERS = new PostgresEndpoint("orders.abc.eu-west-1.rds.amazonaws.com",
            6543, "orders");

    /** 0.1.0's {@code PostgresJdbcUrl.of}, kept here to show what splicing let through. */
    static String splicedUrl010(String host, int port, String database) {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    private static Properties verifyFull() {
        Properties props = new Properties();
        props.setProperty("sslmode", "verify-full");
        return props;
    }

    @Test
    void onTheOldSplicedUrlTheReportedHostTurnedVerifyFullIntoDisable() {
        Properties merged = Driver.parseURL(splicedUrl010(PostgresEndpointTest.REPORTED_HOST, 5432, "orders"),
                verifyFull());

        assertThat(merged).containsEntry("sslmode", "disable").containsEntry("PGHOST", "[::ffff:127.0.0.1]")
                .containsEntry("PGDBNAME", "postgres");
    }

    @Test
    void pgjdbcLetsUrlArgumentsBeatPropertiesAndReadsABareColonUrlAsAnEmptyDatabase() {
        Properties props = verifyFull();
        props.setProperty("PGDBNAME", "orders");

        assertThat(Driver.parseURL("jdbc:postgresql:///?sslmode=disable", props)).containsEntry("sslmode", "disable");
        assertThat(Driver.parseURL("jdbc:postgresql:", props)).as("why the URL keeps its two slashes")
                .containsEntry("PGDBNAME", "");
    }

    @Test
    void theUrlCarriesNothingAndPgjdbcTakesEndpointAndTlsFromTheProperties() {
        PgjdbcSettings settings = PgjdbcSettings.builder(ORDERS, SslMode.VERIFY_FULL, RdsCaBundle.bundle())
                .property("ApplicationName", "test").build();

        Properties merged = Driver.parseURL(settings.url(), settings.properties("repl", "token"));

        assertThat(settings.url()).isEqualTo("jdbc:postgresql://");
        assertThat(merged).containsEntry("PGHOST", "orders.abc.eu-west-1.rds.amazonaws.com")
                .containsEntry("PGPORT", "6543").containsEntry("PGDBNAME", "orders")
                .containsEntry("sslmode", "verify-full").containsEntry("sslfactory", "org.postgresql.ssl.LibPQFactory")
                .containsEntry("sslrootcert", RdsCaBundle.file().toString()).containsEntry("gssEncMode", "disable")
                .containsEntry("assumeMinServerVersion", "11").containsEntry("ApplicationName", "test")
                .containsEntry("user", "repl").containsEntry("password", "token").doesNotContainKey("options");
        assertThat(settings.properties()).doesNotContainKey("password").doesNotContainKey("user");
    }

    @Test
    void anIpv6HostReachesPgjdbcInBracketsAsItsOwnUrlParserWouldPutIt() {
        PgjdbcSettings settings = PgjdbcSettings.builder(new PostgresEndpoint("2001:db8::7", 5432, "orders"),
                SslMode.REQUIRE, null).build();

        assertThat(Driver.parseURL(settings.url(), settings.properties())).containsEntry("PGHOST", "[2001:db8::7]")
                .containsEntry("sslmode", "require").doesNotContainKey("sslrootcert");
        assertThat(Driver.parseURL("jdbc:postgresql://[2001:db8::7]:5432/orders", new Properties()))
                .containsEntry("PGHOST", "[2001:db8::7]");
    }

    @Test
    void endpointTlsAndCredentialKeysCannotBeSetAsExtras() {
        PgjdbcSettings.Builder builder = PgjdbcSettings.builder(ORDERS, SslMode.VERIFY_FULL, RdsCaBundle.bundle());
        for (String key : new String[] {"PGHOST", "PGPORT", "PGDBNAME", "sslmode", "ssl", "sslrootcert", "sslfactory",
            "sslfactoryarg", "sslhostnameverifier", "gssEncMode", "user", "password"}) {
            assertThatThrownBy(() -> builder.property(key, "x")).as(key).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the pgjdbc property " + key + " is set by the connection settings");
        }
        builder.pinSearchPath();
        assertThatThrownBy(() -> builder.property("options", "-c search_path=public"))
                .hasMessageContaining("options is set by the connection settings");
    }

    @Test
    void thePinnedSearchPathIsTheStartupOptions() {
        PgjdbcSettings settings = PgjdbcSettings.builder(ORDERS, SslMode.DISABLE, null).pinSearchPath().build();

        assertThat(settings.properties()).containsEntry("options", "-c search_path=pg_catalog,pg_temp")
                .containsEntry("sslmode", "disable").doesNotContainKey("sslfactory");
    }

    @Test
    void aCallerMayLowerAssumeMinServerVersion() {
        assertThat(PgjdbcSettings.builder(ORDERS, SslMode.REQUIRE, null).property("assumeMinServerVersion", "9.4")
                .build().properties()).containsEntry("assumeMinServerVersion", "9.4");
    }

    @Test
    void verifyFullNeedsABundleAndTheOtherModesRefuseOne() {
        assertThatThrownBy(() -> PgjdbcSettings.builder(ORDERS, SslMode.VERIFY_FULL, null))
                .hasMessageContaining("verify-full needs a CA bundle");
        assertThatThrownBy(() -> PgjdbcSettings.builder(ORDERS, SslMode.REQUIRE, RdsCaBundle.bundle()))
                .hasMessageContaining("sslmode require checks no certificate");
    }
}
