package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.rdsiamreplication.contract.SslMode;
import java.net.ServerSocket;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which real pgjdbc connection failures count as "nothing answered" (retried, and forgiven on Delete)
 * and which are a server that answered and refused (failed at once, never forgiven).
 */
class NetworkFailuresTest {
    private static SQLException failureOpening(String host, int port, String password) {
        ConnectionSettings settings = new ConnectionSettings(host, port, "postgres", SslMode.DISABLE, null);
        return catchThrowableOfType(SQLException.class, () -> DatabaseConnector.PGJDBC.open(settings,
                new AdminCredentials(PostgresServers.ADMIN, password)).close());
    }

    @Test
    void aRefusedConnectionAndAnUnknownHostAreTheNetwork() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SQLException refused = failureOpening("localhost", closedPort, "x");
        SQLException unknownHost = failureOpening("no-such-host.invalid", 5432, "x");

        assertThat(NetworkFailures.isNetwork(refused)).as(refused.toString()).isTrue();
        assertThat(NetworkFailures.isNetwork(unknownHost)).as(unknownHost.toString()).isTrue();
        assertThat(NetworkFailures.isRetryable(refused)).isTrue();
    }

    @Test
    void aWrongPasswordIsARefusalNotTheNetwork() {
        SQLException wrongPassword = failureOpening("localhost", PostgresServers.postgres16().getPort(), "wrong-pw");

        assertThat(wrongPassword.getSQLState()).isEqualTo("28P01");
        assertThat(NetworkFailures.isNetwork(wrongPassword)).isFalse();
        assertThat(NetworkFailures.isRetryable(wrongPassword)).isFalse();
        assertThat(NetworkFailures.remedy(wrongPassword.getSQLState())).contains("admin secret");
    }

    @Test
    void pgjdbcsLoginTimeoutIsTheNetworkButAStartingServerOnlyRetries() {
        assertThat(NetworkFailures.isNetwork(new SQLException("Connection attempt timed out.", "08001"))).isTrue();
        SQLException startingUp = new SQLException("the database system is starting up", "57P03");
        assertThat(NetworkFailures.isNetwork(startingUp)).isFalse();
        assertThat(NetworkFailures.isRetryable(startingUp)).isTrue();
    }
}
