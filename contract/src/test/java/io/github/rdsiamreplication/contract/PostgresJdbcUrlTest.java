package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresJdbcUrlTest {
    @Test
    void aHostNameOrIpv4AddressStandsAsItIs() {
        assertThat(PostgresJdbcUrl.of("db.abc.eu-west-1.rds.amazonaws.com", 5432, "orders"))
                .isEqualTo("jdbc:postgresql://db.abc.eu-west-1.rds.amazonaws.com:5432/orders");
        assertThat(PostgresJdbcUrl.of("10.0.1.7", 6543, "orders")).isEqualTo("jdbc:postgresql://10.0.1.7:6543/orders");
    }

    @Test
    void anIpv6AddressIsBracketedOnceSoItsColonsAreNotReadAsThePort() {
        assertThat(PostgresJdbcUrl.of("2001:db8::7", 5432, "orders")).isEqualTo("jdbc:postgresql://[2001:db8::7]:5432/orders");
        assertThat(PostgresJdbcUrl.of("::1", 5432, "orders")).isEqualTo("jdbc:postgresql://[::1]:5432/orders");
        assertThat(PostgresJdbcUrl.of("[2001:db8::7]", 5432, "orders"))
                .isEqualTo("jdbc:postgresql://[2001:db8::7]:5432/orders");
    }

    @Test
    void theDatabaseNameIsEncodedSoItCannotAddParameters() {
        assertThat(PostgresJdbcUrl.of("localhost", 5432, "my db?sslmode=disable&x=/"))
                .isEqualTo("jdbc:postgresql://localhost:5432/my+db%3Fsslmode%3Ddisable%26x%3D%2F");
    }

    @Test
    void aMissingHostOrDatabaseIsRefused() {
        assertThatThrownBy(() -> PostgresJdbcUrl.of(" ", 5432, "orders")).hasMessageContaining("host");
        assertThatThrownBy(() -> PostgresJdbcUrl.of("localhost", 5432, "")).hasMessageContaining("database");
    }
}
