package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Host, port and database are checked for what they are; anything that could carry URL text is refused. */
class PostgresEndpointTest {
    /** The value a review sent as Host: with the 0.1.0 URL splicing its sslmode=disable won over verify-full. */
    static final String REPORTED_HOST = "[::ffff:127.0.0.1]:5432/postgres?sslmode=disable&x=";

    private static final PostgresEndpoint.Names GRANTS =
            PostgresEndpoint.named("ResourceProperties.Host", "ResourceProperties.Port", "ResourceProperties.Database");

    @ParameterizedTest
    @ValueSource(strings = {"db.abc123.eu-west-1.rds.amazonaws.com", "localhost", "DB-1.Example.COM", "a",
        "10.0.1.7", "0.0.0.0", "255.255.255.255", "2001:db8::7", "[2001:db8::7]", "::1", "[::1]", "::",
        "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::", "1::8", "fe80::a:b:c:d",
        "1:2:3:4:5:6:1.2.3.4", "4.example", "xn--bcher-kva.example"})
    void hostNamesAndAddressesAreAccepted(String host) {
        assertThat(GRANTS.of(host, 5432, "postgres").host()).isEqualTo(host);
    }

    @Test
    void anIpv6AddressIsBracketedOnceForPgjdbc() {
        assertThat(PostgresEndpoint.named("h", "p", "d").of("2001:db8::7", 5432, "orders").pgHost())
                .isEqualTo("[2001:db8::7]");
        assertThat(new PostgresEndpoint("[2001:db8::7]", 5432, "orders").pgHost()).isEqualTo("[2001:db8::7]");
        assertThat(new PostgresEndpoint("10.0.1.7", 5432, "orders").pgHost()).isEqualTo("10.0.1.7");
        assertThat(new PostgresEndpoint("::1", 6543, "orders")).hasToString("[::1]:6543/orders");
    }

    @Test
    void theReportedHostIsRefusedNamingThePropertyAndTheRemedy() {
        assertThatThrownBy(() -> GRANTS.of(REPORTED_HOST, 5432, "postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ResourceProperties.Host is refused")
                .hasMessageContaining("']' at position 18 cannot be part of a host")
                .hasMessageContaining("give only the endpoint address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"host/db?x=", "host:1234", "host;", "my host", " host", "host ", "host%eth0", "fe80::1%eth0",
        "host\nX-Forged: 1", "user@host", "host?sslmode=disable", "host&sslmode=disable", "host,other",
        "host#x", "h\u0000", "höst.example", "[host]", "[10.0.0.1]", "[::1", "::1]", "[[::1]]", "[]", "",
        "-host.example", "host-.example", "a..b", ".host", "host.", "1.2.3", "1.2.3.4.5", "256.1.1.1",
        "01.2.3.4", "127.1", "example.123", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:::2", "12345::1",
        "g::1", "1.2.3.4::", "::1.2.3", "host\\x", "host\t"})
    void hostileOrMalformedHostsAreRefused(String host) {
        assertThatThrownBy(() -> GRANTS.of(host, 5432, "postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ResourceProperties.Host is refused ('");
    }

    @Test
    void overLongLabelsAndNamesAreRefusedWithTheirLength() {
        String label63 = "a".repeat(63);
        assertThat(GRANTS.of(label63 + ".example", 5432, "postgres").host()).startsWith("aaa");
        assertThatThrownBy(() -> GRANTS.of("a".repeat(64) + ".example", 5432, "postgres"))
                .hasMessageContaining("a label has 64 characters; DNS allows 63");
        String name254 = String.join(".", label63, label63, label63, "a".repeat(62));
        assertThatThrownBy(() -> GRANTS.of(name254, 5432, "postgres"))
                .hasMessageContaining("it has 254 characters; DNS allows 253")
                .hasMessageContaining("... (254 characters)");
    }

    @Test
    void controlCharactersAreEscapedInTheMessageSoItCannotForgeLogLines() {
        assertThatThrownBy(() -> GRANTS.of("host\nERROR forged", 5432, "postgres"))
                .hasMessageContaining("'host\\u000aERROR forged'")
                .hasMessageContaining("'\\u000a' at position 5")
                .message().doesNotContain("\n");
    }

    @Test
    void aPortIsAWholeNumberFromOneTo65535AndNothingMore() {
        assertThat(GRANTS.parse("localhost", "5432", "postgres").port()).isEqualTo(5432);
        assertThat(GRANTS.parse("localhost", "1", "postgres").port()).isEqualTo(1);
        assertThat(GRANTS.parse("localhost", "65535", "postgres").port()).isEqualTo(65535);
        for (String port : new String[] {"5432?sslmode=disable", "5432/postgres", " 5432", "+5432", "-1", "0",
            "65536", "123456", "5432 ", "0x10", "", "5432\n"}) {
            assertThatThrownBy(() -> GRANTS.parse("localhost", port, "postgres")).as(port)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("ResourceProperties.Port is");
        }
        assertThatThrownBy(() -> GRANTS.parse("localhost", "5432?sslmode=disable", "postgres"))
                .hasMessageContaining("'?' at position 5 is not a digit");
        assertThatThrownBy(() -> GRANTS.of("localhost", 70000, "postgres"))
                .hasMessage("ResourceProperties.Port is 70000: a TCP port is a whole number from 1 to 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "orders", "Orders_2", "_private", "a", "db_" + "x"})
    void databaseIdentifiersAreAccepted(String database) {
        assertThat(GRANTS.of("localhost", 5432, database).database()).isEqualTo(database);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres?sslmode=disable", "db&x=", "my db", "db/other", "db%20", "db;", "db\n",
        "1db", "db-name", "db.name", "db$", "\"db\"", "dbé", ""})
    void databaseNamesThatAreNotPlainIdentifiersAreRefused(String database) {
        assertThatThrownBy(() -> GRANTS.of("localhost", 5432, database))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ResourceProperties.Database is refused ('")
                .hasMessageContaining("give a database name of ASCII letters, digits and underscores");
    }

    @Test
    void aDatabaseNameIsAtMost63Characters() {
        assertThat(GRANTS.of("localhost", 5432, "d".repeat(63)).database()).hasSize(63);
        assertThatThrownBy(() -> GRANTS.of("localhost", 5432, "d".repeat(64))).hasMessageContaining("64 characters");
    }

    @Test
    void theRecordItselfChecksUnderPlainNames() {
        assertThatThrownBy(() -> new PostgresEndpoint("host:1234", 5432, "postgres")).hasMessageStartingWith("host is");
        assertThatThrownBy(() -> new PostgresEndpoint("localhost", 0, "postgres")).hasMessageStartingWith("port is");
        assertThatThrownBy(() -> new PostgresEndpoint("localhost", 5432, "db&x=")).hasMessageStartingWith("database is");
        assertThatThrownBy(() -> new PostgresEndpoint(null, 5432, "postgres")).hasMessageContaining("it is empty");
    }
}
