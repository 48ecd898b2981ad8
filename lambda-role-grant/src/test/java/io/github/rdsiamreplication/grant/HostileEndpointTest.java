package io.github.rdsiamreplication.grant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rdsiamreplication.lambdakit.InvalidRequestException;
import io.github.rdsiamreplication.lambdakit.LocalContext;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An event whose endpoint parts could carry JDBC URL text, even one the allow-list names (whoever can
 * write the allow-list and invoke the function), is refused before the admin secret is read and
 * before any connection: the secret reader and the connection opener here fail the test if asked.
 * In 0.1.0 the reported Host below was spliced into the URL, whose {@code sslmode=disable} beat
 * {@code verify-full} (see the contract's {@code PgjdbcTlsTest}).
 */
class HostileEndpointTest {
    private static Map<String, Object> handle(Map<String, Object> event) {
        RoleGrantHandler handler = new RoleGrantHandler(() -> TestTargets.of(event), () -> Events.ID_KEY,
                () -> {
                    throw new AssertionError("the admin secret was read");
                },
                ConnectionSettings::forRds,
                (settings, credentials) -> {
                    throw new SQLException("a connection was tried");
                },
                Clock.systemUTC());
        return handler.handleRequest(event, LocalContext.recording(20_000));
    }

    private static Map<String, Object> props(String key, String value) {
        Map<String, Object> props = Events.properties(5432, List.of("debezium"));
        props.put("SslMode", "verify-full");
        props.put(key, value);
        return props;
    }

    @Test
    void theReportedHostIsRefusedOnCreateAndDeleteBeforeTheSecretIsRead() {
        Map<String, Object> props = props("Host", "[::ffff:127.0.0.1]:5432/postgres?sslmode=disable&x=");

        assertThatThrownBy(() -> handle(Events.create("Grants", props)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("refused before reading the admin secret: ResourceProperties.Host is refused");
        assertThatThrownBy(() -> handle(Events.delete("Grants", Events.physicalId("Grants", props), props)))
                .hasMessageContaining("ResourceProperties.Host is refused").hasMessageStartingWith("Delete failed");
    }

    @Test
    void hostsAndDatabasesThatAreNotWhatTheyClaimAreRefusedNamingTheProperty() {
        for (String host : new String[] {"host/db?x=", "host:1234", "host;", "my host", "host%eth0", "host\nx",
            "admin@host", "a".repeat(64) + ".example"}) {
            assertThatThrownBy(() -> handle(Events.create("Grants", props("Host", host)))).as(host)
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ResourceProperties.Host is refused");
        }
        for (String database : new String[] {"postgres?sslmode=disable", "db&x="}) {
            assertThatThrownBy(() -> handle(Events.create("Grants", props("Database", database)))).as(database)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("ResourceProperties.Database is refused");
        }
        assertThatThrownBy(() -> handle(Events.create("Grants", props("Port", "5432?sslmode=disable"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ResourceProperties.Port");
    }
}
